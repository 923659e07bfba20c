"""Issue 16, the office's desk in Chromium: 一览表 import shows every row error at once and writes nothing; the office
verifies a submitted monthly report and sees its state change; it assigns a problem with a deadline and sees the
step in the problem's timeline. Each page passes axe-core with no serious or critical violation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.registry.project_lists.sheets import XLSX, make_xlsx, row
from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"


def zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def previous_month(today: date) -> str:
    first = today.replace(day=1) - timedelta(days=1)
    return f"{first.year}-{first.month:02d}"


async def test_an_import_with_a_bad_row_lists_every_row_error_and_writes_nothing(office, console, tmp_path):
    year = date.today().year
    bad_row = row(**{"项目编号": "LC-002", "项目名称": "栾川县城区供水管网改造", "总投资(万元)": "很多"})
    data = make_xlsx([row(), bad_row])
    with console.api() as api:
        before = api.get("/api/v1/projects", params={"region_code": REGION, "year": year, "limit": 200}).json()
        answer = api.post(f"/api/v1/project-lists/{REGION}/{year}/imports",
                          files={"file": ("一览表.xlsx", data, XLSX)})
        assert answer.status_code == 422, answer.text
        errors = answer.json()["errors"]
        assert "rows.4.总投资(万元)" in [e["field"] for e in errors]  # header on row 2, the bad row is the 4th
    path = tmp_path / "一览表.xlsx"
    path.write_bytes(data)

    await office.get_by_role("menuitem", name="一览表导入").click()
    await office.get_by_role("heading", level=1).get_by_text("一览表导入").wait_for()
    assert await serious_violations(office) == []
    await office.locator("#import-file").set_input_files(str(path))
    await office.get_by_role("button", name="导入", exact=True).click()
    table = office.get_by_test_id("import-errors")
    await table.locator("tbody tr").first.wait_for()
    shown = await table.locator("tbody tr").all_inner_texts()
    assert len(shown) == len(errors)  # every error at once, one row each
    bad = next(e for e in errors if e["field"] == "rows.4.总投资(万元)")
    assert any("4" in r and "总投资(万元)" in r and bad["message"] in r for r in shown)
    assert f"共 {len(errors)} 处错误，未写入任何数据" in await office.get_by_role("alert").first.inner_text()
    with console.api() as api:
        after = api.get("/api/v1/projects", params={"region_code": REGION, "year": year, "limit": 200}).json()
    assert [p["id"] for p in after["items"]] == [p["id"] for p in before["items"]]


def submitted_report(api) -> tuple[str, str, str]:
    """A submitted report of last month (created and submitted as the office when none is waiting): its id,
    period and project name."""
    period = previous_month(date.today())
    projects = api.get("/api/v1/projects", params={"region_code": REGION, "year": date.today().year,
                                                   "limit": 200}).json()["items"]
    waiting = api.get("/api/v1/progress-reports", params={"region_code": REGION, "period": period,
                                                          "status": "submitted", "limit": 200}).json()["items"]
    names = {p["id"]: p["name"] for p in projects}
    for r in waiting:
        if r["project_id"] in names:
            return r["id"], period, names[r["project_id"]]
    reported = {r["project_id"] for r in api.get("/api/v1/progress-reports", params={
        "region_code": REGION, "period": period, "limit": 200}).json()["items"]}
    project = next(p for p in projects if p["id"] not in reported)
    resp = api.post(f"/api/v1/projects/{project['id']}/progress-reports", json={
        "period": period, "investment_completed": "320.00", "funds_in_place": "300.00",
        "physical_progress": "主体结构施工中", "submit": True})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"], period, project["name"]


async def test_the_office_verifies_a_submitted_report_and_sees_it_verified(office, console):
    with console.api() as api:
        report_id, period, name = submitted_report(api)

    await office.get_by_role("menuitem", name="审核").click()
    await office.get_by_label("月份").fill(period)
    await office.get_by_role("button", name="查询").click()
    table = office.get_by_test_id("report-table")
    await table.get_by_role("button", name=name, exact=True).click()
    detail = office.get_by_test_id("report-detail")
    assert await detail.get_by_test_id("report-status").inner_text() == "已报送"
    assert await serious_violations(office) == []
    await detail.get_by_role("button", name="核实", exact=True).click()
    await detail.get_by_test_id("report-status").get_by_text("已核实").wait_for()
    assert await detail.get_by_role("button", name="核实", exact=True).count() == 0  # a verified report offers no step
    # the history is read again after the step: wait for its new line rather than read it at once
    await detail.get_by_test_id("report-history").get_by_text("已报送 → 已核实").wait_for()
    with console.api() as api:
        assert api.get(f"/api/v1/progress-reports/{report_id}").json()["status"] == "verified"


def weekday_ahead(days: int) -> date:
    day = date.today() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def test_the_office_assigns_a_problem_with_a_deadline_and_sees_it_in_the_timeline(office, console):
    with console.api() as api:
        problems = api.get("/api/v1/problems", params={"region_code": REGION, "open_only": True,
                                                       "limit": 50}).json()["items"]
    problem = problems[0]
    deadline = weekday_ahead(30)
    yesterday = date.today() - timedelta(days=1)
    with console.api() as api:  # a deadline already past is refused (and writes nothing): its Chinese message
        refused = api.post(f"/api/v1/problems/{problem['id']}/assign", json={
            "unit_id": problem["responsible_unit_id"], "deadline": yesterday.isoformat(), "reason": "测试"})
        assert refused.status_code == 422, refused.text
        refusal = refused.json()["message"]

    await office.get_by_role("link", name="查看问题台账").click()  # from the dashboard's problem figures
    await office.wait_for_url(lambda url: url.endswith("/desk/problems?open_only=true"))
    ledger = office.get_by_test_id("problem-table")
    await ledger.get_by_text(problem["description"]).first.wait_for()
    assert await serious_violations(office) == []
    await office.goto(f"/desk/problems/{problem['id']}")
    await office.get_by_test_id("problem-facts").get_by_text(problem["description"]).wait_for()
    assert await office.get_by_role("button", name="核实销号").count() == 0  # an open problem is not closed yet
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="交办", exact=True).click()
    picker = office.get_by_label("办理时限")
    await picker.fill(yesterday.isoformat())
    await picker.press("Enter")
    await office.get_by_role("button", name="确认交办").click()
    await office.get_by_text(refusal).wait_for()  # the step's refusal, as the API words it in Chinese
    await picker.fill("")
    await picker.fill(deadline.isoformat())
    await picker.press("Enter")
    await office.get_by_label("理由").fill("请于时限内完成用地预审")
    await office.get_by_role("button", name="确认交办").click()
    timeline = office.get_by_test_id("problem-timeline")
    await timeline.get_by_text(f"时限：{zh(deadline)}").wait_for()
    assert "交办" in await timeline.inner_text()
    with console.api() as api:
        assert api.get(f"/api/v1/problems/{problem['id']}").json()["deadline"] == deadline.isoformat()
