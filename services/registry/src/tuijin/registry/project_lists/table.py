"""The yearly target table (一览表) as a spreadsheet: its columns, reading an uploaded .xlsx into
cells, parsing cell values, and writing .xlsx files. No database here. openpyxl is synchronous and
CPU-bound: callers run :func:`read_table` and :func:`write_workbook` in a worker thread."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.downloads import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition
from tuijin.kernel.numbers import MAX_WAN, WAN_DIGITS, WAN_PLACES
from tuijin.kernel.workbooks import WorkbookLimits, check_xlsx
from tuijin.registry.projects.enums import Stage

__all__ = ["XLSX_MEDIA_TYPE", "XLSX_RESPONSE", "content_disposition"]  # the download's parts, from the kernel


@dataclass(frozen=True)
class Column:
    """A column of the 一览表; ``header`` is how the template spells it and how errors name it."""

    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 14


# the order of the template and of the project-list export
COLUMNS: tuple[Column, ...] = (
    Column("序号", width=6),
    Column("项目编号", ("本地编号", "项目编码", "编号")),
    Column("项目代码(国家)", ("项目代码", "国家项目代码", "统一项目代码", "项目代码(国家代码)")),
    Column("项目名称", required=True, width=36),
    Column("所属体系", ("体系",), width=18),
    Column("所在乡镇", ("建设地点/乡镇", "乡镇", "乡镇(街道)", "所在乡镇(街道)")),
    Column("建设地点", ("项目地点",), width=20),
    Column("建设性质", ("项目类别", "项目性质", "项目阶段"), required=True, width=10),
    Column("行业", ("所属行业",), width=10),
    Column("扶贫项目", ("是否扶贫项目",), width=8),
    Column("总投资(万元)", ("总投资",), required=True),
    Column("年度计划投资(万元)", ("年度计划投资", "年度投资计划(万元)", "本年计划投资(万元)"), required=True),
    Column("建设内容", ("建设内容及规模", "主要建设内容", "建设规模及内容"), width=40),
    Column("年度建设目标", ("年度形象进度目标", "年度目标", "年度建设任务"), width=30),
    Column("责任单位", ("牵头单位", "责任单位(牵头单位)"), required=True, width=24),
    Column("协办单位", ("配合单位",), width=24),
    Column("业主单位", ("项目法人", "建设单位", "项目业主"), width=24),
    Column("责任领导(职务)", ("责任领导", "县级责任领导", "分包领导", "包抓领导"), width=20),
    Column("计划开工时间", ("开工时间",), width=12),
    Column("计划竣工时间", ("竣工时间",), width=12),
    Column("计划投产时间", ("投产时间",), width=12),
)
HEADERS = tuple(c.header for c in COLUMNS)
MONEY_COLUMNS = {"总投资(万元)", "年度计划投资(万元)"}
DATE_COLUMNS = {"计划开工时间", "计划竣工时间", "计划投产时间"}

# 建设性质 as the lists write it → stage; the enum's own values and labels are accepted too
STAGE_WORDS: dict[str, Stage] = {
    "储备": Stage.reserve,
    "招商": Stage.investment_promotion,
    "招商项目": Stage.investment_promotion,
    "前期": Stage.preliminary,
    "预备": Stage.preliminary,
    "新开工": Stage.new_start,
    "计划新开工": Stage.new_start,
    "续建": Stage.under_construction,
    "在建": Stage.under_construction,
    "竣工": Stage.completed,
    "投产": Stage.in_operation,
    **{s.value: s for s in Stage},
    **{s.label: s for s in Stage},
}
STAGE_LABELS: dict[Stage, str] = {
    Stage.reserve: "储备",
    Stage.investment_promotion: "招商",
    Stage.preliminary: "前期",
    Stage.new_start: "新开工",
    Stage.under_construction: "续建",
    Stage.completed: "竣工",
    Stage.in_operation: "投产",
}
YES, NO = {"是", "y", "yes", "true", "1", "√", "扶贫"}, {"否", "n", "no", "false", "0", "×", ""}
SUMMARY_WORDS = {"合计", "总计", "小计", "共计"}
HEADER_SCAN_ROWS = 10


def normalise_header(value: Any) -> str:
    """``总投资\\n（万元）`` → ``总投资(万元)``: no whitespace, ASCII parentheses."""
    text = re.sub(r"\s+", "", str(value or ""))
    return text.replace("（", "(").replace("）", ")").rstrip(":：")


_ALIASES: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.header, *_c.aliases):
        _ALIASES[normalise_header(_name)] = _c.header
_YEAR_PLAN = re.compile(r"^\d{4}年度?(计划投资|投资计划)(\(万元\))?$")


def canonical_header(value: Any) -> str | None:
    text = normalise_header(value)
    if _YEAR_PLAN.match(text):  # "2026年计划投资(万元)"
        return "年度计划投资(万元)"
    return _ALIASES.get(text)


# ---------------------------------------------------------------- reading


class TableError(ValueError):
    """The file as a whole cannot be read (not an .xlsx, no header row, a required column missing)."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(e["message"] for e in errors))
        self.errors = errors


