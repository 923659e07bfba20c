"""The organisation's typed problems: each a fixed ``code`` with its zh-CN text in :mod:`tuijin.registry.messages`."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound


class RegionNotFound(NotFound):
    code = "region_not_found"


class RegionExists(Conflict):
    code = "region_exists"


class InvalidReference(FieldProblem):
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
