"""Problems every domain of the meetings service shares: the field-naming base, units, periods and steps.

Each domain keeps its own problems in its ``errors.py``; the ones here are raised by the shared dependencies
(``deps.py``, ``access.py``, ``upstream.py``) or by more than one domain. Raise by class, never with a
``code=`` literal: the class fixes the code and the route lists the class."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.errors import BadRequest, Forbidden, ProblemError, ServiceUnavailable, Unprocessable


class FieldProblem(ProblemError):
    """A problem that names the field at fault (``body.x``, ``query.y``): ``errors`` carries the field, the
    message and the code as its ``type``. Mixed in before the status class: ``class X(FieldProblem,
    Unprocessable)``."""

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        if field is not None and "errors" not in extra:
            extra["errors"] = [{"field": field, "message": detail, "type": self.code}]
        super().__init__(detail, **extra)


class UnknownUnit(FieldProblem, Unprocessable):
    """A reference to a unit that is not the region's (registry)."""

    code = "unknown_unit"


class UnitForbidden(Forbidden):
    """A unit acts for another unit (only the unit itself or the office may)."""

    code = "unit_forbidden"


class UnitRequired(FieldProblem, Unprocessable):
    code = "unit_required"


class UnitNotInvited(FieldProblem, Unprocessable):
    """The unit is not invited to the meeting (nor its convener)."""

    code = "unit_not_invited"


class NotAUnitUser(FieldProblem, BadRequest):
    code = "not_a_unit_user"


class StepNotAllowed(Unprocessable):
    """The record's status does not allow this step now; nothing changes."""

    code = "step_not_allowed"


class InvalidWeek(FieldProblem, BadRequest):
    code = "invalid_week"


class PeriodRequired(FieldProblem, BadRequest):
    code = "period_required"


class InvalidPeriod(FieldProblem, BadRequest):
    """A query period that ends before it starts or spans more than two years."""

    code = "invalid_range"


class InvalidDateRange(FieldProblem, Unprocessable):
    """Dates of a body that end before they start (or span more than two years)."""

    code = "invalid_range"


class DuplicateUnit(FieldProblem, Unprocessable):
    code = "duplicate_unit"


class DateInPast(FieldProblem, Unprocessable):
    code = "date_in_past"


class ReasonRequired(FieldProblem, Unprocessable):
    code = "reason_required"


class UpstreamUnavailable(ServiceUnavailable):
    """Another service (registry, issues) cannot be reached now (raised by the kernel's ``Upstreams``; listed
    here so the routes that read another service document the code they answer with)."""

    code = "upstream_unavailable"
