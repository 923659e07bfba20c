"""Problems of agendas and units' submissions."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, Forbidden, NotFound, Unprocessable
from tuijin.meetings.errors import FieldProblem


class AgendaItemNotFound(NotFound):
    code = "agenda_item_not_found"


class SubmissionNotFound(NotFound):
    code = "submission_not_found"


class ProblemAlreadyOnAgenda(Conflict):
    code = "problem_already_on_agenda"


class NotAPermutation(FieldProblem, Unprocessable):
    code = "not_a_permutation"


class EmptySubmission(FieldProblem, Unprocessable):
    code = "empty_submission"


class LeaderRequired(Forbidden):
    """The unit's leader (a leader of the region) or the office approves a submission."""

    code = "leader_required"
