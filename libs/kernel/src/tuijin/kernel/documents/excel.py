"""Print-ready Excel workbooks (.xlsx): the one format of every list, table and ranking the services offer
for download, so that a county office can print and send them as they are.

Every worksheet a :class:`Table` describes is laid out the same way:

- row 1 the title (宋体, bold, merged across the table), row 2 the region, the period and the export time
  (Asia/Shanghai), row 3 the header, then the data rows and, when a column is summed, a 合计 row;
- A4 landscape, fitted to one page wide (any number of pages tall), the header row repeated on every page,
  the footer ``第&P页 共&N页`` (page n of N), the table centred on the page;
- the panes frozen under the header; thin borders on every cell of the table (header, data, totals);
- each column at least as wide as its header (a CJK character counts two), wider for its content up to a cap,
  with long text wrapped;
- 万元 (``money``) as ``#,##0.00`` and scores (``score``) as ``0.00``: numbers with exactly two decimals, never
  text; dates as real dates shown ``2026年12月5日``; percentages ``0.00%``;
- any :class:`~tuijin.kernel.enums.LabeledEnum` value written as its zh-CN label, ``True``/``False`` as 是/否;
  a UUID is refused (a printed table names things, it never shows an id);
- fonts 宋体 (title, header, cells) and 仿宋 (the line under the title); the workbook's default font too, so
  that no cell falls back to Calibri.

The 合计 row holds computed values (the :class:`~decimal.Decimal` sum of the column), not ``SUM`` formulas: a
formula has no value until a spreadsheet application recalculates it, and readers that do not (previews, mail
clients, ``openpyxl`` with ``data_only=True``, the 一览表 import) would see an empty total.

openpyxl is synchronous and CPU-bound: async callers run :func:`workbook` in a worker thread."""

from __future__ import annotations

import io
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tuijin.kernel.clock import SHANGHAI, utcnow
from tuijin.kernel.enums import LabeledEnum
from tuijin.kernel.validation import xml_safe

Kind = Literal["text", "integer", "money", "score", "percent", "date", "datetime", "time", "sign"]
"""What a column holds, which decides its number format and alignment:
``money`` 万元 and ``score`` with two decimals, ``percent`` a ratio (0.375) shown 37.50%, ``date`` / ``datetime``
/ ``time`` real dates and times, ``sign`` an empty cell wide and tall enough to sign in (签名)."""

SONG = "宋体"
FANGSONG = "仿宋"
FONTS = (SONG, FANGSONG)
MONEY_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
INTEGER_FORMAT = "0"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
TIME_FORMAT = "hh:mm"
NUMBER_FORMATS: dict[str, str] = {
    "money": MONEY_FORMAT, "score": SCORE_FORMAT, "percent": PERCENT_FORMAT, "integer": INTEGER_FORMAT,
    "date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "time": TIME_FORMAT,
}
FOOTER = "第&P页 共&N页"
TOTAL_LABEL = "合计"
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
MAX_WIDTH = 32
"""Characters (display width) a column grows to for its content; longer text wraps."""
SIGN_WIDTH = 24
SIGN_ROW_HEIGHT = 36.0
"""Points (about 1.3 cm): a row of the sign-in sheet, tall enough to sign in by hand."""
PADDING = 2

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(name=SONG, size=16, bold=True)
_INFO_FONT = Font(name=FANGSONG, size=11)
_HEADER_FONT = Font(name=SONG, size=11, bold=True)
_CELL_FONT = Font(name=SONG, size=11)
_TOTAL_FONT = Font(name=SONG, size=11, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_NUMERIC = {"integer", "money", "score", "percent"}


@dataclass(frozen=True)
class Column:
    """One column: its header, what it holds, a minimum width (characters) and whether the 合计 row sums it."""

    header: str
    kind: Kind = "text"
    width: float | None = None
    total: bool = False
    wrap: bool = True


@dataclass
class Table:
    """One worksheet: ``sheet`` its tab name, ``title`` the heading printed over it, ``region`` and ``period``
    the line under the title, ``columns`` and ``rows`` the table. ``choices`` offers drop-downs (header →
    allowed values) in the data rows (templates to fill in); ``blank_rows`` adds empty bordered rows to write
    in; ``row_height`` sets the data rows' height (points)."""

    sheet: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]] = ()
    region: str | None = None
    period: str | None = None
    choices: dict[str, list[str]] = field(default_factory=dict)
    blank_rows: int = 0
    row_height: float | None = None
    notes: Sequence[str] = ()
    """Lines printed under the table (e.g. what a score means); not part of the bordered table."""
    max_width: int = MAX_WIDTH
    """How wide a column grows for its content (a wide table sets less, to print larger on its one page)."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width view: CJK and other wide or full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cell_value(value: Any) -> Any:
    """What a cell holds: a label for an enum member, 是/否 for a bool, XML-safe text; numbers, dates and
    times as they are. A UUID (or anything else) is refused: a printed table shows names, never ids."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(SHANGHAI).replace(tzinfo=None)  # Excel has no time zones: Beijing time
    if value is None or (isinstance(value, int | float | Decimal | date | time) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, LabeledEnum):
        return value.label
    if isinstance(value, Enum):
        raise TypeError(f"{type(value).__name__} has no zh-CN label: pass a LabeledEnum or its label")
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, uuid.UUID):
        raise TypeError("a workbook names things, it does not show ids: pass the name")
    raise TypeError(f"a cell cannot hold {type(value).__name__}")


