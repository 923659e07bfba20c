"""The Excel layer (tuijin.kernel.documents.excel) read back with openpyxl: every table prints on A4 landscape
one page wide with its header on every page and 第n页 共N页, is titled with region, period and export time,
bordered, frozen under the header, in 宋体/仿宋, its columns as wide as their headers, 万元 and scores as numbers
with two decimals, dates as dates, a 合计 row with the right sum, labels instead of codes; and downloads carry
their Chinese file name (RFC 6266 filename*)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest

from tests.xlsx_checks import (
    RAW_CODE,
    chinese_file_name,
    column,
    data_rows,
    header,
    number_format_defects,
    print_defects,
    sheets,
    totals_row,
)
from tuijin.kernel.documents import excel
from tuijin.kernel.documents.downloads import DOCX_MEDIA_TYPE, XLSX_MEDIA_TYPE, attachment, content_disposition
from tuijin.kernel.documents.excel import Column, Table, display_width
from tuijin.kernel.enums import LabeledEnum


class Stage(LabeledEnum):
    under_construction = ("under_construction", "续建")
    new_start = ("new_start", "新开工")


COLUMNS = [
    Column("序号", "integer", width=6),
    Column("项目名称", width=30),
    Column("建设性质"),
    Column("年度计划投资(万元)", "money", total=True),
    Column("得分", "score"),
    Column("计划开工时间", "date"),
    Column("扶贫项目"),
]
ROWS = [
    [1, "栾川县城区供水管网改造工程", Stage.under_construction, Decimal("800.00"), Decimal("92.5"), date(2026, 3, 1),
     True],
    [2, "伏牛山滑雪度假区提升项目", Stage.new_start, Decimal("1234.5678"), Decimal("88.333"), None, False],
    [3, "老君山景区道路", Stage.new_start, None, Decimal("70"), date(2026, 5, 20), False],
]
EXPORTED = datetime(2026, 12, 5, 13, 34, tzinfo=UTC)


def _table(**kw) -> Table:
    return Table("一览表", "栾川县2026年重点项目一览表", COLUMNS, ROWS, region="栾川县", period="2026年", **kw)


def _sheet(**kw):
    return sheets(excel.workbook([_table(**kw)], exported_at=EXPORTED))["一览表"]


def test_a_table_prints_a4_landscape_one_page_wide_with_header_footer_borders_and_fonts():
    """The issue: no print setup, no borders, Calibri. Every defect print_defects knows is absent."""
    ws = _sheet()
    assert print_defects(ws) == []
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第&P页 共&N页"
    assert ws.freeze_panes == "A4"
    assert ws.print_area == "'一览表'!$A$1:$G$7"  # title, info, header, 3 rows, 合计


def test_the_title_rows_name_region_period_and_the_export_time_in_beijing_time():
    ws = _sheet()
    assert ws["A1"].value == "栾川县2026年重点项目一览表"
    assert ws["A2"].value == "地区：栾川县　期间：2026年　导出时间：2026年12月5日 21:34"  # 13:34 UTC


def test_money_and_scores_are_numbers_with_exactly_two_decimals_and_dates_are_dates():
    ws = _sheet()
    assert number_format_defects(ws, ["年度计划投资(万元)", "得分"]) == []
    money = ws.cell(4, column(ws, "年度计划投资(万元)"))
    assert money.number_format == "#,##0.00" and money.value == 800
    assert ws.cell(4, column(ws, "得分")).number_format == "0.00"
    start = ws.cell(4, column(ws, "计划开工时间"))
    assert start.is_date and start.value.date() == date(2026, 3, 1)
    assert start.number_format == 'yyyy"年"m"月"d"日"'


def test_the_totals_row_sums_the_money_column_exactly():
    ws = _sheet()
    total = totals_row(ws)
    assert total is not None and total[0] == "合计"
    assert Decimal(str(total[column(ws, "年度计划投资(万元)") - 1])) == Decimal("2034.57")  # 800 + 1234.5678
    assert total[column(ws, "得分") - 1] is None  # scores are not summed
    assert len(data_rows(ws)) == 3


def test_no_totals_row_when_no_column_is_summed():
    ws = sheets(excel.workbook([Table("表", "标题", [Column("名称")], [["甲"]])]))["表"]
    assert totals_row(ws) is None


def test_codes_are_written_as_their_chinese_labels_and_ids_are_refused():
    ws = _sheet()
    stages = [r[column(ws, "建设性质") - 1] for r in data_rows(ws)]
    assert stages == ["续建", "新开工", "新开工"]
    assert [r[column(ws, "扶贫项目") - 1] for r in data_rows(ws)] == ["是", "否", "否"]
    assert not any(RAW_CODE.search(str(v)) for r in data_rows(ws) for v in r if isinstance(v, str))
    import uuid
    with pytest.raises(TypeError):
        excel.workbook([Table("表", "标题", [Column("单位")], [[uuid.uuid4()]])])


def test_every_column_is_at_least_as_wide_as_its_header_counting_cjk_double():
    ws = _sheet()
    assert display_width("年度计划投资(万元)") == 18
    for i, name in enumerate(header(ws), start=1):
        assert ws.column_dimensions[ws.cell(3, i).column_letter].width >= display_width(name), name
    assert ws.column_dimensions["B"].width >= 30


def test_a_signature_column_is_wide_and_its_rows_tall_enough_to_sign_in():
    ws = sheets(excel.workbook([Table("签到表", "会议签到表", [Column("单位"), Column("签名", "sign")],
                                      [["栾川县交通运输局", None]], blank_rows=2)]))["签到表"]
    assert ws.column_dimensions["B"].width >= excel.SIGN_WIDTH
    assert all(ws.row_dimensions[r].height >= excel.SIGN_ROW_HEIGHT for r in (4, 5, 6))
    assert ws.cell(6, 2).border.bottom.style == "thin"  # the blank rows are bordered to write in


def test_the_workbook_default_font_is_song_not_calibri():
    ws = _sheet()
    assert ws.parent._fonts[0].name == "宋体"
    assert all(c.font.name in ("宋体", "仿宋") for row in ws.iter_rows(max_row=7) for c in row)


def test_notes_under_the_table_are_outside_the_bordered_table():
    ws = _sheet(notes=["说明：得分保留两位小数。"])
    assert print_defects(ws) == []
    assert ws.cell(9, 1).value == "说明：得分保留两位小数。"


def test_rows_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError):
        excel.workbook([Table("表", "标题", [Column("名称"), Column("数量", "integer")], [["甲"]])])


def test_downloads_carry_the_chinese_name_as_filename_star_and_an_ascii_fallback():
    name = "栾川县2026年重点项目一览表.xlsx"
    disposition = content_disposition(name, "projects-410324-2026.xlsx")
    assert disposition == ('attachment; filename="projects-410324-2026.xlsx"; '
                           f"filename*=UTF-8''{quote(name, safe='')}")
    assert chinese_file_name(disposition) == name
    assert chinese_file_name(content_disposition("关于/项目:的函.docx", "letter 1.docx")) == "关于_项目_的函.docx"
    assert 'filename="letter-1.docx"' in content_disposition("函.docx", "letter 1.docx")
    assert attachment(b"x", name, "a.xlsx").media_type == XLSX_MEDIA_TYPE
    assert attachment(b"x", "通知.docx", "a.docx").media_type == DOCX_MEDIA_TYPE


def test_the_checks_find_the_defects_of_a_plain_openpyxl_workbook():
    """What the issue found on main (Calibri, no borders, no print setup, no frozen header) is reported."""
    import io

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["标题"])
    ws.append(["导出"])
    ws.append(["序号", "年度计划投资(万元)", "阶段"])
    ws.append([1, "800.0000", "阶段 under_construction"])
    buffer = io.BytesIO()
    wb.save(buffer)
    defects = " | ".join(print_defects(sheets(buffer.getvalue())["Sheet"]))
    for expected in ("orientation", "paper", "fit", "print title rows", "footer", "frozen", "without a thin border",
                     "in Calibri", "shows a code"):
        assert expected in defects, expected
    assert number_format_defects(sheets(buffer.getvalue())["Sheet"], ["年度计划投资(万元)"])


def test_the_totals_label_sits_in_the_first_column_not_summed():
    ws = sheets(excel.workbook([Table("表", "标题", [Column("应报", "integer", total=True), Column("单位"),
                                                   Column("按时", "integer", total=True)],
                                      [[3, "甲", 2], [4, "乙", 4]])]))["表"]
    assert totals_row(ws) == (7, "合计", 6)
    only_sums = sheets(excel.workbook([Table("表", "标题", [Column("数", "integer", total=True)], [[1], [2]])]))["表"]
    assert only_sums.cell(6, 1).value == 3


def test_a_wide_table_caps_its_content_widths_but_never_below_a_header():
    long = "新建城区供水管网32公里、加压泵站2座及配套附属设施"
    ws = sheets(excel.workbook([Table("表", "标题", [Column("建设内容"), Column("年度计划投资(万元)", "money")],
                                      [[long, Decimal("1")]], max_width=14)]))["表"]
    assert ws.column_dimensions["A"].width == 14  # wraps
    assert ws.column_dimensions["B"].width == display_width("年度计划投资(万元)") + 2
