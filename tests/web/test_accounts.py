"""Issue 17, accounts the office runs, in Chromium: the office resets a liaison's password on 账号管理 and sees the
one-time password once; the liaison logs in with it, is taken to the password change screen and can reach
nothing else until the password is changed; then the console is theirs. Each page passes axe-core with no serious
or critical violation."""

from __future__ import annotations

import uuid

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
NEW_PASSWORD = "Jiaotong-luanchuan-1205"


async def test_an_office_resets_a_liaisons_password_and_the_liaison_must_change_it_at_login(office, browser, console):
    username = f"aa.web.{uuid.uuid4().hex[:6]}"  # sorts first: on the first page of the region's accounts
    with console.api() as api:
        created = api.post("/api/v1/users", json={
            "username": username, "display_name": "交通运输局 网页联络员", "roles": ["unit"],
            "password": "Luanchuan-xiangmu-2026"})
        assert created.status_code == 201, created.text

    await office.get_by_role("menuitem", name="账号管理").click()
    row = office.get_by_test_id("account-table").locator("tr", has_text=username)
    await row.wait_for()
    assert "从未登录" in await row.inner_text()
    assert await serious_violations(office) == []
    await row.get_by_role("button", name="重置密码").click()
    await office.get_by_role("button", name="重置", exact=True).click()
    shown = office.get_by_test_id("one-time-password")
    await shown.wait_for()
    one_time = (await shown.inner_text()).strip()
    assert len(one_time) >= 10
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="我已记下").click()
    await row.get_by_text("待改密").wait_for()

    context = await browser.new_context(base_url=console.url, locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        await log_in(page, username, one_time)
        await page.wait_for_url(lambda url: "/password" in url)
        await page.get_by_test_id("must-change").wait_for()
        assert await serious_violations(page) == []
        assert await page.get_by_role("menuitem").count() == 0  # no menu: nothing else until the change
        await page.get_by_label("当前密码").fill(one_time)
        await page.get_by_label("新密码", exact=True).fill(username + "-2026")
        await page.get_by_label("确认新密码").fill(username + "-2026")
        await page.get_by_role("button", name="确认修改").click()
        await page.get_by_text("密码不能包含用户名").wait_for()  # the API's policy, in Chinese
        await page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
        await page.get_by_label("确认新密码").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="确认修改").click()
        await page.wait_for_url(lambda url: "/password" not in url and "/login" not in url)
        await page.get_by_role("button", name="退出登录").wait_for()
    finally:
        await context.close()

    with console.api() as api:
        user = api.get(f"/api/v1/users/{created.json()['id']}").json()
    assert user["must_change_password"] is False and user["last_login_at"] is not None
