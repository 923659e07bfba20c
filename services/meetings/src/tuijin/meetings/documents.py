"""The meetings service's document kit: the building blocks of its Word (.docx) and Excel (.xlsx) answers
and the attachment they are sent as. Each domain builds its own documents in its ``documents.py`` (the
notice and the meeting list in scheduling, the minutes and decided items in minutes, the sign-in sheet and
the bulletin in attendance)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tuijin.kernel.validation import xml_safe, xml_safe_row
from tuijin.meetings.scheduling.models import Meeting

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "an Excel workbook (.xlsx), as an attachment with a file name",
        "content": {XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
DOCX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a Word document (.docx), as an attachment with a file name",
        "content": {DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real (Chinese) name as ``filename*`` (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def attachment(content: bytes, filename: str, fallback: str, media_type: str = XLSX_MEDIA_TYPE) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": content_disposition(filename, fallback)})


def docx_attachment(content: bytes, filename: str, fallback: str) -> Response:
    return attachment(content, filename, fallback, DOCX_MEDIA_TYPE)


# ---------------------------------------------------------------- workbooks


def sheet(wb: Workbook, title: str, caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[int]) -> None:
    ws = wb.active
    ws.title = title
    ws.append(xml_safe_row([caption]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(xml_safe_row(headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(xml_safe_row(row))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"


def save_workbook(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Word documents


def document() -> Any:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    return doc


def title(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = CENTER
    run = p.add_run(xml_safe(text))
    run.bold = True
    run.font.size = Pt(20)
    run.font.name = TITLE_FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), TITLE_FONT)


def heading(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(xml_safe(text)).bold = True


def table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = xml_safe(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = xml_safe(text)


def save_document(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def when(meeting: Meeting) -> str:
    d = meeting.meeting_date
    return f"{d.year}年{d.month}月{d.day}日 {meeting.start_time.strftime('%H:%M')}"
