"""The problems of the public disclosure view (公开)."""

from __future__ import annotations

from tuijin.kernel.errors import NotFound


class ProjectNotFound(NotFound):
    """No such project, or the caller may not see it (never a hint which). The public view answers it for a
    project that is not published."""

    code = "project_not_found"
