"""The problems of scoring runs (评价结果), each with its fixed code (zh-CN texts in ``messages.py``)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound, Unprocessable


class RunNotFound(NotFound):
    """No such run, or one of a region the caller does not see."""

    code = "run_not_found"


class DraftNotVisible(Forbidden):
    """A draft run is read by the office only."""

    code = "draft_not_visible"


class RunInProgress(Conflict):
    """Another run of the same scheme, region and period took this version number."""

    code = "run_in_progress"


class AlreadyPublished(Conflict):
    code = "already_published"


class NotPublished(Conflict):
    """Lists and the notice come from a published ranking only."""

    code = "not_published"


class InvalidPeriod(FieldProblem):
    code = "invalid_period"


class PeriodKindMismatch(FieldProblem):
    code = "period_kind_mismatch"


class RunVersionNotFound(FieldProblem):
    """The run names a version the scheme does not have."""

    code = "version_not_found"


class RollupSourceMissing(Unprocessable):
    """A roll-up dimension reads a scheme the region does not have."""

    code = "rollup_source_missing"
