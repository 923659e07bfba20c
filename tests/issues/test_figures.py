"""Figures from the timeline (counts for scoring, time at each level, days to close) and the .xlsx ledger."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from tests.xlsx_checks import chinese_file_name, column, data_rows, print_defects, sheets, totals_row
from tuijin.issues.problems.enums import ProblemLevel

PERIOD = {"region_code": "410324", "from": "2026-09-01", "to": "2026-12-31"}


async def test_stats_count_raised_closed_and_overdue_answers_by_unit_and_project(desk):
    await desk.project("LC-002", responsible_unit_id=desk.units["发改委"])
    closed = await desk.raise_problem()
    await desk.step(closed["id"], "resolve", {"resolution": "ok"})
    await desk.step(closed["id"], "close", {})
    await desk.raise_problem()
    await desk.raise_problem("LC-002")
    desk.at("2026-10-12")
    await desk.run("problem-timers")  # two answers overdue: 交通局's open one and 发改委's
    resp = await desk.client.get("/api/v1/problems/stats", params=PERIOD, headers=desk.service())
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["from"], body["to"]) == ("2026-09-01", "2026-12-31")
    assert (body["totals"]["raised"], body["totals"]["closed"], body["totals"]["overdue_answers"]) == (3, 1, 2)
    units = {u["unit_id"]: u for u in body["by_unit"]}
    transport, reform = units[desk.units["交通局"]], units[desk.units["发改委"]]
    assert (transport["raised"], transport["closed"], transport["overdue_answers"]) == (2, 1, 1)
    assert (reform["raised"], reform["closed"], reform["overdue_answers"]) == (1, 0, 1)
    projects = {p["project_id"]: p for p in body["by_project"]}
    assert projects[desk.projects["LC-001"]["id"]]["raised"] == 2
    assert projects[desk.projects["LC-002"]["id"]]["overdue_answers"] == 1


async def test_stats_count_only_steps_in_the_period(desk):
    await desk.raise_problem()
    resp = await desk.client.get("/api/v1/problems/stats", headers=desk.office(),
                                 params={**PERIOD, "from": "2026-10-01"})
    assert resp.json()["totals"]["raised"] == 0


async def test_stats_are_for_the_office_and_services_of_the_region(desk):
    resp = await desk.client.get("/api/v1/problems/stats", params=PERIOD, headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.client.get("/api/v1/problems/stats", params=PERIOD, headers=desk.office("410325"))
    assert resp.status_code == 403
    resp = await desk.client.get("/api/v1/problems/stats", headers=desk.office(),
                                 params={**PERIOD, "to": "2026-08-01"})
    assert resp.status_code == 400
    assert resp.json()["errors"][0]["field"] == "query.to"


async def test_metrics_give_working_days_at_each_level_and_to_close(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-13")
    await desk.run("problem-timers")  # team → system meeting after 6 working days
    desk.at("2026-10-15")
    await desk.step(problem["id"], "resolve", {"resolution": "体系例会协调解决"})
    await desk.step(problem["id"], "close", {})
    resp = await desk.client.get("/api/v1/problems/metrics", params=PERIOD, headers=desk.office())
    assert resp.status_code == 200, resp.text
    body = resp.json()
    levels = {lv["level"]: lv for lv in body["levels"]}
    assert (levels["team"]["exits"], levels["team"]["average_working_days"]) == (1, 6.0)
    assert (levels["system_meeting"]["exits"], levels["system_meeting"]["average_working_days"]) == (1, 2.0)
    assert levels["leadership"]["exits"] == 0
    assert body["average_days_to_close"] == 8.0
    assert body["overdue_answers"] == 1
    unit = next(u for u in body["by_unit"] if u["unit_id"] == desk.units["交通局"])
    assert (unit["closed"], unit["average_days_to_close"]) == (1, 8.0)
    assert unit["working_days_by_level"] == {"team": 6.0, "system_meeting": 2.0}


async def test_the_ledger_exports_as_a_workbook(desk):
    await desk.raise_problem(description="征迁户拒不搬迁", category="demolition")
    resp = await desk.client.get("/api/v1/problems/export.xlsx", params={"region_code": "410324"},
                                 headers=desk.office())
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet.title == "问题台账"
    header = [c.value for c in sheet[3]]  # under the title and the region line
    row = dict(zip(header, [c.value for c in sheet[4]], strict=True))
    assert (row["项目编号"], row["问题类别"], row["问题描述"]) == ("LC-001", "征地拆迁", "征迁户拒不搬迁")
    assert (row["责任单位"], row["当前层级"], row["状态"]) == ("栾川县交通运输局", "服务团队", "待答复")
    assert len(data_rows(sheet)) == 1


async def test_the_ledger_prints_a4_landscape_with_dates_as_dates_labels_and_a_chinese_file_name(desk):
    """Issue 18: the ledger downloaded with an ASCII name, no print setup, no borders, Calibri."""
    desk.at("2026-10-12")
    await desk.raise_problem(description="征迁户拒不搬迁", category="demolition")
    await desk.raise_problem(description="施工用电未接入", category="utilities")
    resp = await desk.client.get("/api/v1/problems/export.xlsx", params={"region_code": "410324"},
                                 headers=desk.office())
    name = chinese_file_name(resp.headers["content-disposition"])
    assert name == "栾川县重点项目问题台账2026-10-12.xlsx", name
    assert 'filename="problems-410324-2026-10-12.xlsx"' in resp.headers["content-disposition"]
    ws = sheets(resp.content)["问题台账"]
    assert print_defects(ws) == []
    assert ws["A1"].value.endswith("重点项目问题台账") and "期间：截至2026年10月12日" in ws["A2"].value
    rows = data_rows(ws)
    assert {r[column(ws, "问题类别") - 1] for r in rows} == {"征地拆迁", "水电路讯等配套"}
    assert {r[column(ws, "当前层级") - 1] for r in rows} <= {lv.label for lv in ProblemLevel}
    raised = ws.cell(4, column(ws, "提出日期"))
    assert raised.is_date and raised.value.date() == date(2026, 10, 12) and "年" in raised.number_format
    assert totals_row(ws) is None  # nothing in a ledger adds up
    assert ws.cell(7, 1).value == "共2个问题：待答复2个。"


async def test_the_enums_carry_zh_cn_labels(desk):
    resp = await desk.client.get("/api/v1/enums/issues")
    levels = {e["value"]: e["label"] for e in resp.json()["ProblemLevel"]}
    assert levels == {"team": "服务团队", "system_meeting": "体系例会", "county_meeting": "县委县政府项目例会",
                      "leadership": "主要领导"}
    assert [e["value"] for e in resp.json()["LetterGrade"]] == ["reminder", "push", "supervision"]
