"""Routes of procedures (手续, 联审联批): the region's catalogue, a project's required procedures and the
region-wide lists (overdue, the joint approval agenda)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.numbers import Tonnes
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.milestones.access import ensure_plan_editor
from tuijin.registry.models import Project
from tuijin.registry.procedures import catalogue, errors, service
from tuijin.registry.procedures import repository as repo
from tuijin.registry.procedures.access import is_lead_unit, procedure_visibility
from tuijin.registry.procedures.enums import ProcedureStatus
from tuijin.registry.procedures.models import ProcedureStatusChange, ProjectProcedure
from tuijin.registry.procedures.schemas import (
    CatalogueDefaults,
    EnergyReviewLevelOut,
    ProcedureIn,
    ProcedureOut,
    ProcedurePatch,
    ProcedureTypeIn,
    ProcedureTypeOut,
    ProcedureTypePatch,
    ProjectOpenProcedures,
    RegionProcedureOut,
    StatusChangeIn,
    StatusChangeOut,
)
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.public.errors import ProjectNotFound

procedure_types_router = APIRouter(prefix="/api/v1/procedure-types", tags=["procedures"])
project_procedures_router = APIRouter(prefix="/api/v1/projects/{project_id}/procedures", tags=["procedures"])
procedures_router = APIRouter(prefix="/api/v1/procedures", tags=["procedures"])

ON_PROCEDURE = (errors.ProcedureNotFound,)
ON_PROJECT = (ProjectNotFound,)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]


async def _calendar(request: Request, session: AsyncSession, region_code: str | None) -> WorkingCalendar:
    """The working calendar of a project's region (national overlaid by the region's overrides)."""
    return await request.app.state.calendar.get(session, region_code)


# ---------------------------------------------------------------- catalogue


@procedure_types_router.get("", summary="The region's procedure catalogue")
async def list_procedure_types(
    region_code: RegionCode, session: SessionDep, principal: CurrentPrincipal, active_only: bool = False
) -> list[ProcedureTypeOut]:
    """Procedure types of the region (立项, 用地预审, 环评, 节能审查…) with their default lead units.

    Bounded: a region's catalogue holds at most 200 types (the shipped 11 and the office's own; a 201st is
    refused with 409 ``catalogue_full``), so it is one list in catalogue order."""
    ensure_region(principal, region_code)
    return [
        ProcedureTypeOut.model_validate(t)
        for t in await repo.region_types(session, region_code, active_only=active_only)
    ]


@procedure_types_router.post(
    "", status_code=201, summary="Add a procedure type",
    responses=problem_responses(errors.ProcedureCodeTaken, errors.ProcedureNameTaken, errors.CatalogueFull,
                                errors.RegionNotFound, *errors.UNIT_REFERENCE_PROBLEMS),
)
async def create_procedure_type(
    etag: SendsETag, body: ProcedureTypeIn, session: SessionDep, principal: CurrentPrincipal
) -> ProcedureTypeOut:
    """A procedure of the region's catalogue with the unit that usually leads it (office)."""
    ensure_office_of(principal, body.region_code)
    ptype = await catalogue.create_type(session, body)
    etag(ptype.version)
    return ProcedureTypeOut.model_validate(ptype)


@procedure_types_router.post(
    "/defaults", summary="Install the shipped catalogue",
    responses=problem_responses(errors.UnknownCode, errors.RegionNotFound, *errors.UNIT_REFERENCE_PROBLEMS),
)
async def install_default_catalogue(
    body: CatalogueDefaults, session: SessionDep, principal: CurrentPrincipal
) -> list[ProcedureTypeOut]:
    """Add the usual procedures missing from the region's catalogue, optionally with their lead units (a region
    starts with the catalogue, installed when it was created: ``lead_units`` then sets the lead unit of a shipped
    type that has none); returns the types added or given a lead unit (none on a second call).

    Bounded: at most the 11 types of the shipped catalogue."""
    ensure_office_of(principal, body.region_code)
    return [ProcedureTypeOut.model_validate(t) for t in await catalogue.install_defaults(session, body)]


