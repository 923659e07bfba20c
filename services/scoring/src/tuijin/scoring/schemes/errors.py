"""The problems of scoring schemes (考核方案), each with its fixed code (zh-CN texts in ``messages.py``)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound


class SchemeNotFound(NotFound):
    """No such scheme, or one of a region the caller does not see."""

    code = "scheme_not_found"


class VersionNotFound(NotFound):
    """The scheme has no version of that number."""

    code = "version_not_found"


class SchemeCodeTaken(Conflict):
    """The region already has a scheme of that code."""

    code = "scheme_code_taken"


class WeightsDoNotAddUp(FieldProblem):
    code = "weights_do_not_add_up"


class DuplicateDimension(FieldProblem):
    code = "duplicate_dimension"


class PointsAboveWeight(FieldProblem):
    code = "points_above_weight"


class DimensionNotApplicable(FieldProblem):
    """A dimension that cannot score the scheme's subjects (observation sheets score projects only)."""

    code = "dimension_not_applicable"


class InvalidRatio(FieldProblem):
    code = "invalid_ratio"


VERSION_RULES = (WeightsDoNotAddUp, DuplicateDimension, PointsAboveWeight, DimensionNotApplicable, InvalidRatio)
"""What :func:`tuijin.scoring.schemes.service.validate_version` refuses."""
