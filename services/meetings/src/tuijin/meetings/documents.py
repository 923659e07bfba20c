"""The meetings service's document kit: the building blocks of its Word (.docx) answers and the attachment
every document is sent as (workbooks are laid out by :mod:`tuijin.kernel.documents.excel`). Each domain builds
its own documents in its ``documents.py`` (the notice and the meeting list in scheduling, the minutes and
decided items in minutes, the sign-in sheet and the bulletin in attendance)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Response

from tuijin.kernel.documents import downloads, numbering
from tuijin.kernel.documents.downloads import DOCX_MEDIA_TYPE, DOCX_RESPONSE, XLSX_MEDIA_TYPE, XLSX_RESPONSE
from tuijin.kernel.documents.word import DocumentFormat, DocumentKind, cn_when, fetch_format
from tuijin.meetings.models import documents
from tuijin.meetings.scheduling.models import Meeting

__all__ = ["DOCX_MEDIA_TYPE", "DOCX_RESPONSE", "XLSX_MEDIA_TYPE", "XLSX_RESPONSE"]


content_disposition = downloads.content_disposition


def attachment(content: bytes, filename: str, fallback: str) -> Response:
    """The document under its Chinese name (``filename*``) and an ASCII fallback; the media type follows the
    extension."""
    return downloads.attachment(content, filename, fallback)


def docx_attachment(content: bytes, filename: str, fallback: str) -> Response:
    return downloads.attachment(content, filename, fallback)


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
