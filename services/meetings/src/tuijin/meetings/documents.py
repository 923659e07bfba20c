"""The meetings service's document kit: the building blocks of its Word (.docx) answers and the attachment
every document is sent as (workbooks are laid out by :mod:`tuijin.kernel.documents.excel`). Each domain builds
its own documents in its ``documents.py`` (the notice and the meeting list in scheduling, the minutes and
decided items in minutes, the sign-in sheet and the bulletin in attendance)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fastapi import Response

from tuijin.kernel.documents import downloads
from tuijin.kernel.documents.downloads import DOCX_MEDIA_TYPE, DOCX_RESPONSE, XLSX_MEDIA_TYPE, XLSX_RESPONSE
from tuijin.kernel.validation import xml_safe
from tuijin.meetings.scheduling.models import Meeting

__all__ = ["DOCX_MEDIA_TYPE", "DOCX_RESPONSE", "XLSX_MEDIA_TYPE", "XLSX_RESPONSE"]
BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


content_disposition = downloads.content_disposition


def attachment(content: bytes, filename: str, fallback: str) -> Response:
    """The document under its Chinese name (``filename*``) and an ASCII fallback; the media type follows the
    extension."""
    return downloads.attachment(content, filename, fallback)


def docx_attachment(content: bytes, filename: str, fallback: str) -> Response:
    return downloads.attachment(content, filename, fallback)


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
