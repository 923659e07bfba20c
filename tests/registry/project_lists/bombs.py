"""Workbooks built in memory to attack the import: a valid 一览表 with one part replaced or added, zipped so
that a part of many megabytes takes a few kilobytes of upload."""

from __future__ import annotations

import zipfile
from io import BytesIO

from tests.registry.project_lists.sheets import make_xlsx, row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_parts(parts: dict[str, bytes], base: bytes | None = None) -> bytes:
    """``base`` (a valid one-row 一览表 by default) with ``parts`` replacing or added to its parts; a shared
    strings part is declared in the content types and the workbook's relationships."""
    source = zipfile.ZipFile(BytesIO(base or make_xlsx([row()])))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = parts.pop(info.filename, None) or source.read(info.filename)
            if info.filename == "[Content_Types].xml" and "xl/sharedStrings.xml" in parts:
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                    f'"{SHARED_STRINGS_TYPE}"/></Types>'.encode())
            if info.filename == "xl/_rels/workbook.xml.rels" and "xl/sharedStrings.xml" in parts:
                data = data.replace(b"</Relationships>", f'<Relationship Id="rId99" Type="{SHARED_STRINGS_REL}" '
                                    f'Target="sharedStrings.xml"/></Relationships>'.encode())
            target.writestr(info.filename, data)
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def shared_strings(body: bytes) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode() + body + b"</sst>"


def worksheet(dimension: str | None, rows: bytes) -> bytes:
    head = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode() + head
            + b"<sheetData>" + rows + b"</sheetData></worksheet>")
