"""Who may take which step on a problem (the step-permission matrix)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.access import Scope
from tuijin.issues.problems.enums import ProblemAction
from tuijin.issues.problems.errors import StepForbidden
from tuijin.issues.problems.models import Problem


async def ensure_may(scope: Scope, session: AsyncSession, problem: Problem, action: ProblemAction) -> None:
    """The office every step; the unit asked to solve it answers, lists missing documents and resolves; the
    project's units (and the unit that raised it) supply documents; the project's units send it up; the project's
    leader assigns, resolves and sends it up. Closing, reopening and sending down are the office's
    (403 ``step_forbidden`` otherwise)."""
    if scope.unrestricted or scope.is_office:
        return
    asked = scope.unit_id is not None and scope.unit_id == problem.responsible_unit_id
    leader = scope.is_project_leader(problem.project_id)
    project_unit = await scope.is_project_unit(session, problem.project_id)
    raiser = scope.unit_id is not None and scope.unit_id == problem.raised_by_unit_id
    allowed = {
        ProblemAction.assign: leader,
        ProblemAction.answer: asked,
        ProblemAction.request_documents: asked,
        ProblemAction.supply_documents: project_unit or raiser,
        ProblemAction.resolve: asked or leader,
        ProblemAction.escalate: asked or project_unit or leader,
    }.get(action, False)
    if not allowed:
        raise StepForbidden(action)
