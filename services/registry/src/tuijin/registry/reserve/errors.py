"""The problems of the reserve library (储备库), one class per code; routes list them in ``responses=``."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound, Unprocessable


class ReserveEntryNotFound(NotFound):
    code = "reserve_entry_not_found"


class UnitForbidden(Forbidden):
    """A unit proposes only projects it is responsible for or owns, and in its own name."""

    code = "unit_forbidden"


class ReserveEntryExists(Conflict):
    code = "reserve_entry_exists"


class EntryPromoted(Conflict):
    """A promoted entry is the record of its promotion and does not change."""

    code = "entry_promoted"


class PromotionRefused(Unprocessable):
    """Nothing was promoted; ``errors`` names each failing item (``entry_not_found``, ``duplicate_entry``,
    ``entry_promoted``, ``project_not_in_reserve``, ``year_plan_exists``, ``selection_check_failed``)."""

    code = "promotion_refused"


# ---------------------------------------------------------------- a field of the request at fault (422)


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class LevelUnitMismatch(FieldProblem):
    code = "level_unit_mismatch"


class FirstYearExceedsTotal(FieldProblem):
    code = "first_year_exceeds_total"


class YearInPast(FieldProblem):
    code = "year_in_past"


class ProjectNotInReserve(FieldProblem):
    code = "project_not_in_reserve"


class Required(FieldProblem):
    code = "required"


# what checking an entry's fields can answer (create and edit)
ENTRY_FIELD_PROBLEMS = (UnitForbidden, InvalidReference, LevelUnitMismatch, FirstYearExceedsTotal, YearInPast)


# ---------------------------------------------------------------- raised by the registry helpers these routes call
# (the projects' ``change_stage``, when a promotion or a swap moves a project's stage); declared here so the
# routes list it


class StageTransitionNotAllowed(Unprocessable):
    code = "stage_transition_not_allowed"


class StageNotUsed(Unprocessable):
    """The stage moved to is one the region does not use (its ``stages`` policy)."""

    code = "stage_not_used"
