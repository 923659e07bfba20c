"""Problems of minutes (会议纪要) and decided items (议定事项)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, Forbidden, NotFound, Unprocessable
from tuijin.meetings.errors import FieldProblem


class MinutesNotFound(NotFound):
    code = "minutes_not_found"


class MinutesMissing(Unprocessable):
    code = "minutes_missing"


class MinutesAlreadyPublished(Conflict):
    code = "minutes_already_published"


class InvalidMinutes(Unprocessable):
    code = "invalid_minutes"


class OutcomesMissing(Unprocessable):
    code = "outcomes_missing"


class OfficeRequired(Forbidden):
    code = "office_required"


class NoteRequired(FieldProblem, Unprocessable):
    code = "note_required"


class DecidedItemNotFound(NotFound):
    code = "decided_item_not_found"
