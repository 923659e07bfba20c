"""The problems of efficiency complaints (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound


class ComplaintNotFound(NotFound):
    """No such complaint, or not one the caller may see."""

    code = "complaint_not_found"


class ComplaintChanged(Conflict):
    """Another step changed the complaint between our read and our write."""

    code = "complaint_changed"


class ComplaintStepNotAllowed(FieldProblem):
    """The step does not apply in the complaint's status (e.g. concluding one not under investigation)."""

    code = "complaint_step_not_allowed"


class ComplaintDateInFuture(FieldProblem):
    """A complaint is received, and a finding decided, on or before today."""

    code = "complaint_date_in_future"


class DecidedBeforeReceived(FieldProblem):
    """The finding is decided on or after the day the complaint was received."""

    code = "decided_before_received"
