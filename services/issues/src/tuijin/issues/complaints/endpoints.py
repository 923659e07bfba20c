"""Routes of efficiency complaints (行政效能投诉): receiving one, the list, one complaint, and its steps
(investigation, conclusion)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from tuijin.issues.access import ScopeDep, bearer_token, ensure_supervision_of
from tuijin.issues.complaints import repository as repo
from tuijin.issues.complaints import service
from tuijin.issues.complaints.enums import ComplaintFinding, ComplaintStatus
from tuijin.issues.complaints.errors import (
    ComplaintChanged,
    ComplaintDateInFuture,
    ComplaintNotFound,
    ComplaintStepNotAllowed,
    DecidedBeforeReceived,
)
from tuijin.issues.complaints.models import Complaint
from tuijin.issues.complaints.schemas import ComplaintCreate, ComplaintOut, ConclusionIn
from tuijin.issues.deps import RegionFilter, check_range
from tuijin.issues.errors import InvalidRange, ProjectNotFound, UnitNotFound
from tuijin.issues.upstream import require_project, require_unit
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep, is_postgres
from tuijin.kernel.errors import (
    PreconditionFailed,
    ServiceUnavailable,
    Unauthorized,
    problem_responses,
    raises,
)
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/complaints", tags=["issues: complaints"])

STEP = (Unauthorized, PreconditionFailed, ComplaintStepNotAllowed, ComplaintChanged, RoleRequired, RegionForbidden)


@raises(ComplaintNotFound)
async def visible_complaint(complaint_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Complaint:
    """The complaint, if the caller may see it (else 404 ``complaint_not_found``)."""
    complaint = await repo.get_visible(session, complaint_id, scope)
    if complaint is None:
        raise ComplaintNotFound("No such complaint.")
    return complaint


VisibleComplaint = Annotated[Complaint, Depends(visible_complaint)]


@router.post(
    "",
    status_code=201,
    summary="Receive an efficiency complaint",
    responses=problem_responses(
        Unauthorized, RoleRequired, RegionForbidden, ProjectNotFound, UnitNotFound, ComplaintDateInFuture,
        ServiceUnavailable,
    ),
)
async def receive_complaint(
    etag: SendsETag, location: SendsLocation,
    body: ComplaintCreate, request: Request, session: SessionDep, scope: ScopeDep,
) -> ComplaintOut:
    """The office (or the supervision office) receives a project owner's complaint about a unit's handling
    (受理); the finding is due ten working days later. Send an ``Idempotency-Key``: a retry returns the first
    record."""
    ensure_supervision_of(scope.principal, body.region_code)
    state = request.app.state
    ref = await require_project(state, session, body.project_id, bearer_token(request), region_code=body.region_code)
    unit = await require_unit(state, body.region_code, body.unit_id, "body.unit_id")
    cal = await state.calendar.get(session, body.region_code)
    complaint = await service.receive(session, body, ref, unit["name"], cal, scope.principal.sub)
    location(f"/api/v1/complaints/{complaint.id}")
    etag(complaint.version)
    return service.to_out(complaint)


@router.get("", summary="List efficiency complaints",
            responses=problem_responses(Unauthorized, InvalidRange))
async def list_complaints(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    status: ComplaintStatus | None = None,
    finding: ComplaintFinding | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="the unit complained about")] = None,
    project_id: uuid.UUID | None = None,
    start: Annotated[BusinessDate | None, Query(alias="from", description="first day received")] = None,
    end: Annotated[BusinessDate | None, Query(alias="to", description="last day received (included)")] = None,
    overdue: Annotated[bool | None, Query(description="not concluded and past the finding's due day")] = None,
) -> Page[ComplaintOut]:
    """Complaints of the caller's region (region-wide roles only; others get an empty page), latest received
    first; keyset-paginated."""
    if start is not None and end is not None:
        check_range(start, end, max_days=None)
    filters = repo.ComplaintFilters(
        region_code=region_code, status=status.value if status else None, unit_id=unit_id, project_id=project_id,
        finding=finding.value if finding else None, start=start, end=end, overdue=overdue,
    )
    day = today()
    stmt = repo.list_query(filters, repo.visibility(scope), day)
    rows, cursor = await paginate(
        session, stmt, order=[Complaint.received_on, Complaint.id], params=page, descending=True
    )
    return Page(items=[service.to_out(c, day) for c in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{complaint_id}", summary="Read an efficiency complaint", responses=problem_responses(Unauthorized))
async def get_complaint(etag: SendsETag, complaint: VisibleComplaint) -> ComplaintOut:
    """The complaint with its status, the finding's due day and the finding."""
    etag(complaint.version)
    return service.to_out(complaint)


@router.post("/{complaint_id}/investigation", summary="Start investigating a complaint",
             responses=problem_responses(*STEP))
async def investigate_complaint(
    if_match: IfMatchOptional, etag: SendsETag, complaint: VisibleComplaint, session: SessionDep, scope: ScopeDep,
) -> ComplaintOut:
    """The office starts investigating (received → investigating)."""
    ensure_supervision_of(scope.principal, complaint.region_code)
    if is_postgres(session):
        await session.refresh(complaint, with_for_update=True)
    if_match.check(complaint.version)
    await service.investigate(session, complaint)
    etag(complaint.version)
    return service.to_out(complaint)


@router.post("/{complaint_id}/conclusion", summary="Conclude a complaint with the office's finding",
             responses=problem_responses(*STEP, ComplaintDateInFuture, DecidedBeforeReceived))
async def conclude_complaint(
    if_match: IfMatchOptional, etag: SendsETag,
    complaint: VisibleComplaint, body: ConclusionIn, session: SessionDep, scope: ScopeDep,
) -> ComplaintOut:
    """The office records its finding — substantiated, partly or not (属实 / 部分属实 / 不属实) — with the text and
    the day decided (investigating → concluded)."""
    ensure_supervision_of(scope.principal, complaint.region_code)
    if is_postgres(session):
        await session.refresh(complaint, with_for_update=True)
    if_match.check(complaint.version)
    await service.conclude(session, complaint, body)
    etag(complaint.version)
    return service.to_out(complaint)
