"""The problems of rectifications (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound


class RectificationNotFound(NotFound):
    """No such rectification, or not one the caller may see."""

    code = "rectification_not_found"


class RectificationChanged(Conflict):
    """Another step changed the rectification between our read and our write."""

    code = "rectification_changed"


class NotResponsibleUnit(Forbidden):
    """Only the unit charged with the rectification (or the office) reports it done."""

    code = "not_responsible_unit"


class RectificationStepNotAllowed(FieldProblem):
    """The step does not apply in the rectification's status (e.g. verifying one not reported done)."""

    code = "rectification_step_not_allowed"


class RectificationDeadlineInPast(FieldProblem):
    """A new deadline (on reopening) lies before today."""

    code = "rectification_deadline_in_past"
