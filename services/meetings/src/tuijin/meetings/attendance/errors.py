"""Problems of leave and attendance."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, NotFound, Unprocessable
from tuijin.meetings.errors import FieldProblem


class LeaveRequestNotFound(NotFound):
    code = "leave_request_not_found"


class LeaveAlreadyRequested(Conflict):
    code = "leave_already_requested"


class InvalidAttendance(Unprocessable):
    """Entries that contradict the facts (a unit not invited, a status the leave or attendee does not allow)."""

    code = "invalid_attendance"


class ProxyNotAllowed(FieldProblem, Unprocessable):
    """Someone other than the head expected confirmed to attend: the head attends in person (不得替会)."""

    code = "proxy_not_allowed"
