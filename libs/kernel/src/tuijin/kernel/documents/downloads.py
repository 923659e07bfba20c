"""How a document leaves the API: the attachment with its Chinese file name (RFC 6266 ``filename*``) and an
ASCII fallback for old clients, the media type of its extension, and the OpenAPI description of the answer."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import Response

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {".xlsx": XLSX_MEDIA_TYPE, ".docx": DOCX_MEDIA_TYPE}


def _binary(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {
        "description": f"{what}, as an attachment named in Chinese (Content-Disposition with filename*)",
        "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"Content-Disposition": {
            "description": "attachment; filename=\"<ASCII name>\"; filename*=UTF-8''<the Chinese name, "
                           "percent-encoded> (RFC 6266)",
            "schema": {"type": "string"}}},
    }}


XLSX_RESPONSE = _binary(XLSX_MEDIA_TYPE, "an Excel workbook (.xlsx)")
DOCX_RESPONSE = _binary(DOCX_MEDIA_TYPE, "a Word document (.docx)")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(name: str) -> str:
    """``name`` without the characters no file system takes (/ \\ : * ? " < > | and controls)."""
    return _UNSAFE.sub("_", name).strip() or "document"


def ascii_fallback(fallback: str) -> str:
    """The ASCII ``filename`` for clients that do not read ``filename*``: letters, digits, . _ - only."""
    return _NOT_ASCII_NAME.sub("-", fallback).strip("-") or "document"


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real (Chinese) name as ``filename*`` (RFC 6266, RFC 8187
    percent-encoding of its UTF-8)."""
    return (f"attachment; filename=\"{ascii_fallback(fallback)}\"; "
            f"filename*=UTF-8''{quote(file_name(filename), safe='')}")


def attachment(content: bytes, filename: str, fallback: str) -> Response:
    """The document as a download; its media type follows the extension of ``filename`` (.xlsx or .docx)."""
    extension = filename[filename.rfind("."):].lower()
    if extension not in MEDIA_TYPES:
        raise ValueError(f"not a document file name: {filename!r}")
    return Response(content, media_type=MEDIA_TYPES[extension],
                    headers={"Content-Disposition": content_disposition(filename, fallback)})
