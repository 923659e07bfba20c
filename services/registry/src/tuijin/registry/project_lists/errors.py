"""The project lists' typed problems: each a fixed ``code`` with its zh-CN text in :mod:`tuijin.registry.messages`.
A file too large is the kernel's :class:`~tuijin.kernel.workbooks.WorkbookTooLarge` (413)."""

from __future__ import annotations

from tuijin.kernel.errors import NotFound, Unprocessable


class ImportFileInvalid(Unprocessable):
    """Not an .xlsx workbook, no header row, or no project rows (``errors`` names ``file``)."""

    code = "import_file_invalid"


class ImportRowsInvalid(Unprocessable):
    """Some rows have errors: ``errors`` lists every one (``rows.<n>.<column>``) and nothing was imported."""

    code = "import_rows_invalid"


class ImportNotFound(NotFound):
    code = "import_not_found"


class ExportTooLarge(Unprocessable):
    """More projects than one export holds; narrow the filters."""

    code = "export_too_large"
