"""The problems of observation rounds and score sheets (观摩打分), each with its fixed code (zh-CN texts in
``messages.py``)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound, Unprocessable


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
