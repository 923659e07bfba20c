"""Routes of inspections (督查): planning, changing the plan, recording (findings → the 问题清单 on the ladder),
closing, the list, one inspection, its evidence, its report (督查报告 / 《项目督查专报》) and the month's 督查通报."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from tuijin.issues.access import ScopeDep, bearer_token, ensure_region_reader, ensure_supervision_of
from tuijin.issues.deps import RegionCode, RegionFilter, VisibleInspection
from tuijin.issues.errors import ProjectNotFound, Required, UnitNotFound
from tuijin.issues.inspections import documents, service
from tuijin.issues.inspections import repository as repo
from tuijin.issues.inspections.enums import InspectionKind, InspectionStatus
from tuijin.issues.inspections.errors import (
    AttachmentNotOfInspection,
    DuplicateProject,
    FindingsNotRectified,
    InspectedInFuture,
    InspectionNotFound,
    InspectionNotPlanned,
    InspectionNotRecorded,
    ProjectNotVisited,
)
from tuijin.issues.inspections.evidence import register_attachments
from tuijin.issues.inspections.models import Inspection
from tuijin.issues.inspections.schemas import (
    BehindProject,
    InspectionCreate,
    InspectionOut,
    InspectionPatch,
    InspectionRecord,
    Inspector,
)
from tuijin.issues.models import documents as document_tables
from tuijin.issues.problems.errors import DeadlineInPast, ProblemChanged
from tuijin.issues.upstream import require_project, require_unit
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden
from tuijin.kernel.clock import business_date
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents import numbering
from tuijin.kernel.documents.downloads import DOCX_RESPONSE, attachment
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.documents.word import DocumentKind, fetch_format
from tuijin.kernel.errors import PreconditionFailed, ServiceUnavailable, Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import Month

router = APIRouter(prefix="/api/v1/inspections", tags=["issues: inspections"])

READ = problem_responses(Unauthorized)
READ_ONE = problem_responses(Unauthorized, InspectionNotFound)
EDIT = (Unauthorized, InspectionNotFound, RoleRequired, RegionForbidden, PreconditionFailed)


async def _refs(request: Request, session: SessionDep, region_code: str, ids: list[uuid.UUID]) -> list[Any]:
    """The projects to visit, read from the registry with the caller's token, each in the region (else a 422
    ``project_not_found`` on ``body.project_ids.<i>``)."""
    service.check_unique(ids, "body.project_ids")
    refs = []
    for i, pid in enumerate(ids):
        try:
            refs.append(await require_project(request.app.state, session, pid, bearer_token(request),
                                              region_code=region_code))
        except ProjectNotFound as exc:
            raise ProjectNotFound("No such project in the region, or not one you may see.",
                                  field=f"body.project_ids.{i}") from exc
    return refs


async def _team(request: Request, region_code: str, team: list[Inspector]) -> list[dict[str, Any]]:
    """The team as stored: each member's unit (one of the region's, else a 422 naming it) with its name."""
    out = []
    for i, member in enumerate(team):
        unit_name = ""
        if member.unit_id is not None:
            unit = await require_unit(request.app.state, region_code, member.unit_id, f"body.team.{i}.unit_id")
            unit_name = unit["name"]
        out.append({"name": member.name, "title": member.title,
                    "unit_id": str(member.unit_id) if member.unit_id else None, "unit_name": unit_name})
    return out


async def _answer(session: SessionDep, inspection: Inspection, etag: SendsETag) -> InspectionOut:
    etag(inspection.version)
    return (await service.to_out(session, [inspection]))[0]


@router.post(
    "",
    status_code=201,
    summary="Plan an inspection",
    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, ProjectNotFound, UnitNotFound,
                                DuplicateProject, ServiceUnavailable),
)
async def create_inspection(
    etag: SendsETag, location: SendsLocation, body: InspectionCreate, request: Request, session: SessionDep,
    scope: ScopeDep,
) -> InspectionOut:
    """The office or the supervision office (督查室) plans an inspection: its kind (日常 / 定期 / 专项), theme, the
    leader and team, the day and the projects to visit (read from the registry, each in the region). It is
    planned until recorded; the units and leaders of the projects do not see it before (四不两直). Send an
    ``Idempotency-Key``: a retry returns the first response and writes nothing."""
    ensure_supervision_of(scope.principal, body.region_code)
    refs = await _refs(request, session, body.region_code, body.project_ids)
    team = await _team(request, body.region_code, body.team)
    inspection = await service.create(session, body, refs, team, scope.principal.sub)
    location(f"/api/v1/inspections/{inspection.id}")
    return await _answer(session, inspection, etag)


@router.get("", summary="List inspections", responses=READ)
async def list_inspections(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    kind: InspectionKind | None = None,
    status: InspectionStatus | None = None,
    project_id: Annotated[uuid.UUID | None, Query(description="inspections that visited this project")] = None,
    month: Annotated[Month | None, Query(description="held (or planned) in this month, e.g. 2026-10")] = None,
) -> Page[InspectionOut]:
    """Inspections the caller may see, latest first; keyset-paginated. A unit or a leader sees only recorded ones
    that visited their projects."""
    start = end = None
    if month:
        start, end = service.month_range(month)
    stmt = repo.list_query(repo.visibility(scope), region_code=region_code, kind=kind.value if kind else None,
                           status=status.value if status else None, project_id=project_id, start=start, end=end)
    rows, cursor = await paginate(session, stmt, order=[Inspection.inspected_on, Inspection.id], params=page,
                                  descending=True)
    return Page(items=await service.to_out(session, list(rows)), next_cursor=cursor, limit=page.limit)


@router.get(
    "/behind-projects",
    summary="Projects behind, for a periodic inspection",
    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, ServiceUnavailable),
)
async def behind_projects(
    request: Request, session: SessionDep, scope: ScopeDep, region_code: RegionCode
) -> list[BehindProject]:
    """The projects a periodic inspection (定期督查) covers: every project of the region whose start or progress
    light is not green (the registry's 亮灯), red first. For the office, supervisors, scorers and viewers. A project
    this service has no copy of yet is read from the registry (503/504 when it cannot answer).

    Bounded: at most one entry per project of the region (a county's key projects number in the hundreds)."""
    ensure_region_reader(scope.principal, region_code)
    state = request.app.state

    async def fetch(ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
        return await state.directory.fetch_projects(session, state.upstreams, ids)

    return await service.behind_projects(session, region_code, fetch)


@router.get(
    "/notice.docx",
    summary="The month's supervision notice (督查通报) as .docx",
    responses={**problem_responses(Unauthorized, RoleRequired, RegionForbidden), **DOCX_RESPONSE},
    response_class=Response,
)
async def inspection_notice(
    request: Request, session: SessionDep, scope: ScopeDep, region_code: RegionCode,
    month: Annotated[Month, Query(description="the month, e.g. 2026-10")],
) -> Response:
    """关于2026年10月重点项目督查情况的通报 (GB/T 9704, 文件 format) to every unit: the inspections recorded in the
    month, what they found, what was rectified in the month (closed on the spot, or a finding's problem resolved
    that month), and the findings past their deadline still open. Numbered in the region's yearly 督查通报 sequence
    at the first download of the month and kept after. For the office, supervisors, scorers and viewers."""
    ensure_region_reader(scope.principal, region_code)
    start, end = service.month_range(month)
    held, rectified, overdue = await service.notice_data(session, region_code, start, end)
    got = await numbering.number_for(session, document_tables, region_code, DocumentKind.inspection_notice.value,
                                     f"inspection_notice:{region_code}:{month}")
    fmt = await fetch_format(request.app.state.upstreams, region_code, got.year)
    number = fmt.number(DocumentKind.inspection_notice, got.year, got.serial)
    content = documents.notice_docx(held, rectified, overdue, start.year, start.month, fmt, number, got.on)
    return attachment(content, f"{documents.notice_title(start.year, start.month)}.docx",
                      f"inspection-notice-{region_code}-{month}.docx")


@router.get("/{inspection_id}", summary="Read an inspection", responses=READ_ONE)
async def get_inspection(etag: SendsETag, inspection: VisibleInspection, session: SessionDep) -> InspectionOut:
    """The inspection: plan, team, the projects visited and what was checked there, the findings with their
    problems and where each rectification stands. Its ETag is its version (send it as ``If-Match`` to edit)."""
    return await _answer(session, inspection, etag)


@router.patch(
    "/{inspection_id}",
    summary="Change a planned inspection",
    responses=problem_responses(*EDIT, InspectionNotPlanned, ProjectNotFound, UnitNotFound, DuplicateProject,
                                ServiceUnavailable),
)
async def patch_inspection(
    if_match: IfMatchRequired, etag: SendsETag, inspection: VisibleInspection, body: InspectionPatch,
    request: Request, session: SessionDep, scope: ScopeDep,
) -> InspectionOut:
    """Change the plan (kind, theme, leader, team, day, projects) while it is planned (409
    ``inspection_not_planned`` once recorded). Takes ``If-Match`` with the ETag read (428 without, 412 stale)."""
    ensure_supervision_of(scope.principal, inspection.region_code)
    if_match.check(inspection.version)
    service.ensure_planned(inspection)
    refs = await _refs(request, session, inspection.region_code, body.project_ids) if body.project_ids else None
    team = await _team(request, inspection.region_code, body.team) if body.team is not None else None
    await service.patch(session, inspection, body, refs, team)
    return await _answer(session, inspection, etag)


@router.post(
    "/{inspection_id}/record",
    summary="Record an inspection with its findings",
    responses=problem_responses(*EDIT, InspectionNotPlanned, InspectedInFuture, ProjectNotVisited, DuplicateProject,
                                AttachmentNotOfInspection, Required, DeadlineInPast, UnitNotFound, ProblemChanged,
                                ServiceUnavailable),
)
async def record_inspection(
    if_match: IfMatchOptional, etag: SendsETag, inspection: VisibleInspection, body: InspectionRecord,
    request: Request, session: SessionDep, scope: ScopeDep,
) -> InspectionOut:
    """Record the inspection as held, once (409 ``inspection_not_planned`` after): the day, the overall picture,
    what was checked at each project (physical work against the latest report, funds disbursed) and the findings.
    A finding closed on the spot (当场整改) is kept as rectified; every other becomes a problem on the ladder
    (问题清单: the project, the unit to rectify — default the project's — and the rectification deadline as its
    deadline; source ``inspection``) and keeps the problem's id. All or nothing: a finding refused (a project not
    visited, no deadline or one in the past, a unit not of the region, evidence not attached to this inspection)
    is a 422 naming it, and nothing is written. The day held (default: the planned day) is today or earlier (422
    ``inspected_in_future``). ``If-Match`` is optional (412 when stale)."""
    ensure_supervision_of(scope.principal, inspection.region_code)
    if_match.check(inspection.version)
    service.ensure_planned(inspection)
    names: dict[uuid.UUID, str] = {}
    for i, finding in enumerate(body.findings):
        if finding.responsible_unit_id is not None:
            unit = await require_unit(request.app.state, inspection.region_code, finding.responsible_unit_id,
                                      f"body.findings.{i}.responsible_unit_id")
            names[finding.responsible_unit_id] = unit["name"]
    for unit_id, name in (await request.app.state.directory.unit_names(
            request.app.state.upstreams, inspection.region_code,
            {p.responsible_unit_id for p in (await repo.projects_of(session, [inspection.id]))[inspection.id]
             if p.responsible_unit_id})).items():
        names.setdefault(unit_id, name)
    cal = await request.app.state.calendar.get(session, inspection.region_code)
    await service.record(session, inspection, body, scope.principal, cal, names)
    return await _answer(session, inspection, etag)


@router.post(
    "/{inspection_id}/close",
    summary="Close an inspection (办结)",
    responses=problem_responses(*EDIT, InspectionNotRecorded, FindingsNotRectified),
)
async def close_inspection(
    if_match: IfMatchOptional, etag: SendsETag, inspection: VisibleInspection, session: SessionDep,
    scope: ScopeDep,
) -> InspectionOut:
    """办结: a recorded inspection whose every finding is rectified (closed on the spot, its problem resolved or
    closed, or its rectification verified by the office) is closed; else 409 ``findings_not_rectified`` listing
    the findings' numbers, or ``inspection_not_recorded`` before it is recorded. Its files no longer change after."""
    ensure_supervision_of(scope.principal, inspection.region_code)
    if_match.check(inspection.version)
    await service.close(session, inspection, scope.principal.sub)
    return await _answer(session, inspection, etag)


@router.get(
    "/{inspection_id}/report.docx",
    summary="The inspection report (督查报告 / 项目督查专报) as .docx",
    responses={**problem_responses(Unauthorized, InspectionNotFound, InspectionNotRecorded), **DOCX_RESPONSE},
    response_class=Response,
)
async def inspection_report(inspection: VisibleInspection, request: Request, session: SessionDep) -> Response:
    """The report of a recorded inspection to the county leaders (GB/T 9704): the red header and the 督查专报 字号
    (numbered at the first download, dated the day it was recorded), what was inspected and checked, the findings
    and the problem list with each deadline and where it stands. 409 ``inspection_not_recorded`` while planned."""
    if inspection.status == InspectionStatus.planned or inspection.recorded_at is None:
        raise InspectionNotRecorded("The inspection is not recorded yet.")
    out = (await service.to_out(session, [inspection]))[0]
    got = await numbering.number_for(session, document_tables, inspection.region_code,
                                     DocumentKind.inspection_report.value, f"inspection_report:{inspection.id}",
                                     business_date(inspection.recorded_at))
    upstreams = request.app.state.upstreams
    fmt = await fetch_format(upstreams, inspection.region_code, got.year)
    region = await region_name(upstreams, inspection.region_code)
    content = documents.report_docx(out, fmt, fmt.number(DocumentKind.inspection_report, got.year, got.serial),
                                    got.on, region)
    return attachment(content, f"{documents.report_title(out)}（{cn(inspection)}）.docx",
                      f"inspection-report-{inspection.inspected_on.isoformat()}-{inspection.id}.docx")


def cn(inspection: Inspection) -> str:
    day = inspection.inspected_on
    return f"{day.year}年{day.month}月{day.day}日"


register_attachments(router)
