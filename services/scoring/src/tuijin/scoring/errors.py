"""What the scoring domains' typed problems share: a 422 that names the field at fault. Each domain's own
problems are in its ``errors.py`` (``runs``, ``schemes``, ``sheets``)."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.errors import Unprocessable


class FieldProblem(Unprocessable):
    """A rule broken by one field of the request: ``errors`` names it (``body.period``) with the class's code as
    its ``type``; a subclass sets ``code``."""

    def __init__(self, detail: str, *, field: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(detail, errors=[{"field": field, "message": message or detail, "type": self.code}],
                         **extra)
