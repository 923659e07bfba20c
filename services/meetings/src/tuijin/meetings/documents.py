"""The meetings service's document kit: the building blocks of its Word (.docx) and Excel (.xlsx) answers
and the attachment they are sent as. Each domain builds its own documents in its ``documents.py`` (the
notice and the meeting list in scheduling, the minutes and decided items in minutes, the sign-in sheet and
the bulletin in attendance)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tuijin.kernel.documents import numbering
from tuijin.kernel.documents.word import DocumentFormat, DocumentKind, cn_when, fetch_format
from tuijin.kernel.validation import xml_safe_row
from tuijin.meetings.models import documents
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
# (laid out by the kernel's official-document layer, tuijin.kernel.documents.word)


async def numbered(session: Any, request: Any, region_code: str, kind: DocumentKind, subject_key: str,
                   on: date | None = None) -> tuple[DocumentFormat, str, date]:
    """The region's format, the document's 字号 (its number got at the first download, kept after) and its date."""
    got = await numbering.number_for(session, documents, region_code, kind.value, subject_key, on)
    fmt = await fetch_format(request.app.state.upstreams, region_code, got.year)
    return fmt, fmt.number(kind, got.year, got.serial), got.on


def when(meeting: Meeting) -> str:
    """2026年12月8日（星期二）上午9:00."""
    return cn_when(meeting.meeting_date, meeting.start_time)
