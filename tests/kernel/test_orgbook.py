"""The organisation workbook's layout (tuijin.kernel.orgbook): what a filled-in file reads as, and how the 账号
sheet's roles are named."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook

from tuijin.kernel.orgbook import parse_roles, read_orgbook, roles_text, write_orgbook
from tuijin.kernel.workbooks import WorkbookRefused


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_written_template_reads_back_its_rows_and_blank_rows_are_skipped():
    data = write_orgbook({"单位": [["栾川县水利局", "", "县直部门"], [], ["城关镇", "城关镇", "乡镇 / 街道"]]},
                         unit_kinds=["县直部门", "乡镇 / 街道"])
    book = read_orgbook(data)

    assert book.errors == []
    assert [(r.number, r.get("单位名称"), r.get("单位类型")) for r in book.rows["单位"]] == [
        (2, "栾川县水利局", "县直部门"), (4, "城关镇", "乡镇 / 街道")]
    assert book.rows["账号"] == []


def test_columns_are_found_by_their_header_in_any_order_and_numbers_read_as_text():
    book = read_orgbook(_xlsx({"系统": [["排序", "体系名称*"], [3.0, "现代水网体系"]]}))

    assert book.errors == []
    assert book.rows["系统"][0].cells == {"体系名称": "现代水网体系", "排序": "3"}


def test_a_sheet_without_a_required_column_is_an_error_on_its_header_row():
    book = read_orgbook(_xlsx({"人员": [["所在单位", "职务"], ["栾川县水利局", "科长"]]}))

    assert [(e["sheet"], e["row"], e["column"], e["type"]) for e in book.errors] == [
        ("人员", 1, "姓名", "missing_column")]
    assert book.rows["人员"] == []


def test_a_file_that_is_not_a_workbook_is_refused_naming_the_field():
    with pytest.raises(WorkbookRefused) as refused:
        read_orgbook(b"PK not really", field_name="file")
    assert refused.value.extra["errors"][0]["field"] == "file"


def test_roles_are_named_by_label_or_code_separated_by_any_usual_mark():
    assert parse_roles("责任单位、查看") == (["unit", "viewer"], [])
    assert parse_roles("leader, 督查；查看 查看") == (["leader", "supervisor", "viewer"], [])
    assert parse_roles("局长、查看") == (["viewer"], ["局长"])
    assert roles_text(["leader", "viewer"]) == "县级责任领导、查看"
