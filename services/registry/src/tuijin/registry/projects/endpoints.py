"""Routes of the project library: projects, their stages, year plans and list tier."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from tuijin.kernel.access import RoleRequired, ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.organisation.errors import InvalidReference, RegionNotFound
from tuijin.registry.projects import repository as repo
from tuijin.registry.projects import service
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.projects.enums import ListTier, Stage
from tuijin.registry.projects.errors import (
    DatesOutOfOrder,
    DuplicateMember,
    FieldRequired,
    MonthlyPlanSumMismatch,
    NationalCodeTaken,
    ProjectCodeTaken,
    ProjectNotFound,
    ReasonRequired,
    RegionRequired,
    ResponsibleAsCoUnit,
    StageNotUsed,
    StageTransitionNotAllowed,
    YearPlanNotFound,
)
from tuijin.registry.projects.models import Project
from tuijin.registry.projects.schemas import (
    BulkIds,
    ProjectCreate,
    ProjectOut,
    ProjectPatch,
    ProjectSummary,
    StageChangeIn,
    StageChangeOut,
    TierOverride,
    YearPlanIn,
    YearPlanOut,
)

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])

OFFICE = (RoleRequired, RegionForbidden)  # ensure_office_of: not the office, or another region's office
# what registering or editing a project can refuse (its references, its codes, its team and co-units)
PROJECT_RULES = (InvalidReference, ProjectCodeTaken, NationalCodeTaken, DuplicateMember, ResponsibleAsCoUnit)
YearQuery = Annotated[int, Path(ge=2000, le=2100)]


@router.post("", status_code=201, summary="Register a project",
             responses=problem_responses(*OFFICE, RegionNotFound, StageNotUsed, *PROJECT_RULES))
async def create_project(
    etag: SendsETag, location: SendsLocation, body: ProjectCreate, session: SessionDep, principal: CurrentPrincipal
) -> ProjectOut:
    """Add a project to the library with its units, leader post and team."""
    ensure_office_of(principal, body.region_code)
    project = await service.create_project(session, body, principal)
    location(f"/api/v1/projects/{project.id}")
    etag(project.version)
    return (await service.to_out(session, [project]))[0]


@router.get("", summary="List projects", responses=problem_responses(RegionRequired))
async def list_projects(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    stage: Stage | None = None,
    system_id: uuid.UUID | None = None,
    leader_post_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="responsible, owner or co-organising unit")] = None,
    township_unit_id: uuid.UUID | None = None,
    is_poverty_alleviation: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="text in the name, code or national code")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="on that year's list (年度名单)")] = None,
    tier: Annotated[ListTier | None, Query(description="list tier of `year` (this year if omitted)")] = None,
    light: Annotated[LightColour | None, Query(description="has a light of this colour")] = None,
    light_kind: Annotated[LightKind | None, Query(description="with `light`: only this kind of light")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: has an overdue milestone or procedure; false: has none")
    ] = None,
) -> Page[ProjectSummary]:
    """Projects the caller may see, ordered by code; keyset-paginated. The tier filter needs one region
    (``region_code``, or the caller's own) because thresholds are configured per region and year."""
    filters = repo.ProjectFilters(
        region_code=region_code,
        year=year,
        light_colour=light.value if light else None,
        light_kind=light_kind.value if light_kind else None,
        overdue=overdue,
        overdue_on=today(),
        stage=stage.value if stage else None,
        system_id=system_id,
        leader_post_id=leader_post_id,
        unit_id=unit_id,
        township_unit_id=township_unit_id,
        is_poverty_alleviation=is_poverty_alleviation,
        q=q,
    )
    if tier is not None:
        await service.filter_by_tier(session, filters, tier, principal)
    stmt = repo.project_list_query(filters, project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    return Page(items=[ProjectSummary.model_validate(p) for p in rows], next_cursor=cursor, limit=page.limit)


@router.post("/bulk", summary="Read many projects at once")
async def bulk_projects(body: BulkIds, session: SessionDep, principal: CurrentPrincipal) -> list[ProjectOut]:
    """Bounded: at most 1000 ids a call, so at most 1000 projects (a bare list, by code). Full views of many
    projects in one call (for the other services: no call per project). Ids the caller may not see are left
    out."""
    projects = await repo.visible_projects(session, body.ids, project_visibility(principal))
    return await service.to_out(session, projects)


@router.get("/{project_id}", summary="Read a project", responses=problem_responses(ProjectNotFound))
async def get_project(
    etag: SendsETag, project: VisibleProject, session: SessionDep, year: int | None = None
) -> ProjectOut:
    """The project with team, leader, year plans, missing 五个一 and list tier; ETag for edits."""
    etag(project.version)
    return (await service.to_out(session, [project], year=year))[0]


@router.patch("/{project_id}", summary="Change a project",
              responses=problem_responses(*OFFICE, ProjectNotFound, FieldRequired, *PROJECT_RULES))
async def patch_project(
    if_match: IfMatchRequired, etag: SendsETag, project: VisibleProject, body: ProjectPatch, session: SessionDep,
    principal: CurrentPrincipal,
) -> ProjectOut:
    """Edit a project (office). Send If-Match with the ETag you read: a stale edit is refused."""
    ensure_office_of(principal, project.region_code)
    if_match.check(project.version)
    await service.patch_project(session, project, body)
    etag(project.version)
    return (await service.to_out(session, [project]))[0]


@router.post("/{project_id}/stage-changes", status_code=201, summary="Move a project to another stage",
             responses=problem_responses(*OFFICE, ProjectNotFound, StageTransitionNotAllowed, StageNotUsed))
async def change_stage(
    project: VisibleProject, body: StageChangeIn, session: SessionDep, principal: CurrentPrincipal
) -> StageChangeOut:
    """储备 → 前期 → 计划新开工 → 在建 → 竣工 → 投产; a step not allowed is refused (422)."""
    ensure_office_of(principal, project.region_code)
    change = await service.change_stage(session, project, body.to_stage, body.reason, body.changed_on, principal)
    return StageChangeOut.model_validate(change)


@router.get("/{project_id}/stage-changes", summary="Stage history", responses=problem_responses(ProjectNotFound))
async def stage_history(project: VisibleProject, session: SessionDep) -> list[StageChangeOut]:
    """Bounded: one project's stage changes, oldest first (six stages forward, a few steps back to the reserve
    library at most; a bare list)."""
    return [StageChangeOut.model_validate(c) for c in await repo.stage_history(session, project.id)]


@router.get("/{project_id}/year-plans/{year}", summary="Read the plan of a year",
            responses=problem_responses(ProjectNotFound, YearPlanNotFound))
async def get_year_plan(etag: SendsETag, project: VisibleProject, year: YearQuery, session: SessionDep) -> YearPlanOut:
    """The project's plan of ``year`` with its ETag (for replacing it); 404 ``year_plan_not_found`` if none."""
    plan = await service.get_year_plan(session, project, year)
    etag(plan.version)
    return YearPlanOut.model_validate(plan)


@router.put("/{project_id}/year-plans/{year}", summary="Set the plan of a year",
            responses=problem_responses(*OFFICE, ProjectNotFound, DatesOutOfOrder, MonthlyPlanSumMismatch))
async def put_year_plan(
    if_match: IfMatchOptional, etag: SendsETag, project: VisibleProject, year: YearQuery, body: YearPlanIn,
    session: SessionDep, principal: CurrentPrincipal,
) -> YearPlanOut:
    """This year's planned investment, physical target and planned dates (五定), and optionally its monthly plan
    (分月计划投资: twelve amounts adding up to exactly the planned investment, else 422
    ``monthly_plan_sum_mismatch``); where one is set, 序时进度 follows it instead of months ÷ 12. The first PUT of
    a year creates the plan; replacing an existing plan takes If-Match with its ETag (428 without, 412 when
    stale)."""
    ensure_office_of(principal, project.region_code)
    service.check_monthly_plan(body)
    current = await repo.year_plan(session, project.id, year)
    if_match.check(current.version if current is not None else 0, required=current is not None)
    plan = await service.set_year_plan(session, project, year, body)
    etag(plan.version)
    return YearPlanOut.model_validate(plan)


@router.put("/{project_id}/tier-override", summary="Override the list tier",
            responses=problem_responses(*OFFICE, ProjectNotFound, ReasonRequired))
async def put_tier_override(
    if_match: IfMatchRequired, etag: SendsETag, project: VisibleProject, body: TierOverride, session: SessionDep,
    principal: CurrentPrincipal,
) -> ProjectOut:
    """Put a project on another list than its investment gives, with the reason (null removes it). If-Match:
    the project's ETag (the override is part of the project)."""
    ensure_office_of(principal, project.region_code)
    if_match.check(project.version)
    await service.set_tier_override(session, project, body)
    etag(project.version)
    return (await service.to_out(session, [project]))[0]