def info_line(region: str | None, period: str | None, exported_at: datetime) -> str:
    """地区：栾川县　期间：2026年11月　导出时间：2026年12月5日 21:34 (Asia/Shanghai)."""
    local = exported_at.astimezone(SHANGHAI)
    parts = []
    if region:
        parts.append(f"地区：{region}")
    if period:
        parts.append(f"期间：{period}")
    parts.append(f"导出时间：{local.year}年{local.month}月{local.day}日 {local:%H:%M}")
    return "　".join(parts)


def chinese_date(day: date) -> str:
    """2026年12月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def workbook(tables: Sequence[Table], *, exported_at: datetime | None = None) -> bytes:
    """The .xlsx of ``tables``, one worksheet each, laid out as the module describes."""
    if not tables:
        raise ValueError("a workbook has at least one table")
    exported_at = exported_at or utcnow()
    wb = Workbook()
    _default_font(wb)
    wb.remove(wb.active)
    for table in tables:
        _write(wb.create_sheet(_sheet_name(table.sheet)), table, exported_at)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def totals(table: Table) -> list[Any]:
    """The 合计 row of ``table`` (empty when no column is summed): the label in the first column, each summed
    column's Decimal sum (of its numeric cells; 万元 and scores rounded half up to two places, as they are
    shown) and nothing elsewhere. The cells above keep their exact values (a 一览表 exported and imported again
    loses nothing), so a total may differ by 0.01 from the sum of the rounded figures shown, as in any ledger."""
    if not any(c.total for c in table.columns):
        return []
    row: list[Any] = [None] * len(table.columns)
    for i, column in enumerate(table.columns):
        if column.total:
            row[i] = sum((Decimal(str(r[i])) for r in table.rows
                          if isinstance(r[i], int | float | Decimal) and not isinstance(r[i], bool)), Decimal(0))
            if column.kind in ("money", "score"):
                row[i] = row[i].quantize(Decimal("0.01"), ROUND_HALF_UP)
    label_at = next((i for i, c in enumerate(table.columns) if not c.total), None)
    if label_at is not None:  # every column summed: the sums speak for themselves
        row[label_at] = TOTAL_LABEL
    return row


# ---------------------------------------------------------------- layout


def _default_font(wb: Workbook) -> None:
    """宋体 as the workbook's default font (the font of style 0 and of the Normal style), not Calibri."""
    default = Font(name=SONG, size=11, family=3, charset=134)
    wb._fonts = IndexedList([default])
    normal = wb._named_styles["Normal"]
    normal.font = default


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "、")
    return xml_safe(name)[:31] or "Sheet"


