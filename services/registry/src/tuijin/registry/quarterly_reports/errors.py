"""The problems of quarterly written reports, one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound, Unprocessable


class QuarterlyReportNotFound(NotFound):
    code = "quarterly_report_not_found"


class QuarterlyReportExists(Conflict):
    """One report per project, year and quarter."""

    code = "quarterly_report_exists"


class StaleQuarterlyReport(Conflict):
    code = "stale_quarterly_report"


class QuarterlyReportNotEditable(Unprocessable):
    code = "quarterly_report_not_editable"


class QuarterlyReportStepNotAllowed(Unprocessable):
    code = "quarterly_report_step_not_allowed"


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class Required(FieldProblem):
    code = "required"
