"""Routes of rectifications (整改): the list, one record, and its steps (the unit's report, the office's
verification or reopening). A rectification is opened by what requires it (an interview with a rectification
deadline, an inspection finding), never by hand."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from tuijin.issues.access import ScopeDep, ensure_supervision_of
from tuijin.issues.deps import RegionFilter, VisibleRectification
from tuijin.issues.rectifications import repository as repo
from tuijin.issues.rectifications import service
from tuijin.issues.rectifications.enums import RectificationSource, RectificationStatus
from tuijin.issues.rectifications.errors import (
    NotResponsibleUnit,
    RectificationChanged,
    RectificationDeadlineInPast,
    RectificationNotFound,
    RectificationStepNotAllowed,
)
from tuijin.issues.rectifications.models import Rectification
from tuijin.issues.rectifications.schemas import RectificationOut, ReopenIn, ReportDoneIn, VerifyIn
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden, Role
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep, is_postgres
from tuijin.kernel.errors import PreconditionFailed, Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.pagination import Page, PageParamsDep, paginate

router = APIRouter(prefix="/api/v1/rectifications", tags=["issues: rectifications"])

READ = problem_responses(Unauthorized)
READ_ONE = problem_responses(Unauthorized, RectificationNotFound)
STEP = (Unauthorized, PreconditionFailed, RectificationNotFound, RectificationStepNotAllowed, RectificationChanged)


@router.get("", summary="List rectifications", responses=READ)
async def list_rectifications(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    status: RectificationStatus | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="the responsible unit")] = None,
    project_id: uuid.UUID | None = None,
    source_kind: RectificationSource | None = None,
    overdue: Annotated[bool | None, Query(description="past the deadline and not verified (as of today)")] = None,
) -> Page[RectificationOut]:
    """Rectifications the caller may see (a unit: its own; a leader: those of their projects), earliest deadline
    first; keyset-paginated."""
    filters = repo.RectificationFilters(
        region_code=region_code, status=status.value if status else None, unit_id=unit_id, project_id=project_id,
        source_kind=source_kind.value if source_kind else None, overdue=overdue,
    )
    day = today()
    stmt = repo.list_query(filters, repo.visibility(scope), day)
    rows, cursor = await paginate(session, stmt, order=[Rectification.deadline, Rectification.id], params=page)
    return Page(items=[service.to_out(r, day) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{rectification_id}", summary="Read a rectification", responses=READ_ONE)
async def get_rectification(etag: SendsETag, rect: VisibleRectification) -> RectificationOut:
    """The rectification: what requires it, of which unit, by when, and where it stands."""
    etag(rect.version)
    return service.to_out(rect)


async def _locked(session: SessionDep, rect: Rectification, if_match: IfMatchOptional) -> None:
    if is_postgres(session):
        await session.refresh(rect, with_for_update=True)
    if_match.check(rect.version)


@router.post(
    "/{rectification_id}/report-done",
    summary="Report a rectification done",
    responses=problem_responses(*STEP, NotResponsibleUnit),
)
async def report_rectification_done(
    if_match: IfMatchOptional, etag: SendsETag,
    rect: VisibleRectification, body: ReportDoneIn, session: SessionDep, scope: ScopeDep,
) -> RectificationOut:
    """The responsible unit reports the rectification done, with a note and what shows it (the office may report
    on the unit's behalf); the office then verifies it or reopens it."""
    principal = scope.principal
    if not (scope.unrestricted or principal.has_any(Role.office, Role.supervisor) or scope.unit_id == rect.unit_id):
        raise NotResponsibleUnit("Only the responsible unit (or the office) reports the rectification done.")
    await _locked(session, rect, if_match)
    await service.report_done(session, rect, body, principal.sub)
    etag(rect.version)
    return service.to_out(rect)


@router.post(
    "/{rectification_id}/verify",
    summary="Verify a rectification done",
    responses=problem_responses(*STEP, RoleRequired, RegionForbidden),
)
async def verify_rectification(
    if_match: IfMatchOptional, etag: SendsETag,
    rect: VisibleRectification, body: VerifyIn, session: SessionDep, scope: ScopeDep,
) -> RectificationOut:
    """The office (or the supervision office 督查室) verifies a rectification reported done (核验整改到位): no
    letter is drawn for it from then on."""
    ensure_supervision_of(scope.principal, rect.region_code)
    await _locked(session, rect, if_match)
    await service.verify(session, rect, body, scope.principal.sub)
    etag(rect.version)
    return service.to_out(rect)


@router.post(
    "/{rectification_id}/reopen",
    summary="Reopen a rectification",
    responses=problem_responses(*STEP, RoleRequired, RegionForbidden, RectificationDeadlineInPast),
)
async def reopen_rectification(
    if_match: IfMatchOptional, etag: SendsETag,
    rect: VisibleRectification, body: ReopenIn, session: SessionDep, scope: ScopeDep,
) -> RectificationOut:
    """The office finds a reported (or verified) rectification not done, with the reason and a new deadline; when
    that deadline passes unverified, the next letter goes out (one grade up)."""
    ensure_supervision_of(scope.principal, rect.region_code)
    await _locked(session, rect, if_match)
    await service.reopen(session, rect, body, scope.principal.sub)
    etag(rect.version)
    return service.to_out(rect)