@dataclass
class Table:
    header_row: int
    columns: set[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(sheet row number, canonical header → raw cell value) of every data row."""


MAX_COLUMNS = 100
"""Columns of a sheet read: the 一览表 has 21, a copy with notes a few more; a sheet that claims 16,384 would have
each of its rows padded to that width by the parser."""
WORKBOOK_LIMITS = WorkbookLimits()


def read_table(data: bytes, *, max_rows: int) -> Table:
    """The first sheet's header row (the first of the top rows that has 项目名称) and data rows.
    Empty rows, section headings (one cell filled, e.g. 一、现代创新体系) and totals rows (合计) are
    skipped. Unknown columns are ignored.

    The upload is checked before parsing (:func:`check_xlsx`: decompressed sizes, compression ratio, cells):
    a workbook over the limits raises its 413/422 problem naming ``file``. Whatever else fails while parsing
    (a part that is not XML, a bad CRC) is a file that is not a workbook."""
    check_xlsx(data, field="file", invalid_code="import_file_invalid", limits=WORKBOOK_LIMITS)
    not_xlsx = TableError([{"field": "file", "message": "The file is not an Excel .xlsx workbook. "
                            "文件不是有效的 Excel 工作簿（.xlsx）。", "type": "not_xlsx"}])
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises what its XML and zip readers raise
        raise not_xlsx from exc
    try:
        return _read_rows(workbook.worksheets[0], max_rows=max_rows)
    except TableError:
        raise
    except Exception as exc:
        raise not_xlsx from exc
    finally:
        workbook.close()


def _read_rows(sheet: Any, *, max_rows: int) -> Table:
    mapping: dict[int, str] | None = None
    table: Table | None = None
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        if mapping is None:
            if number > HEADER_SCAN_ROWS:
                break
            found = {i: canonical_header(v) for i, v in enumerate(values)}
            if "项目名称" in found.values():
                mapping = {i: h for i, h in found.items() if h is not None}
                table = _check_header(number, mapping)
            continue
        assert table is not None
        cells = {h: values[i] for i, h in mapping.items() if i < len(values)}
        if _skipped(cells):
            continue
        if len(table.rows) >= max_rows:
            raise TableError([{"field": "file", "message": f"The table has more than {max_rows} rows.",
                               "type": "too_many_rows"}])
        table.rows.append((number, cells))
    if table is None:
        raise TableError([{"field": "header", "message": f"No header row with 项目名称 in the first "
                           f"{HEADER_SCAN_ROWS} rows of the first sheet.", "type": "header_missing"}])
    return table


def _check_header(number: int, mapping: dict[int, str]) -> Table:
    errors = []
    seen: set[str] = set()
    for header in mapping.values():
        if header in seen:
            errors.append({"field": f"header.{header}", "message": f"The column {header} appears twice.",
                           "type": "duplicate_column"})
        seen.add(header)
    for column in COLUMNS:
        if column.required and column.header not in seen:
            errors.append({"field": f"header.{column.header}", "message": f"The column {column.header} is missing.",
                           "type": "column_missing"})
    if errors:
        raise TableError(errors)
    return Table(header_row=number, columns=seen)


def _skipped(cells: dict[str, Any]) -> bool:
    filled = [v for v in cells.values() if text(v)]
    if len(filled) <= 1 and not text(cells.get("项目名称")):  # empty, or a section heading
        return True
    return text(cells.get("序号")) in SUMMARY_WORDS or text(cells.get("项目名称")) in SUMMARY_WORDS


# ---------------------------------------------------------------- cell values


class CellError(ValueError):
    def __init__(self, message: str, type_: str) -> None:
        super().__init__(message)
        self.type = type_


def text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, surrounding whitespace removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


_FOUR_PLACES = Decimal("0.0001")


def money(value: Any) -> Decimal | None:
    """万元 as Decimal to 4 places; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("must be an amount in 万元", "decimal_parsing")
    raw = str(value).strip().replace(",", "").replace("，", "").removesuffix("万元")
    try:
        amount = Decimal(raw)
    except InvalidOperation as exc:
        raise CellError("must be an amount in 万元, e.g. 12000 or 350.5", "decimal_parsing") from exc
    if not amount.is_finite():
        raise CellError("must be an amount in 万元", "decimal_parsing")
    if amount < 0:
        raise CellError("must not be negative", "greater_than_equal")
    if amount > MAX_WAN or (amount := amount.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)) > MAX_WAN:
        raise CellError(
            f"is too large: at most {MAX_WAN} 万元 (金额最多 {WAN_DIGITS - WAN_PLACES} 位整数)", "decimal_whole_digits"
        )
    return amount


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?$")


