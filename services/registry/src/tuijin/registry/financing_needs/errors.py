"""The problems of the financing needs list, one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound


class FinancingNeedNotFound(NotFound):
    code = "financing_need_not_found"


class FinancingNeedExists(Conflict):
    """A project states one need per year and channel; change it instead."""

    code = "financing_need_exists"


class UnitForbidden(Forbidden):
    """A unit states needs only for projects it is responsible for or owns."""

    code = "unit_forbidden"


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class Required(FieldProblem):
    code = "required"
