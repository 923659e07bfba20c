"""The project library's typed problems: each a fixed ``code`` with its zh-CN text in
:mod:`tuijin.registry.messages`."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, NotFound
from tuijin.registry.organisation.errors import FieldRule


class ProjectNotFound(NotFound):
    """No such project, or the caller may not see it (the same answer: an id tells nothing)."""

    code = "project_not_found"


class ProjectCodeTaken(Conflict):
    code = "project_code_taken"


class NationalCodeTaken(Conflict):
    code = "national_code_taken"


class RegionRequired(FieldRule):
    """A filter (the list tier) that needs one region, asked without one."""

    code = "region_required"


class ReasonRequired(FieldRule):
    code = "reason_required"


class FieldRequired(FieldRule):
    """A field that cannot be removed (the responsible unit, the total investment)."""

    code = "required"


class StageTransitionNotAllowed(FieldRule):
    code = "stage_transition_not_allowed"


class StageNotUsed(FieldRule):
    """A stage the region's ``stages`` policy does not list (e.g. 招商 outside 惠济)."""

    code = "stage_not_used"


class DuplicateMember(FieldRule):
    code = "duplicate_member"


class ResponsibleAsCoUnit(FieldRule):
    code = "responsible_as_co_unit"


class DatesOutOfOrder(FieldRule):
    code = "dates_out_of_order"


class MonthlyPlanSumMismatch(FieldRule):
    """The twelve months of a monthly investment plan do not add up to the year's planned investment."""

    code = "monthly_plan_sum_mismatch"


class YearPlanNotFound(NotFound):
    code = "year_plan_not_found"
