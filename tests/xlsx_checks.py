"""Reading a print-ready workbook back (openpyxl) and listing what is not as the document layer
(tuijin.kernel.documents.excel) lays it out: the checks the kernel's layer tests and every service's export
tests share."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tuijin.kernel.documents.excel import FONTS, HEADER_ROW, display_width

TWO_DECIMALS = {"0.00", "#,##0.00"}
RAW_CODE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
"""A code such as under_construction (a lower-case word with an underscore) where a label should be."""


def sheets(content: bytes) -> dict[str, Worksheet]:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: ws for ws in wb.worksheets}


def header(ws: Worksheet) -> list[str]:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def column(ws: Worksheet, name: str) -> int:
    """The 1-based column of the header ``name``."""
    return header(ws).index(name) + 1


def data_rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    """The rows under the header up to (without) the 合计 row, an empty row or the notes."""
    out = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if "合计" in row or all(v is None for v in row):
            break
        out.append(row)
    return out


def totals_row(ws: Worksheet) -> tuple[Any, ...] | None:
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if "合计" in row:
            return row
    return None


def print_defects(ws: Worksheet) -> list[str]:
    """What the layout of one worksheet lacks: print setup, footer, frozen header, borders, fonts, widths."""
    out = []
    ps = ws.page_setup
    if ps.orientation != "landscape":
        out.append(f"orientation {ps.orientation}")
    if str(ps.paperSize) != "9":
        out.append(f"paper {ps.paperSize} (A4 is 9)")
    if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage):
        out.append("not fitted to the page")
    if ps.fitToWidth not in (1, "1") or ps.fitToHeight not in (0, "0"):
        out.append(f"fit {ps.fitToWidth} wide, {ps.fitToHeight} tall (1 wide, 0 = any tall)")
    if ws.print_title_rows != f"${HEADER_ROW}:${HEADER_ROW}":
        out.append(f"print title rows {ws.print_title_rows}")
    if ws.oddFooter.center.text != "第&P页 共&N页":
        out.append(f"footer {ws.oddFooter.center.text!r}")
    if ws.freeze_panes != f"A{HEADER_ROW + 1}":
        out.append(f"frozen at {ws.freeze_panes}")
    title, info = ws.cell(1, 1).value or "", ws.cell(2, 1).value or ""
    if not title or "导出时间" not in info:
        out.append(f"title rows {title!r} / {info!r}")
    heads = list(ws[HEADER_ROW])
    last = max(c.column for c in heads if c.value is not None)
    for c in heads[:last]:
        letter = c.column_letter
        width = ws.column_dimensions[letter].width
        if c.value is None:
            out.append(f"header {letter} empty")
        elif width < max(display_width(line) for line in str(c.value).split("\n")):
            out.append(f"header {c.value} wider ({display_width(str(c.value))}) than its column ({width})")
    end = ws.max_row
    for row in ws.iter_rows(min_row=HEADER_ROW, max_row=end, max_col=last):
        if all(c.value is None for c in row) and not any(c.border.left.style for c in row):
            break  # the notes under the table
        if row[0].coordinate in ws.merged_cells:
            break
        for c in row:
            if not all(s.style == "thin" for s in (c.border.left, c.border.right, c.border.top, c.border.bottom)):
                out.append(f"{c.coordinate} without a thin border")
            if c.font.name not in FONTS:
                out.append(f"{c.coordinate} in {c.font.name}")
            if isinstance(c.value, str) and RAW_CODE.search(c.value):
                out.append(f"{c.coordinate} shows a code: {c.value!r}")
    for c in (ws.cell(1, 1), ws.cell(2, 1)):
        if c.font.name not in FONTS:
            out.append(f"{c.coordinate} in {c.font.name}")
    return out


def number_format_defects(ws: Worksheet, headers: list[str], formats: set[str] = TWO_DECIMALS) -> list[str]:
    """Cells of the named columns (data and totals) that are not numbers in one of ``formats``."""
    out = []
    for name in headers:
        col = column(ws, name)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=col, max_col=col):
            c = row[0]
            if c.value is None:
                continue
            if not isinstance(c.value, int | float | Decimal):
                out.append(f"{name} {c.coordinate} holds {c.value!r}, not a number")
            elif c.number_format not in formats:
                out.append(f"{name} {c.coordinate} formatted {c.number_format!r}")
    return out


def chinese_file_name(disposition: str) -> str:
    """The ``filename*`` name of a Content-Disposition (RFC 6266), asserting the ASCII fallback is there."""
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
    assert match, disposition
    assert re.search(r'filename="[\x20-\x7e]+"', disposition), disposition
    name = unquote(match.group(1))
    assert re.search(r"[\u4e00-\u9fff]", name), name
    return name
