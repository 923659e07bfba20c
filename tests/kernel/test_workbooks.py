"""The check of an uploaded .xlsx before parsing (tuijin.kernel.workbooks): each limit refuses what is over it
and a real workbook of the largest size the 一览表 import takes passes the defaults."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook

from tuijin.kernel.workbooks import WorkbookLimits, WorkbookRefused, WorkbookTooLarge, check_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx(rows: int, columns: int = 21) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for r in range(rows):
        sheet.append([f"第{r}行第{c}列的项目建设内容" if c % 2 else r * 100 + c for c in range(columns)])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with(data: bytes, parts: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.pop(info.filename, None) or source.read(info.filename))
        for name, part in parts.items():
            target.writestr(name, part)
    return out.getvalue()


def _refusal(data: bytes, **limits: int) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as refused:
        check_xlsx(data, field="upload", limits=WorkbookLimits(**limits))
    [error] = refused.value.extra["errors"]
    assert error["field"] == "upload"
    return refused.value


def test_a_workbook_of_5000_rows_of_21_columns_passes_the_default_limits():
    check_xlsx(_xlsx(5000))


def test_each_part_and_the_total_are_held_to_their_decompressed_limits():
    data = _xlsx(200)
    sheet = next(i for i in zipfile.ZipFile(BytesIO(data)).infolist() if i.filename == "xl/worksheets/sheet1.xml")

    part = _refusal(data, max_part_bytes=sheet.file_size - 1)
    total = _refusal(data, max_total_bytes=sheet.file_size)

    assert isinstance(part, WorkbookTooLarge) and part.status == 413
    assert part.extra["errors"][0]["type"] == "part_too_large"
    assert total.status == 413 and total.extra["errors"][0]["type"] == "uncompressed_too_large"
    check_xlsx(data, limits=WorkbookLimits(max_part_bytes=sheet.file_size, max_total_bytes=sheet.file_size * 2))


def test_cells_rows_parts_and_shared_strings_are_counted_against_their_limits():
    data = _xlsx(300, columns=10)  # 3,000 cells on rows 1 to 300
    strings = _with(data, {"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">'.encode()
                           + b"".join(b"<si><t>%d</t></si>" % i for i in range(1001)) + b"</sst>"})

    assert _refusal(data, max_cells=2999).extra["errors"][0]["type"] == "too_many_cells"
    assert _refusal(data, max_rows=299).extra["errors"][0]["type"] == "too_many_rows"
    assert _refusal(data, max_parts=3).extra["errors"][0]["type"] == "too_many_parts"
    assert _refusal(strings, max_shared_strings=1000).extra["errors"][0]["type"] == "too_many_strings"
    assert _refusal(data, max_cells=2999).status == 422
    check_xlsx(strings, limits=WorkbookLimits(max_cells=3000, max_rows=300, max_shared_strings=1001))


def test_an_encrypted_part_is_refused_as_not_readable():
    data = bytearray(_xlsx(2))
    # set the "encrypted" flag of every central-directory entry
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        data[at + 8] |= 0x1
        at += 4

    assert _refusal(bytes(data)).extra["errors"][0]["type"] == "encrypted"
