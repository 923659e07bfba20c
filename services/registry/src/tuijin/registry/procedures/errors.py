"""The problems of procedures (手续), one class per code; routes list them in ``responses=``."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound, Unprocessable
from tuijin.registry.milestones.errors import NotProjectEditor as NotProjectEditor
from tuijin.registry.organisation.errors import RegionNotFound as RegionNotFound


class ProcedureNotFound(NotFound):
    code = "procedure_not_found"


class ProcedureTypeNotFound(NotFound):
    code = "procedure_type_not_found"


class ProcedureCodeTaken(Conflict):
    code = "procedure_code_taken"


class ProcedureNameTaken(Conflict):
    code = "procedure_name_taken"


class ProcedureAlreadyRequired(Conflict):
    code = "procedure_already_required"


class CatalogueFull(Conflict):
    """A region's catalogue holds at most ``MAX_TYPES`` procedure types (so it is read as one list)."""

    code = "catalogue_full"


class StatusChangeInvalid(Unprocessable):
    """Several fields of a status change are at fault; ``errors`` names each."""

    code = "status_change_invalid"


# ---------------------------------------------------------------- a field of the request at fault (422)


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class OtherRegion(FieldProblem):
    code = "other_region"


class Required(FieldProblem):
    code = "required"


class UnknownCode(FieldProblem):
    code = "unknown_code"


class ProcedureTypeInactive(FieldProblem):
    code = "procedure_type_inactive"


class NotEnergyReview(FieldProblem):
    code = "not_energy_review"


class StatusUnchanged(FieldProblem):
    code = "status_unchanged"


class Missing(FieldProblem):
    code = "missing"


class DateInFuture(FieldProblem):
    code = "date_in_future"


class ApprovalNotDone(FieldProblem):
    code = "approval_not_done"


class ReasonRequired(FieldProblem):
    code = "reason_required"


# one field at fault in a status change answers with that field's own code
STATUS_FIELD_PROBLEMS: dict[str, type[FieldProblem]] = {
    c.code: c for c in (Missing, DateInFuture, ApprovalNotDone, ReasonRequired)
}
STATUS_CHANGE_PROBLEMS = (StatusUnchanged, StatusChangeInvalid, *STATUS_FIELD_PROBLEMS.values())
UNIT_REFERENCE_PROBLEMS = (InvalidReference, OtherRegion)


# ---------------------------------------------------------------- raised by the registry helpers these routes call
# (``nodes.access.ensure_plan_editor``, the registry's ``get_region``); declared here so the routes list them


