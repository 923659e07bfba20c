"""开工率 and 联审联批完成率 in the statistics (清水, 郸城: start rate and joint approval completion targets of 100%),
with funds in place (到位资金) and demolition progress (征迁) from the progress reports."""

from __future__ import annotations

from datetime import datetime

from tests.xlsx_checks import data_rows, print_defects, sheets
from tuijin.kernel.clock import SHANGHAI, clock

REGION = "410324"


def _at(stack, county, month: int, day: int) -> None:
    clock.set(datetime(2026, month, day, 10, tzinfo=SHANGHAI), frozen=True)
    county.office = stack.auth("office", region=REGION)


async def _on_list(county, code: str, stage: str, year: int = 2026) -> dict:
    project = await county.project(code, stage=stage)
    resp = await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/{year}",
                                   json={"planned_investment": "1000"}, headers=county.office)
    assert resp.status_code == 200, resp.text
    return project


async def _stats(county, query: str = "") -> dict:
    resp = await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026{query}", headers=county.office)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_start_rate_is_planned_new_starts_started_by_the_date(county, stack):
    """开工率 = planned new starts (计划新开工 on the year's list, including those that moved to 在建 this year) started
    by the date (moved to 在建, or an actual 开工 date) ÷ planned. A continuing project (在建 from the start) and a
    project not on the year's list are not planned new starts; a start after the date does not count yet."""
    _at(stack, county, 3, 2)
    a = await _on_list(county, "A", "new_start")
    b = await _on_list(county, "B", "new_start")
    await _on_list(county, "C", "new_start")
    await _on_list(county, "D", "new_start")
    await _on_list(county, "E", "under_construction")  # 续建: not a new start
    await county.project("F", stage="new_start")  # on no list of 2026
    _at(stack, county, 4, 15)
    moved = await county.client.post(f"/api/v1/projects/{a['id']}/stage-changes",
                                     json={"to_stage": "under_construction", "reason": "开工"}, headers=county.office)
    assert moved.status_code == 201, moved.text
    node = await county.client.post(f"/api/v1/projects/{b['id']}/milestones", headers=county.office, json={
        "name": "开工", "kind": "start", "planned_date": "2026-05-06", "actual_date": "2026-04-14"})
    assert node.status_code == 201, node.text

    rate = (await _stats(county))["start_rate"]
    assert rate == {"by": "2026-04-15", "planned": 4, "started": 2, "rate": "50.00"}
    before = (await _stats(county, "&start_by=2026-04-14"))["start_rate"]
    assert (before["planned"], before["started"], before["rate"]) == (4, 1, "25.00")  # A moved on the 15th
    assert (await _stats(county, "&start_by=2026-03-31"))["start_rate"]["started"] == 0


async def test_procedure_completion_is_done_over_the_procedures_that_are_needed(county, stack):
    """联审联批完成率 = done ÷ procedures of the year's list's projects; a procedure marked not needed counts for
    neither side; a project off the year's list does not count."""
    _at(stack, county, 3, 2)
    a = await _on_list(county, "A", "new_start")
    off = await county.project("X", stage="new_start")
    types = []
    names = (("t_eia", "环评批复"), ("t_land", "用地预审批复"), ("t_plan", "规划选址意见"), ("t_fire", "消防审查"))
    for code, name in names:
        resp = await county.client.post("/api/v1/procedure-types", headers=county.office,
                                         json={"region_code": REGION, "code": code, "name": name})
        assert resp.status_code == 201, resp.text
        types.append(resp.json()["id"])
    procedures = []
    for t in types:
        resp = await county.client.post(f"/api/v1/projects/{a['id']}/procedures", headers=county.office,
                                        json={"procedure_type_id": t})
        assert resp.status_code == 201, resp.text
        procedures.append(resp.json()["id"])
    await county.client.post(f"/api/v1/projects/{off['id']}/procedures", headers=county.office,
                             json={"procedure_type_id": types[0]})
    url = f"/api/v1/projects/{a['id']}/procedures"
    done = await county.client.post(f"{url}/{procedures[0]}/status-changes", headers=county.office, json={
        "status": "done", "approval_number": "栾环审〔2026〕8号", "approval_date": "2026-03-01"})
    assert done.status_code in (200, 201), done.text
    skipped = await county.client.post(f"{url}/{procedures[1]}/status-changes", headers=county.office, json={
        "status": "not_needed", "reason": "利用存量建设用地，无需用地预审"})
    assert skipped.status_code in (200, 201), skipped.text
    completion = (await _stats(county))["procedure_completion"]
    assert completion == {"total": 3, "done": 1, "not_needed": 1, "rate": "33.33"}


async def test_funds_in_place_and_demolition_come_from_the_counted_reports(county, stack):
    """到位资金 sums the funds in place of the year's submitted reports through the last period counted; 征迁 shows
    each project's latest stated demolition progress; a draft is not counted."""
    _at(stack, county, 5, 1)
    a = await _on_list(county, "A", "under_construction")
    b = await _on_list(county, "B", "under_construction")
    for project, period, funds, demolition, submit in (
            (a, "2026-04", "300.50", "已完成征收120户", True), (a, "2026-05", "200", "", True),
            (b, "2026-05", "999", "全部完成", False)):
        _at(stack, county, int(period[-2:]), 20)
        resp = await county.client.post(f"/api/v1/projects/{project['id']}/progress-reports", headers=county.office,
                                        json={"period": period, "investment_completed": "100", "funds_in_place": funds,
                                              "demolition_progress": demolition, "physical_progress": "施工中",
                                              "submit": submit})
        assert resp.status_code == 201, resp.text
    _at(stack, county, 6, 1)
    stats = await _stats(county)
    assert stats["completion"]["through"] == "2026-05-31"
    assert stats["funds_in_place"] == "500.50"
    assert [(d["code"], d["period_end"], d["progress"]) for d in stats["demolition"]] == [
        ("A", "2026-04-30", "已完成征收120户")]


async def test_the_statistics_workbook_shows_the_rates_and_the_demolition_progress(county, stack):
    """The monthly statistics workbook carries 开工率 and 联审联批完成率 (counts and rate), funds in place in a note,
    and a sheet of demolition progress; every sheet print-ready."""
    _at(stack, county, 5, 1)
    a = await _on_list(county, "A", "new_start")
    await _on_list(county, "B", "new_start")
    await county.client.post(f"/api/v1/projects/{a['id']}/stage-changes",
                             json={"to_stage": "under_construction", "reason": "开工"}, headers=county.office)
    _at(stack, county, 5, 20)
    resp = await county.client.post(f"/api/v1/projects/{a['id']}/progress-reports", headers=county.office,
                                    json={"period": "2026-05", "investment_completed": "100", "funds_in_place": "88",
                                          "demolition_progress": "完成征收30户", "physical_progress": "基础施工",
                                          "submit": True})
    assert resp.status_code == 201, resp.text
    _at(stack, county, 6, 1)
    resp = await county.client.get(f"/api/v1/statistics/export.xlsx?region_code={REGION}&year=2026",
                                   headers=county.office)
    assert resp.status_code == 200, resp.text
    book = sheets(resp.content)
    rates = data_rows(book["开工率与手续"])
    assert rates[0][:4] == ("开工率", 2, 1, 0.5)
    assert rates[1][0] == "联审联批完成率" and rates[1][3] is None
    assert any("到位资金：88.00万元" in str(c.value) for row in book["开工率与手续"].iter_rows() for c in row)
    assert [r[0] for r in data_rows(book["征迁进展"])] == ["A"]
    for name, ws in book.items():
        assert print_defects(ws) == [], name