@procedure_types_router.patch(
    "/{type_id}", summary="Change a procedure type",
    responses=problem_responses(errors.ProcedureTypeNotFound, errors.ProcedureNameTaken, errors.Required,
                                *errors.UNIT_REFERENCE_PROBLEMS),
)
async def patch_procedure_type(
    if_match: IfMatchRequired,
    etag: SendsETag,
    type_id: uuid.UUID,
    body: ProcedureTypePatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ProcedureTypeOut:
    """Rename, re-order, set the default lead unit or retire a type (office; If-Match required). Projects
    keep the lead units they have."""
    ptype = await repo.procedure_type(session, type_id)
    if ptype is None or not principal.can_see_region(ptype.region_code):
        raise errors.ProcedureTypeNotFound("No such procedure type.")
    ensure_office_of(principal, ptype.region_code)
    if_match.check(ptype.version)
    await catalogue.patch_type(session, ptype, body)
    etag(ptype.version)
    return ProcedureTypeOut.model_validate(ptype)


# ---------------------------------------------------------------- a project's procedures


async def readable_procedure(
    project_id: uuid.UUID, procedure_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> tuple[Project, ProjectProcedure]:
    """Dependency: the procedure and its project, if the caller sees the project or leads the procedure
    (else 404, never a hint)."""
    procedure = await repo.procedure(session, procedure_id)
    if procedure is not None and procedure.project_id == project_id:
        if is_lead_unit(principal, procedure) or await repo.project_visible(
            session, project_id, project_visibility(principal)
        ):
            return await repo.project(session, project_id), procedure
    raise errors.ProcedureNotFound("No such procedure.")


ReadableProcedure = Annotated[tuple[Project, ProjectProcedure], Depends(readable_procedure)]


@project_procedures_router.get("", summary="A project's procedures", responses=problem_responses(*ON_PROJECT))
async def list_project_procedures(project: VisibleProject, request: Request, session: SessionDep) -> list[ProcedureOut]:
    """The procedures the project needs, in catalogue order, with status, deadline, approval, whether
    overdue and, for the energy review, its level.

    Bounded: one procedure per type of the region's catalogue, which holds at most 200 types."""
    procedures = await repo.project_procedures(session, project.id)
    return await service.to_out(session, procedures, await _calendar(request, session, project.region_code))


@project_procedures_router.post(
    "", status_code=201, summary="Require a procedure",
    responses=problem_responses(*ON_PROJECT, errors.NotProjectEditor, errors.ProcedureTypeInactive,
                                errors.ProcedureAlreadyRequired, errors.NotEnergyReview,
                                *errors.UNIT_REFERENCE_PROBLEMS),
)
async def add_project_procedure(
    etag: SendsETag,
    location: SendsLocation,
    project: VisibleProject,
    body: ProcedureIn,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ProcedureOut:
    """Add a procedure of the region's catalogue to the project (status not_started, source manual); the
    lead unit defaults to the type's. The office or the project's responsible or owner unit."""
    ensure_plan_editor(principal, project)
    procedure = await service.add_procedure(session, project, body)
    location(f"/api/v1/projects/{project.id}/procedures/{procedure.id}")
    etag(procedure.version)
    return (await service.to_out(session, [procedure], await _calendar(request, session, procedure.region_code)))[0]


@project_procedures_router.get(
    "/{procedure_id}", summary="Read a procedure", responses=problem_responses(*ON_PROCEDURE)
)
async def get_project_procedure(
    etag: SendsETag, found: ReadableProcedure, request: Request, session: SessionDep
) -> ProcedureOut:
    """One procedure with its ETag. Its lead unit reads it too."""
    _, procedure = found
    etag(procedure.version)
    return (await service.to_out(session, [procedure], await _calendar(request, session, procedure.region_code)))[0]


@project_procedures_router.patch(
    "/{procedure_id}", summary="Change a procedure",
    responses=problem_responses(*ON_PROCEDURE, errors.NotProjectEditor, errors.Required, errors.NotEnergyReview,
                                *errors.UNIT_REFERENCE_PROBLEMS),
)
async def patch_project_procedure(
    if_match: IfMatchRequired,
    etag: SendsETag,
    found: ReadableProcedure,
    body: ProcedurePatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ProcedureOut:
    """Lead unit, deadline, note and (节能审查) energy use; If-Match required. A new deadline may be
    announced overdue again. The office or the project's responsible or owner unit."""
    project, procedure = found
    ensure_plan_editor(principal, project)
    if_match.check(procedure.version)
    await service.patch_procedure(session, procedure, body)
    etag(procedure.version)
    return (await service.to_out(session, [procedure], await _calendar(request, session, procedure.region_code)))[0]


@project_procedures_router.post(
    "/{procedure_id}/status-changes", status_code=201, summary="Change a procedure's status",
    responses=problem_responses(*ON_PROCEDURE, errors.NotProjectEditor, *errors.STATUS_CHANGE_PROBLEMS),
)
async def change_procedure_status(
    if_match: IfMatchOptional,
    etag: SendsETag,
    found: ReadableProcedure,
    body: StatusChangeIn,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ProcedureOut:
    """未启动 → 办理中 → 已办结 (with the approval number and date) or 不需办理 (with the reason); reopening
    needs the reason. The office, the project's responsible or owner unit, or the procedure's lead unit.
    If-Match is checked when sent. Published as ``procedure.status_changed``."""
    project, procedure = found
    ensure_plan_editor(principal, project, also=[procedure.lead_unit_id])
    if_match.check(procedure.version)
    await service.change_status(session, project, procedure, body, principal)
    etag(procedure.version)
    return (await service.to_out(session, [procedure], await _calendar(request, session, procedure.region_code)))[0]


@project_procedures_router.get(
    "/{procedure_id}/status-changes", summary="A procedure's history", responses=problem_responses(*ON_PROCEDURE)
)
async def procedure_history(
    found: ReadableProcedure, session: SessionDep, page: PageParamsDep
) -> Page[StatusChangeOut]:
    """Every status change in order: who, when, from what to what, the approval and the reason.
    Keyset-paginated."""
    rows, cursor = await paginate(session, repo.history_query(found[1].id), order=[ProcedureStatusChange.seq],
                                  params=page)
    return Page(items=[StatusChangeOut.model_validate(c) for c in rows], next_cursor=cursor, limit=page.limit)


# ---------------------------------------------------------------- region-wide


@procedures_router.get("", summary="List procedures across projects (e.g. the overdue ones)")
async def list_procedures(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    overdue: Annotated[bool | None, Query(description="true: deadline passed and not done or not needed")] = None,
    open: Annotated[bool | None, Query(description="true: not started or in progress")] = None,
    status: ProcedureStatus | None = None,
    procedure_type_id: uuid.UUID | None = None,
    lead_unit_id: uuid.UUID | None = None,
    project_id: uuid.UUID | None = None,
) -> Page[RegionProcedureOut]:
    """Procedures of the projects the caller may see, and those their unit leads; ``overdue=true`` lists the
    overdue ones by deadline (today is the Asia/Shanghai business date), otherwise the order is by creation.
    Keyset-paginated."""
    on = today()
    filters = repo.ProcedureFilters(
        region_code=region_code,
        project_id=project_id,
        procedure_type_id=procedure_type_id,
        lead_unit_id=lead_unit_id,
        status=status.value if status else None,
        open=open,
        overdue=overdue,
    )
    stmt = repo.region_list_query(filters, procedure_visibility(principal), on)
    order = (
        [ProjectProcedure.deadline, ProjectProcedure.id]
        if overdue
        else [ProjectProcedure.created_at, ProjectProcedure.id]
    )
    rows, cursor = await paginate(session, stmt, order=order, params=page)
    projects = await repo.projects_by_id(session, {r.project_id for r in rows})
    items = await service.to_region_out(session, rows, projects,
                                        await request.app.state.calendar.regional(session))
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@procedures_router.get(
    "/open-by-project", summary="Projects with unfinished procedures (联审联批 agenda)"
)
async def open_by_project(
    region_code: RegionCode,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    overdue_only: Annotated[bool, Query(description="only projects with at least one overdue procedure")] = False,
    system_id: uuid.UUID | None = None,
) -> Page[ProjectOpenProcedures]:
    """Every project of the region with an unfinished procedure (or an overdue one), each with all its
    open procedures, in project-code order: the joint approval meeting builds its agenda from this in a few
    calls, whatever the number of projects. Keyset-paginated (up to 200 projects a page)."""
    ensure_region(principal, region_code)
    on = today()
    stmt = repo.projects_with_open_query(
        region_code, project_visibility(principal), on, overdue_only=overdue_only, system_id=system_id
    )
    projects, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    items = await service.open_by_project(session, projects, on)
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@procedures_router.get("/energy-review-level", summary="Energy-review level for an energy use")
async def energy_review_level(
    region_code: RegionCode,
    energy_use_tce: Annotated[Tonnes, Query(description="t standard coal")],
    principal: CurrentPrincipal,
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> EnergyReviewLevelOut:
    """Who reviews a project's energy use (节能审查) under the region's thresholds for the year (default:
    ≥ 5000 t standard coal → province; 1000–5000 t → city; < 1000 t → county registration)."""
    ensure_region(principal, region_code)
    year = year or today().year
    thresholds = await service.energy_thresholds(session, region_code, year)
    level = thresholds.level(energy_use_tce)
    return EnergyReviewLevelOut(
        region_code=region_code,
        year=year,
        energy_use_tce=energy_use_tce,
        level=level,
        label=level.label,
        province_min_tce=thresholds.province_min_tce,
        city_min_tce=thresholds.city_min_tce,
    )
