"""The problem ledger's problems (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.issues.problems.enums import ProblemAction, ProblemStatus
from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound


class ProblemNotFound(NotFound):
    """No such problem, or not one the caller may see (never a hint which)."""

    code = "problem_not_found"


class ProblemChanged(Conflict):
    """Another step changed the problem between our read and our write."""

    code = "problem_changed"


class StepForbidden(Forbidden):
    """The caller may not take this step on this problem (see :mod:`tuijin.issues.problems.access`)."""

    code = "step_forbidden"

    def __init__(self, action: ProblemAction) -> None:
        super().__init__(f"You may not take the step {action.value} ({action.label}) on this problem.")


class StepNotAllowed(FieldProblem):
    """The problem's state does not allow the step (e.g. answering a closed problem)."""

    code = "transition_not_allowed"

    def __init__(self, status: ProblemStatus, action: ProblemAction, allowed: frozenset[str]) -> None:
        super().__init__(
            f"A problem that is {status.value} ({status.label}) cannot take the step {action.value} "
            f"({action.label}); allowed from: {', '.join(sorted(allowed))}.",
            field="status",
            current_status=status.value,
        )


class DeadlineInPast(FieldProblem):
    code = "deadline_in_past"


class AlreadyAtTopLevel(FieldProblem):
    """Leadership is the last level of the ladder."""

    code = "already_at_top_level"


class NotALowerLevel(FieldProblem):
    code = "not_a_lower_level"


class LevelNotInLadder(FieldProblem):
    """The region's ladder (policy ``ladder``) leaves that level out: no problem is put there."""

    code = "level_not_in_ladder"


class DocumentsAlreadyRequested(FieldProblem):
    """Missing documents are listed all at once (一次性告知): one list per request."""

    code = "documents_already_requested"
