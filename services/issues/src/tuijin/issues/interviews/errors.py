"""The problems of interviews (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import NotFound


class InterviewNotFound(NotFound):
    """No such interview record, or not one the caller may see."""

    code = "interview_not_found"
