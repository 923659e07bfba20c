"""Problems of scheduling: series, meetings, their steps and invitations."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, Forbidden, NotFound, Unprocessable
from tuijin.meetings.errors import FieldProblem


class MeetingNotFound(NotFound):
    """No such meeting, or the caller may not see it (never a hint which)."""

    code = "meeting_not_found"


class SeriesNotFound(NotFound):
    code = "series_not_found"


class NotMeetingManager(Forbidden):
    """Only the office or the convening unit manages the meeting (or series)."""

    code = "not_meeting_manager"


class SeriesInactive(Unprocessable):
    code = "series_inactive"


class SystemSeriesExists(Conflict):
    code = "system_series_exists"


class TemplateSeriesExists(Conflict):
    """The region already has an active series from that template (stop it first)."""

    code = "template_series_exists"


class UnknownTemplate(FieldProblem, Unprocessable):
    """The region's meeting series (policy ``meeting_series``) have no template of that code."""

    code = "unknown_template"


class ConvenerRequired(FieldProblem, Unprocessable):
    """A series that is not one per system needs its convening unit."""

    code = "convener_required"


class SystemRequired(FieldProblem, Unprocessable):
    code = "system_required"


class UnknownSystem(FieldProblem, Unprocessable):
    code = "unknown_system"


class NoSystems(FieldProblem, Unprocessable):
    code = "no_systems"


class SystemWithoutConvener(FieldProblem, Unprocessable):
    code = "system_without_convener"


class InvalidRrule(FieldProblem, Unprocessable):
    code = "invalid_rrule"


class MeetingInFuture(FieldProblem, Unprocessable):
    """A step that needs the meeting to have taken place (held, attendance) before its date."""

    code = "meeting_in_future"


class NoInvitations(Unprocessable):
    code = "no_invitations"


class InvitationNotFound(NotFound):
    code = "invitation_not_found"


class UnitMismatch(FieldProblem, Unprocessable):
    code = "unit_mismatch"


class AttendanceRecorded(Unprocessable):
    """The unit's attendance is recorded: its invitation stays."""

    code = "attendance_recorded"
