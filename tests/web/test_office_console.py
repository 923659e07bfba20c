"""Issue 16, the office's desk in Chromium: log in as the office, the dashboard's figures are the API's, the
project list filters, a project page shows every part of the dossier, the session survives a reload (silent
refresh through the httpOnly cookie) and logout ends it, a missing project says 不存在或无权查看, and a stopped
service leaves its part 暂不可用 while the rest shows. Each page passes axe-core with no serious or critical
violation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
REGION = "410324"


def money(value: str) -> str:
    """The console's money format: 万元 with two decimals, 亿元 from 1 亿 (10000 万元) up."""
    n = Decimal(value)
    return f"{n / 10000:,.2f}亿元" if abs(n) >= 10000 else f"{n:,.2f}万元"


def dashboard_of(console):
    with console.api() as api:
        resp = api.get("/api/v1/dashboard", params={"region_code": REGION})
        assert resp.status_code == 200, resp.text
        return resp.json()


async def test_the_dashboard_shows_the_countys_figures_from_the_api(office, console):
    view = dashboard_of(console)
    totals = view["statistics"]["totals"]
    assert totals["projects"] > 0 and view["problems"]["open"] > 0 and view["ranking"]

    await office.get_by_test_id("projects-count").wait_for()
    assert await office.get_by_role("heading", level=1).inner_text() == f"挂图作战 · 栾川县 {view['year']}年"
    assert await office.get_by_test_id("projects-count").inner_text() == f"{totals['projects']}个"
    assert await office.get_by_test_id("total-investment").inner_text() == money(totals["total_investment"])
    problems = await office.get_by_test_id("problems").inner_text()
    assert f"未办结 {view['problems']['open']} 个" in problems
    praised = view["ranking"]["praise"][0]["subject_name"]
    assert praised in await office.get_by_text("表扬（前列）").locator("..").inner_text()
    meeting = view["upcoming_meetings"][0]["title"]
    await office.get_by_text(meeting).first.wait_for()  # other tests may hold a meeting of the same name today
    assert await office.locator("canvas").count() >= 5  # stage, system, lights, completion, problems, map
    assert await serious_violations(office) == []


def percent(value: str | None) -> str:
    return "—" if value is None else f"{Decimal(value):.2f}%"


async def test_the_dashboard_shows_the_years_key_rates_from_the_api(office, console):
    """开工率, 联审联批完成率, funds in place and the projects stating demolition progress, as the API's key_rates
    say."""
    rates = dashboard_of(console)["key_rates"]
    await office.get_by_test_id("key-rates").wait_for()
    assert await office.get_by_test_id("start-rate").inner_text() == percent(rates["start_rate"]["rate"])
    assert await office.get_by_test_id("procedure-rate").inner_text() == percent(
        rates["procedure_completion"]["rate"])
    assert await office.get_by_test_id("funds-in-place").inner_text() == money(rates["funds_in_place"])
    assert await office.get_by_test_id("demolition-projects").inner_text() == f"{rates['demolition_projects']}个"
    assert f"计划新开工 {rates['start_rate']['planned']} 个" in await office.get_by_test_id("key-rates").inner_text()
    assert await serious_violations(office) == []


async def test_the_project_list_filters_by_keyword_and_by_stage_as_the_api_does(office, console):
    with console.api() as api:
        page_one = api.get("/api/v1/projects", params={"region_code": REGION, "year": dashboard_of(console)["year"],
                                                      "limit": 50}).json()
        first = page_one["items"]
        assert page_one["next_cursor"], "the demo county's list should fill more than one page of 50"
        second = api.get("/api/v1/projects", params={"region_code": REGION, "year": dashboard_of(console)["year"],
                                                    "limit": 50, "cursor": page_one["next_cursor"]}).json()["items"]
        keyword = first[0]["name"][:6]
        expected = api.get("/api/v1/projects", params={"region_code": REGION, "year": dashboard_of(console)["year"],
                                                      "q": keyword, "limit": 50}).json()["items"]
        stage = first[0]["stage"]
        by_stage = api.get("/api/v1/projects", params={"region_code": REGION, "year": dashboard_of(console)["year"],
                                                      "stage": stage, "limit": 50}).json()["items"]

    await office.get_by_role("menuitem", name="项目库").click()
    table = office.get_by_test_id("project-table")
    await table.get_by_text(first[0]["name"]).wait_for()
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="下一页").click()  # keyset paging: the API's next_cursor
    await office.get_by_text(f"第 2 页，本页 {len(second)} 个项目").wait_for()
    assert await table.locator("tbody tr td:first-child").all_inner_texts() == [p["name"] for p in second]
    await office.get_by_role("button", name="上一页").click()
    await office.get_by_text(f"第 1 页，本页 {len(first)} 个项目").wait_for()

    await office.get_by_label("关键字").fill(keyword)
    await office.get_by_role("button", name="查询").click()
    await office.wait_for_url(lambda url: "/projects?q=" in url)
    await office.get_by_text(f"本页 {len(expected)} 个项目").wait_for()
    names = await table.locator("tbody tr td:first-child").all_inner_texts()
    assert names == [p["name"] for p in expected]

    await office.get_by_role("button", name="选择列").click()
    columns = office.locator(".el-popover")
    await columns.get_by_text("项目编号", exact=True).click()
    await office.wait_for_function(
        "![...document.querySelectorAll('thead th')].some(th => th.innerText.trim() === '项目编号')")
    await columns.get_by_text("行业", exact=True).click()
    await table.get_by_role("columnheader", name="行业").wait_for()

    async with office.expect_download() as download:
        await office.get_by_role("button", name="导出一览表").click()
    saved = await (await download.value).path()
    assert saved.read_bytes()[:2] == b"PK"  # an .xlsx (a zip)
    assert (await download.value).suggested_filename.endswith("重点项目一览表.xlsx")

    await office.goto(f"/projects?stage={stage}")  # the address a dashboard figure links to
    await office.get_by_text(f"本页 {len(by_stage)} 个项目").wait_for()
    names = await table.locator("tbody tr td:first-child").all_inner_texts()
    assert names == [p["name"] for p in by_stage]


