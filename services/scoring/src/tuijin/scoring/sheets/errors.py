"""The problems of observation rounds and score sheets (观摩打分), each with its fixed code (zh-CN texts in
``messages.py``)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound, Unprocessable


class RoundNotFound(NotFound):
    """No such round, or one the caller neither runs nor scores in."""

    code = "round_not_found"


class SheetNotFound(NotFound):
    """No such sheet of the caller's (a scorer never reaches another scorer's sheets)."""

    code = "sheet_not_found"


class DeadlinePassed(Conflict):
    """The round closed: its sheets no longer change."""

    code = "deadline_passed"


class DeadlineInPast(FieldProblem):
    """A new round whose deadline has already passed."""

    code = "deadline_passed"


class DuplicateCriterion(FieldProblem):
    code = "duplicate_criterion"


class ScoreOutOfRange(FieldProblem):
    code = "score_out_of_range"


class UnknownProject(Unprocessable):
    """Projects of the round that are not the region's (``errors`` names each)."""

    code = "unknown_project"


class SheetSubmitted(Conflict):
    """The scorer submitted the round's sheets: they no longer change."""

    code = "sheet_submitted"


class SheetsUnfilled(Unprocessable):
    """A submission while some of the scorer's sheets are still empty (``errors`` names each)."""

    code = "sheets_unfilled"


class NotAScorer(Forbidden):
    """The caller has no sheet in the round (the office reads a round but does not score in it)."""

    code = "not_a_scorer"
