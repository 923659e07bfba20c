"""The problems of dynamic management (动态管理), one class per code; routes list them in ``responses=``."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound, Unprocessable
from tuijin.registry.reserve.errors import StageNotUsed, StageTransitionNotAllowed


class SwapNotFound(NotFound):
    code = "swap_not_found"


class SwapRequesterForbidden(Forbidden):
    """Only the office or the responsible (or owner) unit of the project moved out requests or withdraws."""

    code = "unit_forbidden"


class StepRoleRequired(Forbidden):
    code = "step_role_required"


class SwapPending(Conflict):
    code = "swap_pending"


class SwapClosed(Conflict):
    code = "swap_closed"


class StepOutOfOrder(Conflict):
    code = "step_out_of_order"


class StepAlreadyDecided(Conflict):
    code = "step_already_decided"


class NoLongerInYearList(Conflict):
    """At the final approval the project moved out has left the list meanwhile."""

    code = "not_in_year_list"


class AlreadyInYearList(Conflict):
    """At the final approval the replacement has entered the list meanwhile."""

    code = "already_in_year_list"


class ReplacementFinished(Conflict):
    code = "replacement_finished"


class ReplacementLeftReserve(Conflict):
    code = "not_in_reserve_library"


class ReplacementNotComparable(Unprocessable):
    """The replacement's investment is outside the region's tolerance; ``errors`` names each failed rule."""

    code = "replacement_not_comparable"


# ---------------------------------------------------------------- a field of the request at fault (422)


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class OtherRegion(FieldProblem):
    code = "other_region"


class YearInPast(FieldProblem):
    code = "year_in_past"


class SameProject(FieldProblem):
    code = "same_project"


class NotInYearList(FieldProblem):
    code = "not_in_year_list"


class NoLeaderPost(FieldProblem):
    code = "no_leader_post"


class ReplacementInYearList(FieldProblem):
    code = "already_in_year_list"


class ReplacementFinishedField(FieldProblem):
    code = "replacement_finished"


class NotInReserveLibrary(FieldProblem):
    code = "not_in_reserve_library"


class NotApplicable(FieldProblem):
    code = "not_applicable"


class StepNotInChain(FieldProblem):
    """A decision on a step the request's approval chain does not have (the region's ``swap_chain`` policy)."""

    code = "step_not_in_chain"


class Missing(FieldProblem):
    code = "missing"


REQUEST_PROBLEMS = (
    SwapRequesterForbidden, SwapPending, ReplacementNotComparable, InvalidReference, OtherRegion, YearInPast,
    SameProject, NotInYearList, NoLeaderPost, ReplacementInYearList, ReplacementFinishedField,
    NotInReserveLibrary, NotApplicable, Missing, StageNotUsed,
)
DECIDE_PROBLEMS = (
    SwapNotFound, SwapClosed, StepNotInChain, StepRoleRequired, StepOutOfOrder, StepAlreadyDecided, Missing,
    NoLongerInYearList, AlreadyInYearList, ReplacementFinished, ReplacementLeftReserve, ReplacementNotComparable,
    StageTransitionNotAllowed, StageNotUsed,
)
WITHDRAW_PROBLEMS = (SwapNotFound, SwapClosed, SwapRequesterForbidden)
