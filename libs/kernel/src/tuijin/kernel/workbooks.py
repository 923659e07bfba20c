"""An uploaded Excel workbook (.xlsx) checked before a parser sees it: an .xlsx is a zip of XML parts, and a parser
(openpyxl) reads each part whole, whatever its size once decompressed. A 124 KB upload whose shared-strings part
held 51 MB took a minute of CPU; a 10 MB upload could hold gigabytes.

:func:`check_xlsx` opens the upload with ``zipfile`` and refuses it unless every part's declared decompressed size,
their total and each large part's compression ratio are within :class:`WorkbookLimits`, and the worksheets' cells
(the declared ``<dimension>``, and the cells, highest row and shared strings actually in the parts) within the
cell limits. The declared sizes bound what a parser can get: ``zipfile`` stops a part at its declared size (and
fails its CRC). What is counted is read in chunks, never a part held whole. Only the standard library is used.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO

from tuijin.kernel.errors import ProblemError

MIB = 1024 * 1024
_CHUNK = MIB
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d+)\"")
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?\"")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


@dataclass(frozen=True)
class WorkbookLimits:
    """What an uploaded workbook may hold. The defaults take a 一览表 of 5,000 rows of some 20 columns (saved by
    Excel, WPS or openpyxl: about 11 MB of worksheet XML, compressed about 20 times) with room to spare."""

    max_parts: int = 500
    max_part_bytes: int = 32 * MIB
    max_total_bytes: int = 64 * MIB
    max_ratio: int = 100
    """Decompressed / compressed size of a part over ``ratio_from_bytes``: XML compresses 5 to 30 times, a
    part made to explode (the same bytes repeated) hundreds to thousands of times."""
    ratio_from_bytes: int = MIB
    max_cells: int = 300_000
    """Cells of a worksheet, by its declared dimension (rows × columns) and by the cells it holds."""
    max_rows: int = 50_000
    """The highest row number a worksheet may use (a parser yields every empty row up to it)."""
    max_shared_strings: int = 300_000


class WorkbookRefused(ProblemError):
    """An upload refused before parsing: not a workbook, or too many cells (422). ``errors`` names the form
    field."""

    status, code = 422, "workbook_invalid"

    def __init__(self, field: str, type_: str, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, code=code, errors=[{"field": field, "message": detail, "type": type_}])


class WorkbookTooLarge(WorkbookRefused):
    """An upload refused before parsing because it is too large, as sent or once decompressed (413)."""

    status, code = 413, "workbook_too_large"


def _megabytes(n: int) -> str:
    return f"{n / MIB:.1f}"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - ord("A") + 1)
    return number


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's decompressed bytes in chunks, each with the end of the one before (so that a tag cut in two
    by a chunk boundary is still seen whole once; the overlap is shorter than any tag counted twice)."""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield tail + chunk
            tail = chunk[-32:]


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern[bytes]) -> int:
    count = 0
    overlap = 0
    for chunk in _chunks(archive, info):
        count += len(pattern.findall(chunk))
        count -= len(pattern.findall(chunk[:overlap])) if overlap else 0
        overlap = 32
    return count


def _highest_row(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    highest = 0
    for chunk in _chunks(archive, info):
        for number in _ROW_NUMBER.findall(chunk):
            highest = max(highest, int(number))
    return highest


def _dimension_cells(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int] | None:
    """The worksheet's declared range and its cell count (the dimension comes first, before the rows)."""
    with archive.open(info) as part:
        head = part.read(64 * 1024)
    found = _DIMENSION.search(head)
    if found is None:
        return None
    first_col, first_row, last_col, last_row = found.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(_column_number(last_col) - _column_number(first_col)) + 1
    return found.group(0).split(b'"')[1].decode("ascii"), rows * columns


def check_xlsx(data: bytes, *, field: str = "file", invalid_code: str = "workbook_invalid",
               limits: WorkbookLimits = WorkbookLimits()) -> None:
    """Refuse ``data`` (an uploaded .xlsx, the form field ``field``) with a :class:`WorkbookRefused` unless it is
    a zip within ``limits``: 413 ``workbook_too_large`` for a part, the whole or a compression ratio over the
    limits; 422 ``invalid_code`` for a file that is not a workbook (type ``not_xlsx``, ``encrypted``,
    ``too_many_parts``) or a worksheet with too many cells or rows (``too_many_cells``, ``too_many_rows``,
    ``too_many_strings``). Synchronous and CPU-bound (it decompresses the worksheets to count): run it where the
    parser runs, in a worker thread."""

    def invalid(type_: str, detail: str) -> WorkbookRefused:
        return WorkbookRefused(field, type_, detail, code=invalid_code)

    def too_large(type_: str, detail: str) -> WorkbookRefused:
        return WorkbookTooLarge(field, type_, detail)

    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise invalid("not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_parts:
            raise invalid("too_many_parts", f"文件包含 {len(infos)} 个部件，不是有效的 Excel 工作簿（.xlsx）。")
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise invalid("not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise invalid("encrypted", "文件已加密，请取消密码保护后再上传。")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise invalid("not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）：部件的压缩方式不受支持。")
            if info.file_size > limits.max_part_bytes:
                raise too_large("part_too_large", f"文件中的 {info.filename} 解压后为 {_megabytes(info.file_size)} "
                                f"MB，超过上限 {_megabytes(limits.max_part_bytes)} MB。")
            if (info.file_size > limits.ratio_from_bytes
                    and info.file_size > limits.max_ratio * max(1, info.compress_size)):
                ratio = info.file_size // max(1, info.compress_size)
                raise too_large("compression_ratio", f"文件中的 {info.filename} 压缩比异常（{ratio} 倍，上限 "
                                f"{limits.max_ratio} 倍），不予处理。")
            total += info.file_size
        if total > limits.max_total_bytes:
            raise too_large("uncompressed_too_large", f"文件解压后共 {_megabytes(total)} MB，超过上限 "
                            f"{_megabytes(limits.max_total_bytes)} MB。")
        try:
            for info in infos:
                if _WORKSHEET.match(info.filename):
                    _check_worksheet(archive, info, limits, invalid)
                elif info.filename == "xl/sharedStrings.xml":
                    strings = _count(archive, info, _SHARED_STRING)
                    if strings > limits.max_shared_strings:
                        raise invalid("too_many_strings", f"文件含 {strings} 个文本，超过上限 "
                                      f"{limits.max_shared_strings} 个。")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # a part that does not decompress
            raise invalid("not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）：部件已损坏。") from exc


def _check_worksheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: WorkbookLimits,
                     invalid: Callable[[str, str], WorkbookRefused]) -> None:
    sheet = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    dimension = _dimension_cells(archive, info)
    if dimension is not None and dimension[1] > limits.max_cells:
        raise invalid("too_many_cells", f"工作表 {sheet} 的范围 {dimension[0]} 含 {dimension[1]} 个单元格，"
                      f"超过上限 {limits.max_cells} 个。")
    cells = _count(archive, info, _CELL)
    if cells > limits.max_cells:
        raise invalid("too_many_cells", f"工作表 {sheet} 含 {cells} 个单元格，超过上限 {limits.max_cells} 个。")
    highest = _highest_row(archive, info)
    if highest > limits.max_rows:
        raise invalid("too_many_rows", f"工作表 {sheet} 用到第 {highest} 行，超过上限 {limits.max_rows} 行。")
