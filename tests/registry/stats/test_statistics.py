"""Statistics of a region's yearly list: sums that match the demo county (栾川 2018: 99 projects, 287.2亿,
133.4亿 this year), breakdowns by stage, system and township, and who may read them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from tests.xlsx_checks import (
    chinese_file_name,
    column,
    data_rows,
    number_format_defects,
    print_defects,
    sheets,
    totals_row,
)
from tuijin.kernel.clock import SHANGHAI, clock, today
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.lights.enums import LightColour, LightKind

REGION = "410324"


async def _demo(stack) -> int:
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    return today().year


async def test_statistics_sums_match_the_demo_totals_and_count_by_stage_and_system(stack):
    year = await _demo(stack)
    resp = await stack.client("registry").get(f"/api/v1/statistics?region_code={REGION}&year={year}",
                                              headers=stack.auth("office", region=REGION))
    assert resp.status_code == 200, resp.text
    stats = resp.json()
    totals = stats["totals"]
    assert (totals["projects"], totals["total_investment"], totals["planned_investment"]) == (
        99, "2872000.00", "1334000.00")

    stages = {g["key"]: g["projects"] for g in stats["by_stage"]}
    assert stages == {"reserve": 0, "preliminary": 19, "new_start": 30, "under_construction": 50, "completed": 0,
                      "in_operation": 0}
    assert [g["label"] for g in stats["by_stage"]][:3] == ["储备", "前期", "计划新开工"]

    assert len(stats["by_system"]) == 9
    assert {g["projects"] for g in stats["by_system"]} == {11}
    assert stats["by_system"][0]["label"] == "现代创新体系"
    for breakdown in ("by_stage", "by_system", "by_township"):
        groups = stats[breakdown]
        assert sum(g["projects"] for g in groups) == 99, breakdown
        assert sum(Decimal(g["total_investment"]) for g in groups) == Decimal("2872000"), breakdown
        assert sum(Decimal(g["planned_investment"]) for g in groups) == Decimal("1334000"), breakdown
    assert len(stats["by_township"]) == 14


async def test_statistics_count_only_projects_with_a_plan_for_the_year(county):
    first = await county.project("A", total_investment="1000")
    second = await county.project("B", total_investment="2000")
    await county.project("C", total_investment="4000")  # in the library, on no yearly list
    for project, year, planned in ((first, 2026, "300"), (second, 2026, "500.5"), (second, 2025, "999")):
        resp = await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/{year}",
                                       json={"planned_investment": planned}, headers=county.office)
        assert resp.status_code == 200, resp.text
    stats = (await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026",
                                     headers=county.office)).json()
    totals = stats["totals"]
    assert (totals["projects"], totals["total_investment"], totals["planned_investment"]) == (2, "3000.00", "800.50")
    assert [g["label"] for g in stats["by_township"]] == ["城关镇", "未指定乡镇"]
    assert [g["projects"] for g in stats["by_township"]] == [0, 2]


async def test_statistics_are_read_by_the_office_leaders_supervisors_and_viewers_of_the_region(county, stack):
    url = f"/api/v1/statistics?region_code={REGION}&year=2026"
    for role in ("office", "leader", "supervisor", "viewer"):
        assert (await county.client.get(url, headers=stack.auth(role, region=REGION))).status_code == 200, role
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    assert (await county.client.get(url, headers=unit)).status_code == 403
    other = await county.client.get(url, headers=stack.auth("office", region="410325"))
    assert (other.status_code, other.json()["code"]) == (403, "region_forbidden")
    assert (await county.client.get(url)).status_code == 401


async def test_the_statistics_export_is_a_workbook_with_a_sheet_per_breakdown(stack):
    year = await _demo(stack)
    resp = await stack.client("registry").get(
        f"/api/v1/statistics/export.xlsx?region_code={REGION}&year={year}&month=5",
        headers=stack.auth("viewer", region=REGION))
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert resp.headers["content-disposition"].startswith(f'attachment; filename="statistics-{REGION}-{year}-05.xlsx"')
    assert chinese_file_name(resp.headers["content-disposition"]) == f"栾川县重点项目统计_{year}-05.xlsx"
    workbook = load_workbook(BytesIO(resp.content))
    assert workbook.sheetnames[:4] == ["汇总", "按阶段", "按体系", "按乡镇"]
    summary = list(workbook["汇总"].iter_rows(values_only=True))
    assert summary[0][0] == f"栾川县{year}年重点项目统计汇总"
    assert summary[1][0].startswith(f"地区：栾川县　期间：{year}年（截至{year}年5月31日）　导出时间：")
    assert summary[2][:4] == ("项目", "项目数", "总投资(万元)", "年度计划投资(万元)")
    assert summary[3][:4] == ("全部重点项目", 99, 2872000, 1334000)
    systems = workbook["按体系"]
    rows = data_rows(systems)
    assert len(rows) == 9 and sum(r[1] for r in rows) == 99
    total = totals_row(systems)
    assert total[:3] == ("合计", 99, 2872000)  # the breakdown's projects and 万元 summed
    assert total[5] is None  # a completion rate is not summed


async def test_every_sheet_of_the_statistics_is_print_ready_with_two_decimal_money_and_labels(stack):
    """Issue 18: A4 landscape one page wide, header on every page, page footer, borders, frozen header,
    万元 as numbers with two decimals, lights by their Chinese names; the report timeliness summed by unit."""
    year = await _demo(stack)
    resp = await stack.client("registry").get(
        f"/api/v1/statistics/export.xlsx?region_code={REGION}&year={year}&month=5",
        headers=stack.auth("viewer", region=REGION))
    book = sheets(resp.content)
    for name, ws in book.items():
        assert print_defects(ws) == [], name
    for name in ("汇总", "按阶段", "按体系", "按乡镇"):
        assert number_format_defects(book[name], ["总投资(万元)", "年度计划投资(万元)", "完成投资(万元)"]) == [], name
        assert book[name].cell(4, column(book[name], "完成率")).number_format == "0.00%"
    lights = data_rows(book["亮灯"])
    assert lights and {r[0] for r in lights} <= {k.label for k in LightKind}
    assert {r[1] for r in lights} <= {c.label for c in LightColour}
    assert totals_row(book["亮灯"]) is None  # a project may carry several lights
    if "报送及时率" in book:
        ws = book["报送及时率"]
        total = totals_row(ws)
        assert total[1] == sum(r[1] for r in data_rows(ws))


def _at(stack, county, month: int, day: int) -> None:
    """Move the clock (Asia/Shanghai, 10:00) and give the office a token issued at that time."""
    clock.set(datetime(2026, month, day, 10, tzinfo=SHANGHAI), frozen=True)
    county.office = stack.auth("office", region=REGION)


async def _report(county, project_id: str, period: str, amount: str, *, submit: bool = True) -> dict:
    resp = await county.client.post(f"/api/v1/projects/{project_id}/progress-reports", headers=county.office,
                                    json={"period": period, "investment_completed": amount, "submit": submit,
                                          "physical_progress": f"{period}形象进度"})
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_completion_counts_submitted_reports_against_the_plan_and_the_time_proportional_target(county, stack):
    _at(stack, county, 5, 1)
    a = await county.project("A", total_investment="5000")
    b = await county.project("B", total_investment="9000")
    for project, planned in ((a, "1000"), (b, "3000")):
        await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/2026",
                                json={"planned_investment": planned}, headers=county.office)
    _at(stack, county, 5, 20)
    await _report(county, a["id"], "2026-05", "200")
    _at(stack, county, 6, 20)
    june = await _report(county, a["id"], "2026-06", "300")
    await _report(county, b["id"], "2026-06", "1000", submit=False)  # a draft is not yet the unit's statement
    _at(stack, county, 6, 25)
    verified = await county.client.post(f"/api/v1/progress-reports/{june['id']}/verify", headers=county.office)
    assert verified.status_code == 200, verified.text

    stats = (await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026",
                                     headers=county.office)).json()
    assert stats["completion"] == {
        "through": "2026-06-30", "period": "2026-06", "completed_investment": "500.00", "planned_investment": "4000.00",
        "completion_rate": "12.50", "time_progress": "50.00", "behind_points": "37.50"}
    assert (stats["totals"]["completed_investment"], stats["totals"]["completion_rate"]) == ("500.00", "12.50")
    [system] = stats["by_system"]
    assert (system["completed_investment"], system["completion_rate"]) == ("500.00", "12.50")
    [unit] = stats["report_timeliness"]["units"]
    assert (stats["report_timeliness"]["period"], unit["unit_name"]) == ("2026-06", "栾川县交通运输局")
    assert (unit["expected"], unit["on_time"], unit["late"], unit["missing"]) == (2, 1, 0, 1)

    may = (await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026&month=5",
                                   headers=county.office)).json()["completion"]
    assert (may["completed_investment"], may["completion_rate"], may["time_progress"]) == ("200.00", "5.00", "41.67")


async def test_statistics_count_the_current_warning_lights_of_the_list(county, stack):
    _at(stack, county, 1, 5)
    for code in ("A", "B", "C"):
        project = await county.project(code)
        await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/2026", headers=county.office,
                                json={"planned_investment": "100", "planned_start_date": "2026-02-01"})
    _at(stack, county, 7, 1)
    resp = await county.client.post(f"/api/v1/warning-lights/recompute?region_code={REGION}", headers=county.office)
    assert resp.status_code == 200, resp.text
    lights = (await county.client.get(f"/api/v1/warning-lights?region_code={REGION}&limit=200",
                                      headers=county.office)).json()["items"]
    expected: dict[tuple[str, str], int] = {}
    for light in lights:
        expected[(light["kind"], light["colour"])] = expected.get((light["kind"], light["colour"]), 0) + 1
    stats = (await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026",
                                     headers=county.office)).json()
    counted = {(x["kind"], x["colour"]): x["projects"] for x in stats["by_light"] if x["projects"]}
    assert counted == expected
    assert counted[("start", "red")] == 3  # planned to start in February, not started by July
    assert len(stats["by_light"]) == len(LightKind) * len(LightColour)  # every kind and colour, zeros included
