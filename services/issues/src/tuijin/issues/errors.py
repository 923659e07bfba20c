"""Problems every domain of the issues service may answer with (a registry record that is not there, a period
that is not one), and the base of the typed 422s that name the field at fault. Each ``code`` has its zh-CN text in
:mod:`tuijin.issues.messages`."""

from __future__ import annotations

from tuijin.kernel.errors import BadRequest, FieldProblem, Forbidden


class Required(FieldProblem):
    """A field the rule needs in this case (a letter about a problem names the problem)."""

    code = "required"


class UnitNotFound(FieldProblem):
    """The named unit is not one of the region's (as the registry says)."""

    code = "unit_not_found"


class ProjectNotFound(FieldProblem):
    """The named project does not exist in the region, or the caller may not see it."""

    code = "project_not_found"


class NotProjectMember(Forbidden):
    """Only the project's units and its leader raise problems on it."""

    code = "not_project_member"


class InvalidRange(BadRequest):
    """``to`` before ``from``, or a period longer than allowed."""

    code = "invalid_range"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, errors=[{"field": "query.to", "message": "range", "type": self.code}])
