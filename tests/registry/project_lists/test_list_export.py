"""Exporting project lists as .xlsx: the list's filters and visibility, and a file that reads back and
imports again without duplicating anything."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

from tests.registry.conftest import REGION
from tests.registry.project_lists.sheets import XLSX, make_xlsx, read_xlsx, row, upload
from tests.xlsx_checks import (
    chinese_file_name,
    column,
    data_rows,
    header,
    number_format_defects,
    print_defects,
    sheets,
    totals_row,
)
from tuijin.registry.project_lists.table import HEADERS, STAGE_LABELS

EXPORT = f"/api/v1/projects/export.xlsx?region_code={REGION}&year=2026"


async def test_an_exported_list_reads_back_and_imports_again_without_duplicates(county):
    imported = await upload(county, make_xlsx([
        row(**{"协办单位": "栾川县发展和改革委员会", "扶贫项目": "是"}),
        row(序号=2, 项目编号="LC-002", 项目名称="城关镇卫生院", 建设性质="续建",
            **{"总投资(万元)": "3500.25", "年度计划投资(万元)": 1200, "项目代码(国家)": "2603-410324-89-01-000123"}),
    ]))
    assert imported.status_code == 201, imported.text

    resp = await county.client.get(EXPORT, headers=county.office)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == XLSX
    disposition = resp.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="projects-410324-2026.xlsx"')
    assert quote("栾川县2026年重点项目一览表.xlsx") in disposition

    sheet = read_xlsx(resp.content)
    assert sheet[0][0] == "栾川县2026年重点项目一览表"
    assert sheet[1][0].startswith("地区：栾川县　期间：2026年　导出时间：")
    header = sheet[2]
    assert header[: len(HEADERS)] == list(HEADERS)
    assert sheet[-1][0] == "合计"
    rows = [dict(zip(header, r, strict=True)) for r in sheet[3:-1]]
    assert [r["项目编号"] for r in rows] == ["LC-001", "LC-002"]
    first, second = rows
    expected = {
        "项目名称": "栾川至城关道路改建", "建设性质": "新开工", "所属体系": "现代基础设施体系",
        "责任单位": "栾川县交通运输局", "协办单位": "栾川县发展和改革委员会", "所在乡镇": "城关镇",
        "总投资(万元)": 12000, "年度计划投资(万元)": 5000, "扶贫项目": "是",
        "责任领导(职务)": "副县长（分管交通）", "责任领导(现任)": "李副县长",
    }
    assert {k: first[k] for k in expected} == expected
    assert first["计划开工时间"] == datetime(2026, 3, 1)
    assert (second["总投资(万元)"], second["项目代码(国家)"]) == (3500.25, "2603-410324-89-01-000123")

    again = await upload(county, resp.content, name="exported.xlsx")
    assert again.status_code == 201, again.text
    assert (again.json()["created_count"], again.json()["updated_count"]) == (0, 0)
    assert [r["action"] for r in again.json()["results"]] == ["unchanged", "unchanged"]
    listed = await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)
    assert len(listed.json()["items"]) == 2


async def test_the_export_follows_the_list_filters(county):
    await county.project("A", stage="new_start")
    await county.project("B", stage="preliminary")
    resp = await county.client.get(f"{EXPORT}&stage=preliminary", headers=county.office)
    assert resp.status_code == 200
    assert [r[1] for r in read_xlsx(resp.content)[3:-1]] == ["B"]


async def test_the_export_holds_only_what_the_caller_may_see(county, stack):
    await county.project("A", responsible_unit_id=county.units["交通局"])
    await county.project("B", responsible_unit_id=county.units["发改委"])
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["发改委"]))
    resp = await county.client.get(EXPORT, headers=unit)
    assert resp.status_code == 200
    assert [r[1] for r in read_xlsx(resp.content)[3:-1]] == ["B"]
    other = stack.auth("office", region="410325")
    nothing = read_xlsx((await county.client.get(EXPORT, headers=other)).content)[3:]
    assert [r[0] for r in nothing] == ["合计"]  # no project rows, only the (zero) totals


async def test_the_list_prints_a4_landscape_one_page_wide_with_money_to_two_decimals_and_a_totals_row(county):
    """Issue 18: the 一览表 printed as 21 portrait pages, 万元 with 2 to 4 decimals, no totals, Calibri."""
    await county.project("A", total_investment="12000.1234")
    await county.project("B", total_investment="3500.5")
    resp = await county.client.get(EXPORT, headers=county.office)
    ws = sheets(resp.content)["一览表"]
    assert print_defects(ws) == []
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == ("landscape", 1, 0)
    assert number_format_defects(ws, ["总投资(万元)", "年度计划投资(万元)"]) == []
    total = totals_row(ws)
    assert total[0] == "合计"
    assert Decimal(str(total[column(ws, "总投资(万元)") - 1])) == Decimal("15500.62")  # 12000.1234 + 3500.5
    assert ws.cell(4, column(ws, "总投资(万元)")).value == 12000.1234  # the exact figure stays for a re-import
    assert {r[column(ws, "建设性质") - 1] for r in data_rows(ws)} <= set(STAGE_LABELS.values())
    assert chinese_file_name(resp.headers["content-disposition"]) == "栾川县2026年重点项目一览表.xlsx"


async def test_the_template_is_print_ready_with_rows_to_fill_in_and_imports_once_filled(county):
    resp = await county.client.get(f"/api/v1/project-lists/import-template.xlsx?region_code={REGION}",
                                   headers=county.office)
    assert resp.status_code == 200, resp.text
    book = sheets(resp.content)
    for name, ws in book.items():
        assert print_defects(ws) == [], name
    assert header(book["一览表"]) == list(HEADERS)
    assert chinese_file_name(resp.headers["content-disposition"]) == "重点项目一览表导入模板.xlsx"
