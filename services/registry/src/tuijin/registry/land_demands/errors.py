"""The problems of the land demand list, one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound


class LandDemandNotFound(NotFound):
    code = "land_demand_not_found"


class LandDemandExists(Conflict):
    """A project states one demand per year and land kind; change it instead."""

    code = "land_demand_exists"


class UnitForbidden(Forbidden):
    """A unit states demands only for projects it is responsible for or owns."""

    code = "unit_forbidden"


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class Required(FieldProblem):
    code = "required"