async def test_a_project_page_shows_every_part_of_the_dossier(office, console):
    view = dashboard_of(console)
    project_id = view["problems"] and next(p["project_id"] for p in view["map_points"])
    with console.api() as api:
        dossier = api.get(f"/api/v1/dossiers/{project_id}").json()
    await office.goto(f"/projects/{project_id}")
    await office.get_by_role("heading", level=1, name=dossier["project"]["name"]).wait_for()
    for section in ("基本信息", "项目团队", "节点计划", "手续办理", "进度报告", "亮灯情况", "问题", "督办函",
                    "会议与议定事项", "考核得分"):
        await office.get_by_text(section, exact=True).first.wait_for()
    basics = await office.get_by_test_id("basics").inner_text()
    assert dossier["project"]["code"] in basics and money(dossier["project"]["total_investment"]) in basics
    for member in dossier["project"]["team"]:
        await office.get_by_text(member["person_name"], exact=True).first.wait_for()
    assert await office.locator("[data-unavailable]").count() == 0
    assert await serious_violations(office) == []


async def test_a_project_that_does_not_exist_says_so(office):
    await office.goto("/projects/3f1c0a2e-0000-4000-8000-000000000000")
    await office.get_by_text("不存在或无权查看").wait_for()


async def test_a_reload_keeps_the_session_and_logout_ends_it(office, console):
    await office.reload()
    await office.get_by_test_id("projects-count").wait_for()  # silent refresh: not sent back to login
    assert "/login" not in office.url
    await office.get_by_role("button", name="退出登录").click()
    await office.wait_for_url("**/login")
    await office.goto("/")
    await office.wait_for_url(lambda url: "/login?next=" in url)  # the refresh cookie's login is revoked


async def test_the_login_page_tells_a_wrong_password_in_chinese(browser, console):
    context = await browser.new_context(base_url=console.url, locale="zh-CN")
    page = await context.new_page()
    try:
        await page.goto("/")
        await page.wait_for_url(lambda url: "/login?next=" in url)
        assert await serious_violations(page) == []
        await page.get_by_label("用户名").fill("lc.office")
        await page.get_by_label("密码").fill("not-the-password")
        await page.get_by_role("button", name="登录").click()
        await page.get_by_role("alert").get_by_text("用户名或密码错误").first.wait_for()
    finally:
        await context.close()


async def test_a_unit_liaison_lands_on_their_to_dos_not_the_dashboard(browser, console):
    """Rule (issue 21): the unit liaison's home page is 我的待办; the dashboard is the office's (and leaders')."""
    context = await browser.new_context(base_url=console.url, locale="zh-CN")
    page = await context.new_page()
    try:
        await log_in(page, "lc.unit", console.password)
        await page.wait_for_url(f"{console.url}/unit")
        await page.get_by_role("heading", level=1, name="我的待办").wait_for()
        await page.goto("/")
        await page.wait_for_url(f"{console.url}/unit")
    finally:
        await context.close()


async def test_a_stopped_service_leaves_its_part_unavailable_and_the_rest_shown(office, console):
    await console.cluster.stop("issues")
    try:
        await office.reload()
        await office.get_by_test_id("projects-count").wait_for()
        problems = office.get_by_test_id("problems")
        await problems.get_by_text("暂不可用").wait_for()
        assert "问题台账服务" in await problems.inner_text()
    finally:
        await console.cluster.serve("issues")
