"""The problems of progress reports (月报 / 周报), one class per code; routes list them in ``responses=``."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound, Unprocessable


class ReportNotFound(NotFound):
    code = "report_not_found"


class ReportWriterRequired(Forbidden):
    """Only the project's responsible or owner unit, or the office, writes its reports."""

    code = "report_writer_required"


class ReportExists(Conflict):
    """One report per project and period; ``report_id`` names the existing one when known."""

    code = "report_exists"


class StaleReport(Conflict):
    code = "stale_report"


class ReportStepConflict(Conflict):
    code = "report_step_conflict"


class ReportNotEditable(Unprocessable):
    code = "report_not_editable"


class ReportStepNotAllowed(Unprocessable):
    code = "report_step_not_allowed"


# ---------------------------------------------------------------- a field of the request at fault (422)


class InvalidPeriod(FieldProblem):
    code = "invalid_period"


class PeriodKindMismatch(FieldProblem):
    code = "period_kind_mismatch"


class PeriodInFuture(FieldProblem):
    code = "period_in_future"


class Required(FieldProblem):
    code = "required"


class Missing(FieldProblem):
    code = "missing"


# what a step (submit, verify, return) can answer besides the report's own 404
STEP_PROBLEMS = (ReportWriterRequired, ReportStepNotAllowed, Missing, StaleReport, ReportStepConflict)


class BulkReportInvalid(Unprocessable):
    """A bulk submission with errors in any item: nothing is written, and ``errors`` names every item's fields
    (``body.items.<n>.<field>``) at once."""

    code = "bulk_report_invalid"
