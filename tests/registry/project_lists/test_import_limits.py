"""The 一览表 import refuses a workbook over the limits before parsing it (a 124 KB upload with a 51 MB
shared-strings part took 64 s of CPU): each part's decompressed size, the total, the compression ratio, the
sheet's cells and rows; and a file that is not a workbook, or breaks while it is parsed, is a 422, never a 500.
The refusals' types say the workbook was never handed to the parser."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from tests.registry.project_lists.bombs import shared_strings, with_parts, worksheet
from tests.registry.project_lists.sheets import upload

MIB = 1024 * 1024


def refused(resp, status: int, code: str, type_: str) -> str:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["code"] == code
    [error] = body["errors"]
    assert (error["field"], error["type"]) == ("file", type_)
    return body["detail"]


async def test_a_shared_strings_part_of_51_mb_in_a_small_upload_is_a_413(county):
    bomb = with_parts({"xl/sharedStrings.xml": shared_strings(b"<si><t>x</t></si>" * (3 * MIB))})
    assert len(bomb) < 200_000

    detail = refused(await upload(county, bomb), 413, "workbook_too_large", "part_too_large")
    assert "xl/sharedStrings.xml" in detail and "上限 32.0 MB" in detail


async def test_a_part_under_the_size_limit_that_is_compressed_hundreds_of_times_is_a_413(county):
    bomb = with_parts({"xl/sharedStrings.xml": shared_strings(b"<si><t>x</t></si>" * MIB)})  # 17 MB

    detail = refused(await upload(county, bomb), 413, "workbook_too_large", "compression_ratio")
    assert "压缩比异常" in detail


async def test_a_sheet_that_declares_a_huge_range_is_a_422_too_many_cells(county):
    """A parser pads every row to the declared width: A1:XFD1048576 would be 17 billion cells."""
    sheet = worksheet("A1:XFD1048576", b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>')
    bomb = with_parts({"xl/worksheets/sheet1.xml": sheet})

    detail = refused(await upload(county, bomb), 422, "import_file_invalid", "too_many_cells")
    assert "A1:XFD1048576" in detail


async def test_a_sheet_with_a_row_far_down_is_a_422_too_many_rows(county):
    sheet = worksheet(None, b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>')

    refused(await upload(county, with_parts({"xl/worksheets/sheet1.xml": sheet})), 422, "import_file_invalid",
            "too_many_rows")


async def test_a_sheet_holding_more_cells_than_the_limit_is_a_422_whatever_its_dimension_says(county):
    cells = b"".join(b'<row r="%d">' % r + b"".join(b"<c><v>%d</v></c>" % (r * 100 + i) for i in range(100))
                     + b"</row>" for r in range(1, 3_100))
    sheet = worksheet("A1:A1", cells)

    refused(await upload(county, with_parts({"xl/worksheets/sheet1.xml": sheet})), 422, "import_file_invalid",
            "too_many_cells")


@pytest.mark.parametrize("data", [
    b"not a spreadsheet",
    b"PK\x03\x04" + b"\x00" * 100,
    b"",
], ids=["text", "broken-zip", "empty"])
async def test_a_file_that_is_not_a_zip_is_a_422_naming_the_file(county, data):
    refused(await upload(county, data), 422, "import_file_invalid", "not_xlsx")


def _zip(parts: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


async def test_a_zip_that_is_not_a_workbook_is_a_422_naming_the_file(county):
    refused(await upload(county, _zip({"notes.txt": b"hello"})), 422, "import_file_invalid", "not_xlsx")


@pytest.mark.parametrize("part,content", [
    ("xl/workbook.xml", b"<workbook><not-closed>"),
    ("xl/worksheets/sheet1.xml", b"<?xml version='1.0'?><worksheet><sheetData><row r='1'><c r='A1'"),
    ("xl/styles.xml", b"\x00\x01binary"),
])
async def test_a_workbook_whose_parts_do_not_parse_is_a_422_not_a_500(county, part, content):
    resp = await upload(county, with_parts({part: content}))

    refused(resp, 422, "import_file_invalid", "not_xlsx")


async def test_a_file_over_10_mb_is_a_413_naming_the_file(county):
    refused(await upload(county, b"PK" + b"\x00" * (10 * MIB)), 413, "workbook_too_large", "file_too_large")
