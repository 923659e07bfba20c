"""Photos and documents on a problem (问题佐证材料): who may add them and while the problem takes them."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.issues.access import ScopeDep
from tuijin.issues.attachments.models import Attachment
from tuijin.issues.deps import VisibleProblem
from tuijin.issues.problems.enums import ProblemStatus
from tuijin.issues.problems.errors import ProblemNotFound
from tuijin.kernel.attachments.routes import add_attachment_routes
from tuijin.kernel.attachments.service import AttachmentTarget
from tuijin.kernel.db import SessionDep

RECORD_KIND = "problem"


async def problem_target(problem: VisibleProblem, scope: ScopeDep, session: SessionDep) -> AttachmentTarget:
    """The problem as an attachment target. Anyone who may see it sees its files (another region's, or one the
    caller may not see, is a 404 ``problem_not_found``). Files are added by those who work it: the office and the
    supervision office, the unit asked to solve it, the unit that raised it, the project's units and its leader
    (not viewers or scorers); until it is closed (销号)."""
    may_add = (
        scope.unrestricted or scope.is_office or scope.is_supervision
        or (scope.unit_id is not None and scope.unit_id in (problem.responsible_unit_id, problem.raised_by_unit_id))
        or scope.is_project_leader(problem.project_id)
        or await scope.is_project_unit(session, problem.project_id)
    )
    closed = problem.status == ProblemStatus.closed
    return AttachmentTarget(
        kind=RECORD_KIND, id=problem.id, region_code=problem.region_code, url=f"/api/v1/problems/{problem.id}",
        may_add=bool(may_add), open=not closed,
        closed_reason="The problem is closed (已销号): its files no longer change." if closed else "",
    )


def register_attachments(router: APIRouter) -> None:
    """The attachment routes under ``/api/v1/problems/{problem_id}``."""
    add_attachment_routes(router, record_path="/{problem_id}", target=problem_target, model=Attachment,
                          record_errors=(ProblemNotFound,), record_label="problem")
