"""Routes of accountability records (问责): recording one, the list (what scoring counts) and one record. Only the
office and the supervision office (and services, such as scoring) see them: any other role is refused with 403
``role_required`` whatever the id, before any lookup."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from tuijin.issues.access import Scope, ScopeDep, bearer_token, ensure_supervision_of
from tuijin.issues.accountability import repository as repo
from tuijin.issues.accountability import service
from tuijin.issues.accountability.enums import SanctionKind
from tuijin.issues.accountability.errors import (
    AccountabilityRecordNotFound,
    GroundNotFound,
    PostNotFound,
    TargetMismatch,
)
from tuijin.issues.accountability.models import AccountabilityRecord
from tuijin.issues.accountability.schemas import AccountabilityCreate, AccountabilityOut
from tuijin.issues.deps import RegionFilter, check_range
from tuijin.issues.errors import InvalidRange, ProjectNotFound, Required, UnitNotFound
from tuijin.issues.upstream import require_project
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden, Role
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import ServiceUnavailable, Unauthorized, problem_responses, raises
from tuijin.kernel.etag import SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/accountability-records", tags=["issues: accountability"])


@raises(RoleRequired)
def ensure_reader(scope: Scope) -> None:
    """The office and supervisors (and admins and services) read accountability records; nobody else."""
    if not (scope.unrestricted or scope.principal.has_any(Role.office, Role.supervisor)):
        raise RoleRequired("Accountability records are for the office and the supervision office.")


@raises(RoleRequired, AccountabilityRecordNotFound)
async def visible_record(record_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> AccountabilityRecord:
    """The record, if the caller may read records (else 403) and it is of their region (else 404)."""
    ensure_reader(scope)
    rec = await repo.get_visible(session, record_id, scope)
    if rec is None:
        raise AccountabilityRecordNotFound("No such accountability record.")
    return rec


VisibleRecord = Annotated[AccountabilityRecord, Depends(visible_record)]


@router.post(
    "",
    status_code=201,
    summary="Record an accountability decision",
    responses=problem_responses(
        Unauthorized, RoleRequired, RegionForbidden, Required, TargetMismatch, UnitNotFound, PostNotFound,
        ProjectNotFound, GroundNotFound, ServiceUnavailable,
    ),
)
async def record_accountability(
    etag: SendsETag, location: SendsLocation,
    body: AccountabilityCreate, request: Request, session: SessionDep, scope: ScopeDep,
) -> AccountabilityOut:
    """The office or the supervision office records a sanction (问责) decided against a unit or a post of the
    region, with its grounds (the letters, interviews, inspections, absences and rankings that led to it), who
    decided it and when. Send an ``Idempotency-Key``: a retry returns the first record."""
    ensure_supervision_of(scope.principal, body.region_code)
    state = request.app.state
    name = await service.target_name(state, body)
    if body.project_id is not None:
        await require_project(state, session, body.project_id, bearer_token(request), region_code=body.region_code)
    await service.check_grounds(session, body)
    rec = await service.record(session, body, name, scope.principal.sub)
    location(f"/api/v1/accountability-records/{rec.id}")
    etag(rec.version)
    return AccountabilityOut.model_validate(rec)


@router.get(
    "",
    summary="List accountability records",
    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, InvalidRange),
)
async def list_accountability_records(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    start: Annotated[BusinessDate | None, Query(alias="from", description="first decision date")] = None,
    end: Annotated[BusinessDate | None, Query(alias="to", description="last decision date (included)")] = None,
    sanction: SanctionKind | None = None,
    unit_id: uuid.UUID | None = None,
    post_id: uuid.UUID | None = None,
    project_id: uuid.UUID | None = None,
) -> Page[AccountabilityOut]:
    """Accountability records of the caller's region decided in [from, to], latest decision first;
    keyset-paginated (what a scoring scheme counts)."""
    ensure_reader(scope)
    if region_code is not None:
        ensure_supervision_of(scope.principal, region_code)
    if start is not None and end is not None:
        check_range(start, end, max_days=None)
    filters = repo.AccountabilityFilters(
        region_code=region_code, start=start, end=end, sanction=sanction.value if sanction else None,
        unit_id=unit_id, post_id=post_id, project_id=project_id,
    )
    stmt = repo.list_query(filters, repo.visibility(scope))
    rows, cursor = await paginate(
        session, stmt, order=[AccountabilityRecord.decided_on, AccountabilityRecord.id], params=page, descending=True
    )
    return Page(items=[AccountabilityOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{record_id}", summary="Read an accountability record", responses=problem_responses(Unauthorized))
async def get_accountability_record(etag: SendsETag, rec: VisibleRecord) -> AccountabilityOut:
    """The record with its grounds."""
    etag(rec.version)
    return AccountabilityOut.model_validate(rec)