def _write(ws: Worksheet, table: Table, exported_at: datetime) -> None:
    columns = list(table.columns)
    if not columns:
        raise ValueError(f"table {table.sheet!r} has no columns")
    width = len(columns)
    last_letter = get_column_letter(width)
    ws.cell(TITLE_ROW, 1, cell_value(table.title)).font = _TITLE_FONT
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 30
    ws.cell(INFO_ROW, 1, info_line(table.region, table.period, exported_at)).font = _INFO_FONT
    ws.cell(INFO_ROW, 1).alignment = Alignment(horizontal="left", vertical="center")
    if width > 1:
        ws.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
        ws.merge_cells(f"A{INFO_ROW}:{last_letter}{INFO_ROW}")
    header_lines = 1
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, i, cell_value(column.header))
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_lines = max(header_lines, column.header.count("\n") + 1)
    ws.row_dimensions[HEADER_ROW].height = max(20.0, 15.0 * header_lines)

    rows = [list(r) for r in table.rows]
    for r in rows:
        if len(r) != width:
            raise ValueError(f"a row of {table.sheet!r} has {len(r)} cells for {width} columns")
    total_row = totals(table)
    body = [*rows, *([[None] * width] * table.blank_rows)]
    number = FIRST_DATA_ROW
    for values in body:
        _write_row(ws, number, columns, values, _CELL_FONT, table.row_height)
        number += 1
    if total_row:
        _write_row(ws, number, columns, total_row, _TOTAL_FONT, None)
        label = next((i for i, v in enumerate(total_row, start=1) if v == TOTAL_LABEL), None)
        if label is not None:
            ws.cell(number, label).alignment = Alignment(horizontal="center", vertical="center")
        number += 1
    last_table_row = number - 1
    for line in table.notes:
        number += 1
        ws.cell(number, 1, cell_value(line)).font = _INFO_FONT
        if width > 1:
            ws.merge_cells(f"A{number}:{last_letter}{number}")
        ws.cell(number, 1).alignment = Alignment(wrap_text=True, vertical="top")

    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _width(column, [r[i - 1] for r in (*rows, total_row) if r],
                                                    table.max_width)
        if column.header in table.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(table.choices[column.header]) + '"',
                                  allow_blank=True)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{max(last_table_row, FIRST_DATA_ROW + 999)}")
            ws.add_data_validation(rule)

    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, last_letter, max(last_table_row, HEADER_ROW) + len(table.notes) + (1 if table.notes else 0))


def _write_row(ws: Worksheet, number: int, columns: list[Column], values: Sequence[Any], font: Font,
               height: float | None) -> None:
    for i, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = ws.cell(number, i, cell_value(value))
        cell.font, cell.border = font, BORDER
        fmt = NUMBER_FORMATS.get(column.kind)
        if fmt:
            cell.number_format = fmt
        if column.kind in _NUMERIC:
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif column.kind in ("date", "datetime", "time"):
            cell.alignment = Alignment(horizontal="center", vertical="center")
        else:
            cell.alignment = Alignment(vertical="center", wrap_text=column.wrap)
    if height or any(c.kind == "sign" for c in columns):
        ws.row_dimensions[number].height = max(height or 0, SIGN_ROW_HEIGHT if any(
            c.kind == "sign" for c in columns) else 0)


def _shown(value: Any, kind: str) -> int:
    """The display width a value takes once formatted."""
    if value is None:
        return 0
    if kind == "money" and isinstance(value, int | float | Decimal):
        return len(f"{Decimal(str(value)):,.2f}")
    if kind in ("score", "percent") and isinstance(value, int | float | Decimal):
        return len(f"{Decimal(str(value)) * (100 if kind == 'percent' else 1):.2f}") + (kind == "percent")
    if isinstance(value, datetime):
        return 18
    if isinstance(value, date):
        return 12
    return max((display_width(line) for line in str(cell_value(value)).split("\n")), default=0)


def _width(column: Column, values: list[Any], cap: int = MAX_WIDTH) -> float:
    """At least the header's widest line and the column's minimum, at least its content up to the cap."""
    header = max(display_width(line) for line in column.header.split("\n")) + PADDING
    content = min(max((_shown(v, column.kind) for v in values), default=0) + PADDING, cap)
    width = max(header, content, column.width or 0)
    if column.kind == "sign":
        width = max(width, SIGN_WIDTH)
    return float(width)


def _print_setup(ws: Worksheet, last_letter: str, last_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_letter}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = SONG
    ws.oddFooter.center.size = 10
