"""The organisation's typed problems: each a fixed ``code`` with its zh-CN text in :mod:`tuijin.registry.messages`."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound, Unprocessable


class FieldRule(FieldProblem):
    """A :class:`~tuijin.kernel.errors.FieldProblem` whose field error may keep its own short ``message`` and
    ``type`` (e.g. ``"required with tier"``, ``missing``) beside the problem's detail."""

    def __init__(self, field: str, detail: str, *, message: str | None = None, type: str | None = None,
                 **extra: Any) -> None:
        error = {"field": field, "message": message or detail, "type": type or self.code}
        Unprocessable.__init__(self, detail, errors=[error], **extra)


class RegionNotFound(NotFound):
    code = "region_not_found"


class RegionExists(Conflict):
    code = "region_exists"


class InvalidReference(FieldRule):
    """A referenced record (parent region, unit, person, post, system) does not exist in the region."""

    code = "invalid_reference"


class UnitNotFound(NotFound):
    code = "unit_not_found"


class UnitNameTaken(Conflict):
    code = "unit_name_taken"


class PostNotFound(NotFound):
    code = "post_not_found"


class PostTitleTaken(Conflict):
    code = "post_title_taken"


class AlreadyHolder(Conflict):
    code = "already_holder"


class StartBeforeCurrent(FieldProblem):
    code = "start_before_current"


class SystemNameTaken(Conflict):
    code = "system_name_taken"


class OrganisationWorkbookInvalid(Unprocessable):
    """Rows of the organisation workbook have errors: ``errors`` lists every one (sheet, row, column label,
    reason in Chinese) on every sheet, and nothing was written."""

    code = "organisation_workbook_invalid"