def day(value: Any, *, end_of_month: bool = False) -> date | None:
    """A date from a date cell, an Excel serial number or text such as 2026-03-01, 2026/3/1,
    2026年3月1日, 2026.3 or 2026年3月 (a month alone: its first day, or its last with ``end_of_month``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an unformatted Excel date: days since 1899-12-30
            return from_excel(value).date()
        raise CellError("must be a date such as 2026-03-01 or 2026年3月", "date_parsing")
    match = _DATE.match(str(value).strip())
    if not match:
        raise CellError("must be a date such as 2026-03-01 or 2026年3月", "date_parsing")
    year, month = int(match.group(1)), int(match.group(2))
    try:
        if match.group(3):
            return date(year, month, int(match.group(3)))
        return date(year, month, monthrange(year, month)[1] if end_of_month else 1)
    except ValueError as exc:
        raise CellError("is not a real date", "date_parsing") from exc


def flag(value: Any) -> bool | None:
    """是 / 否 (also Y/N, 1/0, √); None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError("must be 是 or 否", "bool_parsing")


def names(value: Any) -> list[str]:
    """Several names in one cell, separated by 、 , ， ; ； / or line breaks."""
    return [n for n in (p.strip() for p in re.split(r"[、,，;；/\n]+", text(value))) if n]


# ---------------------------------------------------------------- writing


def column_kind(header: str) -> excel.Kind:
    """How a 一览表 column prints: 万元 with two decimals, the plan dates as dates, 序号 as a whole number."""
    if header in MONEY_COLUMNS:
        return "money"
    if header in DATE_COLUMNS:
        return "date"
    return "integer" if header == "序号" else "text"


def list_columns(headers: list[str], widths: dict[str, int], *, totals: bool) -> list[excel.Column]:
    """The 一览表's columns for the document layer; with ``totals`` the 万元 columns are summed in a 合计 row
    (which the import skips, so an exported list imports again as it is)."""
    return [excel.Column(h, column_kind(h), width=widths.get(h), total=totals and h in MONEY_COLUMNS)
            for h in headers]


def write_workbook(tables: list[excel.Table]) -> bytes:
    """The print-ready .xlsx of ``tables`` (:mod:`tuijin.kernel.documents.excel`)."""
    return excel.workbook(tables)
