"""Issue 21, the scorer at the observation site (观摩打分) on a phone (390×844, touch): lc.scorer fills the sheets
of three projects, one project per screen in the route's order, with each criterion's range and the deadline
shown and the unscored count going down. In the middle the phone loses the network (Playwright's
``context.set_offline``): entries go on, are kept on the phone, and are sent when the network returns; nothing
entered is lost. After the submission the API shows every value entered, final. axe-core finds no serious or
critical violation, on the phone and at 200% zoom (a 195×422 CSS-pixel viewport at device scale factor 4: the
390 px phone with the page zoomed to 200%)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
SCORER = "lc.scorer"
REGION = "410324"
CRITERIA = [{"code": "progress", "name": "目标完成情况", "min": "0", "max": "60"},
            {"code": "quality", "name": "建设质量", "min": "0", "max": "40"}]
# per project in route order: the scores typed for each criterion
ENTERED = [("52.5", "36"), ("48", "30.5"), ("55", "38")]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _open_round(console) -> tuple[dict, list[dict]]:
    """A round for lc.scorer as the office opens it (the demo has none): three projects on the route."""
    with console.api(SCORER) as scorer:
        me = scorer.get("/api/v1/todos").json()["user"]
    with console.api() as office:
        projects = office.get("/api/v1/projects", params={"region_code": REGION, "limit": 20}).json()["items"][-3:]
        resp = office.post("/api/v1/scoring-rounds", json={
            "region_code": REGION, "name": f"重点项目观摩 {secrets.token_hex(2)}", "period": f"{date.today().year}",
            "deadline": (date.today() + timedelta(days=3)).isoformat(), "criteria": CRITERIA,
            "project_ids": [p["id"] for p in projects], "scorers": [{"id": me, "name": "周评分人"}]})
        assert resp.status_code == 201, resp.text
    return resp.json(), projects


async def _phone(browser, console, **extra):
    context = await browser.new_context(base_url=console.url, locale="zh-CN", **{**PHONE, **extra})
    page = await context.new_page()
    await log_in(page, SCORER, console.password)
    await page.wait_for_url(f"{console.url}/scoring/sheets")  # a login that only scores lands on its sheets
    return context, page


async def _fill(page, criterion: str, value: str) -> None:
    card = page.get_by_test_id("project-card")
    await card.get_by_label(criterion).fill(value)


async def test_a_scorer_fills_three_sheets_through_a_dropped_connection_and_submits(browser, console):
    rnd, projects = _open_round(console)
    context, page = await _phone(browser, console)
    status = page.get_by_test_id("net-status")
    card = page.get_by_test_id("project-card")
    await card.get_by_role("heading", name=projects[0]["name"]).wait_for()  # the route's first stop
    await page.get_by_text(rnd["name"]).wait_for()
    assert "截止：" in await page.locator("main").inner_text()
    assert "（0–60 分）" in await card.inner_text() and "（0–40 分）" in await card.inner_text()
    assert (await page.get_by_test_id("unscored").inner_text()) == "未打分 6 项"

    # stop 1, online: each entry reaches the server as a draft
    await _fill(page, "目标完成情况", ENTERED[0][0])
    await _fill(page, "建设质量", ENTERED[0][1])
    await page.get_by_text("已保存").wait_for()
    assert await page.get_by_test_id("unscored").inner_text() == "未打分 4 项"
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="下一个项目").click()

    # stop 2: the network drops after the first entry
    await card.get_by_role("heading", name=projects[1]["name"]).wait_for()
    await _fill(page, "目标完成情况", ENTERED[1][0])
    await page.get_by_text("已保存").wait_for()
    await context.set_offline(True)
    await _fill(page, "建设质量", ENTERED[1][1])
    await status.get_by_text("离线").wait_for()
    await page.get_by_role("button", name="下一个项目").click()

    # stop 3, still offline: entries go on and are kept on the phone
    await card.get_by_role("heading", name=projects[2]["name"]).wait_for()
    await _fill(page, "目标完成情况", ENTERED[2][0])
    await _fill(page, "建设质量", ENTERED[2][1])
    assert await status.inner_text() == "离线：3 项暂存本机，联网后自动上传"
    assert await page.get_by_test_id("unscored").inner_text() == "未打分 0 项"
    assert await page.get_by_role("button", name="提交评分").is_disabled()  # not while entries wait
    kept = await page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('tuijin.scorer.pending'))"
                               ".map((k) => Object.keys(JSON.parse(localStorage.getItem(k))).length)")
    assert kept == [3]

    # the network returns: what was kept goes to the server
    await context.set_offline(False)
    await status.get_by_text("已保存").wait_for(timeout=15000)
    with console.api(SCORER) as scorer:
        sheets = scorer.get("/api/v1/score-sheets", params={"round_id": rnd["id"], "limit": 200}).json()["items"]
    assert all(s["score"] is not None and s["submitted_at"] is None for s in sheets)  # drafts, all there

    await page.get_by_role("button", name="提交评分").click()
    await page.get_by_role("button", name="确认提交").click()
    await page.get_by_text("本轮评分已提交，不能再修改。").wait_for()
    assert await serious_violations(page) == []
    await context.close()

    with console.api(SCORER) as scorer:
        sheets = scorer.get("/api/v1/score-sheets", params={"round_id": rnd["id"], "limit": 200}).json()["items"]
    by = {(s["project_id"], s["criterion"]): s for s in sheets}
    for project, (progress, quality) in zip(projects, ENTERED, strict=True):
        assert float(by[(project["id"], "progress")]["score"]) == float(progress)
        assert float(by[(project["id"], "quality")]["score"]) == float(quality)
    assert all(s["submitted_at"] for s in sheets)
    assert [s["route_order"] for s in sheets[::2]] == [0, 1, 2]


async def test_the_scorer_page_at_200_percent_zoom(browser, console):
    """200% zoom of the 390 px phone: a 195 px wide CSS viewport at device scale factor 4; nothing scrolls
    sideways and axe-core finds no serious or critical violation."""
    _open_round(console)
    context, page = await _phone(browser, console, viewport={"width": 195, "height": 422}, device_scale_factor=4)
    await page.get_by_test_id("project-card").wait_for()
    await page.get_by_test_id("unscored").wait_for()
    assert await page.evaluate("() => document.documentElement.scrollWidth") <= 195
    assert await serious_violations(page) == []
    await context.close()
