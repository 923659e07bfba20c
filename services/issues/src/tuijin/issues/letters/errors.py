"""The problems of supervision letters (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, Forbidden, NotFound


class LetterNotFound(NotFound):
    """No such letter, or not one the caller may see."""

    code = "letter_not_found"


class LetterChanged(Conflict):
    """Another reply changed the letter between our read and our write."""

    code = "letter_changed"


class NotAddressee(Forbidden):
    """Only the addressed unit (or the office) replies to a letter."""

    code = "not_addressee"


class AlreadyReplied(FieldProblem):
    """A letter is replied to once."""

    code = "transition_not_allowed"


class ReplyDueInPast(FieldProblem):
    code = "reply_due_in_past"


class SubjectProblemNotFound(FieldProblem):
    """The problem a letter is about is not one of the region's."""

    code = "problem_not_found"


class SubjectRectificationNotFound(FieldProblem):
    """The rectification a letter is about is not one of the region's."""

    code = "rectification_not_found"
