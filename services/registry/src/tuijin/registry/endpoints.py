"""Routes of the registry: organisation and projects."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy import select

from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, require_roles
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.scope import ensure_visible
from tuijin.registry import repository as repo
from tuijin.registry import service
from tuijin.registry.access import ensure_office_of, project_visibility, region_clause
from tuijin.registry.enums import ListTier, Stage, UnitKind
from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.models import Person, Post, Project, Region, System, Unit
from tuijin.registry.policies import TierThresholds, load_policy
from tuijin.registry.schemas import (
    BulkIds,
    HolderChange,
    HolderOut,
    PersonIn,
    PersonOut,
    PostIn,
    PostOut,
    ProjectCreate,
    ProjectOut,
    ProjectPatch,
    ProjectSummary,
    RegionIn,
    RegionOut,
    StageChangeIn,
    StageChangeOut,
    SystemIn,
    SystemOut,
    TierOverride,
    UnitIn,
    UnitOut,
    UnitPatch,
    YearPlanIn,
    YearPlanOut,
)

org_router = APIRouter(prefix="/api/v1", tags=["organisation"])
projects_router = APIRouter(prefix="/api/v1/projects", tags=["projects"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
EDIT = problem_responses(
    Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, PreconditionFailed, PreconditionRequired
)
AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]


def _region_filter(principal: Principal, column, region_code: str | None):
    clauses = []
    scope = region_clause(principal, column)
    if scope is not None:
        clauses.append(scope)
    if region_code:
        clauses.append(column == region_code)
    return clauses


# ---------------------------------------------------------------- regions


@org_router.post("/regions", status_code=201, tags=["organisation"], summary="Register a region", responses=WRITE)
async def create_region(body: RegionIn, session: SessionDep, _: AdminPrincipal) -> RegionOut:
    """A province, prefecture or county by its 6-digit code (admin only)."""
    if await session.get(Region, body.code):
        raise Conflict(f"Region {body.code} exists.", code="region_exists")
    if body.parent_code and not await session.get(Region, body.parent_code):
        raise Unprocessable(
            "The parent region is not registered.",
            code="invalid_reference",
            errors=[{"field": "body.parent_code", "message": "unknown region", "type": "invalid_reference"}],
        )
    region = Region(code=body.code, name=body.name, level=body.level.value, parent_code=body.parent_code)
    session.add(region)
    return RegionOut.model_validate(region)


@org_router.get("/regions", summary="List regions", responses=READ)
async def list_regions(session: SessionDep, principal: CurrentPrincipal) -> list[RegionOut]:
    """The regions the caller may see (their own and the ones below it)."""
    stmt = select(Region).where(*_region_filter(principal, Region.code, None)).order_by(Region.code)
    return [RegionOut.model_validate(r) for r in (await session.scalars(stmt)).all()]


# ---------------------------------------------------------------- units


@org_router.post("/units", status_code=201, summary="Create a unit", responses=WRITE)
async def create_unit(etag: SendsETag, body: UnitIn, session: SessionDep, principal: CurrentPrincipal) -> UnitOut:
    """A department, township, park committee, enterprise or leading body of the region."""
    ensure_office_of(principal, body.region_code)
    await service.get_region(session, body.region_code)
    if await session.scalar(select(Unit.id).where(Unit.region_code == body.region_code, Unit.name == body.name)):
        raise Conflict(f"A unit named {body.name} exists in this region.", code="unit_name_taken")
    unit = Unit(region_code=body.region_code, name=body.name, short_name=body.short_name, kind=body.kind.value)
    session.add(unit)
    await session.flush()
    etag(unit.version)
    return UnitOut.model_validate(unit)


@org_router.get("/units", summary="List units", responses=READ)
async def list_units(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: str | None = None,
    kind: UnitKind | None = None,
) -> Page[UnitOut]:
    """Units of the caller's region, by name."""
    stmt = select(Unit).where(*_region_filter(principal, Unit.region_code, region_code))
    if kind:
        stmt = stmt.where(Unit.kind == kind.value)
    rows, cursor = await paginate(session, stmt, order=[Unit.name, Unit.id], params=page)
    return Page(items=[UnitOut.model_validate(u) for u in rows], next_cursor=cursor, limit=page.limit)


async def _unit(session: SessionDep, unit_id: uuid.UUID, principal: Principal) -> Unit:
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("No such unit.", code="unit_not_found")
    ensure_visible(principal, unit.region_code, "No such unit.", "unit_not_found")
    return unit


@org_router.get("/units/{unit_id}", summary="Read a unit", responses=READ)
async def get_unit(etag: SendsETag, unit_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> UnitOut:
    unit = await _unit(session, unit_id, principal)
    etag(unit.version)
    return UnitOut.model_validate(unit)


@org_router.patch("/units/{unit_id}", summary="Change a unit", responses=EDIT)
async def patch_unit(
    if_match: IfMatchRequired,
    etag: SendsETag,
    unit_id: uuid.UUID,
    body: UnitPatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> UnitOut:
    """Rename, re-classify or deactivate a unit (If-Match required)."""
    unit = await _unit(session, unit_id, principal)
    ensure_office_of(principal, unit.region_code)
    if_match.check(unit.version)
    for k, v in body.model_dump(exclude_unset=True).items():
        setattr(unit, k, v.value if isinstance(v, UnitKind) else v)
    await session.flush()
    etag(unit.version)
    return UnitOut.model_validate(unit)


# ---------------------------------------------------------------- people and posts


@org_router.post("/people", status_code=201, summary="Register a person", responses=WRITE)
async def create_person(body: PersonIn, session: SessionDep, principal: CurrentPrincipal) -> PersonOut:
    ensure_office_of(principal, body.region_code)
    await service.get_region(session, body.region_code)
    if body.unit_id:
        await _unit(session, body.unit_id, principal)
    person = Person(**body.model_dump())
    session.add(person)
    await session.flush()
    return PersonOut.model_validate(person)


@org_router.get("/people", summary="List people", responses=READ)
async def list_people(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: str | None = None,
    unit_id: uuid.UUID | None = None,
) -> Page[PersonOut]:
    stmt = select(Person).where(*_region_filter(principal, Person.region_code, region_code))
    if unit_id:
        stmt = stmt.where(Person.unit_id == unit_id)
    rows, cursor = await paginate(session, stmt, order=[Person.name, Person.id], params=page)
    return Page(items=[PersonOut.model_validate(p) for p in rows], next_cursor=cursor, limit=page.limit)


async def _post_out(session: SessionDep, posts: list[Post]) -> list[PostOut]:
    holders = await repo.holders_on(session, [p.id for p in posts], today())
    out = []
    for post in posts:
        h = holders.get(post.id)
        out.append(
            PostOut.model_validate(post).model_copy(
                update={
                    "holder": HolderOut(
                        person_id=h[0].person_id, person_name=h[1], start_date=h[0].start_date, end_date=h[0].end_date
                    )
                    if h
                    else None
                }
            )
        )
    return out


@org_router.post("/posts", status_code=201, summary="Create a post (职务)", responses=WRITE)
async def create_post(body: PostIn, session: SessionDep, principal: CurrentPrincipal) -> PostOut:
    """A post such as 副县长（分管交通）; projects name the post as their responsible leader."""
    ensure_office_of(principal, body.region_code)
    await service.get_region(session, body.region_code)
    if body.unit_id:  # a unit that does not exist is a 404, not a foreign-key failure at the flush
        await _unit(session, body.unit_id, principal)
    if await session.scalar(select(Post.id).where(Post.region_code == body.region_code, Post.title == body.title)):
        raise Conflict(f"A post titled {body.title} exists.", code="post_title_taken")
    post = Post(**body.model_dump())
    session.add(post)
    await session.flush()
    return (await _post_out(session, [post]))[0]


@org_router.get("/posts", summary="List posts with their current holders", responses=READ)
async def list_posts(session: SessionDep, principal: CurrentPrincipal, region_code: str | None = None) -> list[PostOut]:
    stmt = select(Post).where(*_region_filter(principal, Post.region_code, region_code)).order_by(Post.rank, Post.title)
    return await _post_out(session, list((await session.scalars(stmt)).all()))


async def _post(session: SessionDep, post_id: uuid.UUID, principal: Principal) -> Post:
    post = await session.get(Post, post_id)
    if post is None:
        raise NotFound("No such post.", code="post_not_found")
    ensure_visible(principal, post.region_code, "No such post.", "post_not_found")
    return post


@org_router.put("/posts/{post_id}/holder", summary="Hand a post to a new holder", responses=WRITE)
async def change_holder(
    post_id: uuid.UUID, body: HolderChange, session: SessionDep, principal: CurrentPrincipal
) -> PostOut:
    """The successor takes over every project of the post without a new document (接任者自行替补);
    the history keeps who held it when."""
    post = await _post(session, post_id, principal)
    ensure_office_of(principal, post.region_code)
    await service.change_post_holder(session, post, body.person_id, body.start_date, principal)
    return (await _post_out(session, [post]))[0]


@org_router.get("/posts/{post_id}/holdings", summary="Who held a post when", responses=READ)
async def post_holdings(post_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> list[HolderOut]:
    post = await _post(session, post_id, principal)
    return [
        HolderOut(person_id=h.person_id, person_name=n, start_date=h.start_date, end_date=h.end_date)
        for h, n in await repo.holdings_of(session, post.id)
    ]


# ---------------------------------------------------------------- systems


@org_router.post("/systems", status_code=201, summary="Create a system (体系)", responses=WRITE)
async def create_system(body: SystemIn, session: SessionDep, principal: CurrentPrincipal) -> SystemOut:
    """A system of the region with the unit that convenes its weekly meeting."""
    ensure_office_of(principal, body.region_code)
    await service.get_region(session, body.region_code)
    if body.convening_unit_id:
        await _unit(session, body.convening_unit_id, principal)
    if await session.scalar(select(System.id).where(System.region_code == body.region_code, System.name == body.name)):
        raise Conflict(f"A system named {body.name} exists.", code="system_name_taken")
    system = System(**body.model_dump())
    session.add(system)
    await session.flush()
    return SystemOut.model_validate(system)


@org_router.get("/systems", summary="List systems", responses=READ)
async def list_systems(
    session: SessionDep, principal: CurrentPrincipal, region_code: str | None = None
) -> list[SystemOut]:
    stmt = (
        select(System)
        .where(*_region_filter(principal, System.region_code, region_code))
        .order_by(System.region_code, System.sort_order, System.name)
    )
    return [SystemOut.model_validate(s) for s in (await session.scalars(stmt)).all()]


# ---------------------------------------------------------------- projects


async def visible_project(session: SessionDep, project_id: uuid.UUID, principal: CurrentPrincipal) -> Project:
    """Dependency: the project, if it exists and the caller may see it (else 404, never a hint)."""
    stmt = select(Project).where(Project.id == project_id)
    visibility = project_visibility(principal)
    if visibility is not None:
        stmt = stmt.where(visibility)
    project = await session.scalar(stmt)
    if project is None:
        raise NotFound("No such project.", code="project_not_found")
    return project


VisibleProject = Annotated[Project, Depends(visible_project)]


@projects_router.post("", status_code=201, summary="Register a project", responses=WRITE)
async def create_project(
    etag: SendsETag, location: SendsLocation, body: ProjectCreate, session: SessionDep, principal: CurrentPrincipal
) -> ProjectOut:
    """Add a project to the library with its units, leader post and team."""
    ensure_office_of(principal, body.region_code)
    project = await service.create_project(session, body, principal)
    location(f"/api/v1/projects/{project.id}")
    etag(project.version)
    return (await service.to_out(session, [project]))[0]


@projects_router.get("", summary="List projects", responses=READ)
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
    thresholds = None
    if tier is not None:
        tier_region = region_code or principal.region_code
        if not tier_region:
            raise Unprocessable(
                "Filtering by tier needs region_code.",
                code="region_required",
                errors=[{"field": "query.region_code", "message": "required with tier", "type": "missing"}],
            )
        thresholds = await load_policy(session, tier_region, year or today().year, TierThresholds)
        region_code = tier_region
    filters = repo.ProjectFilters(
        region_code=region_code,
        year=year,
        tier=tier.value if tier else None,
        tier_thresholds=thresholds,
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
    stmt = repo.project_list_query(filters, project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    return Page(items=[ProjectSummary.model_validate(p) for p in rows], next_cursor=cursor, limit=page.limit)


@projects_router.post("/bulk", summary="Read many projects at once", responses=READ)
async def bulk_projects(body: BulkIds, session: SessionDep, principal: CurrentPrincipal) -> list[ProjectOut]:
    """Full views of up to 1000 projects in one call (for the other services: no call per project).
    Ids the caller may not see are left out."""
    stmt = select(Project).where(Project.id.in_(body.ids))
    visibility = project_visibility(principal)
    if visibility is not None:
        stmt = stmt.where(visibility)
    projects = list((await session.scalars(stmt.order_by(Project.code))).all())
    return await service.to_out(session, projects)


@projects_router.get("/{project_id}", summary="Read a project", responses=READ)
async def get_project(
    etag: SendsETag, project: VisibleProject, session: SessionDep, year: int | None = None
) -> ProjectOut:
    """The project with team, leader, year plans, missing 五个一 and list tier; ETag for edits."""
    etag(project.version)
    return (await service.to_out(session, [project], year=year))[0]


@projects_router.patch("/{project_id}", summary="Change a project", responses=EDIT)
async def patch_project(
    if_match: IfMatchRequired,
    etag: SendsETag,
    project: VisibleProject,
    body: ProjectPatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ProjectOut:
    """Edit a project (office). Send If-Match with the ETag you read: a stale edit is refused."""
    ensure_office_of(principal, project.region_code)
    if_match.check(project.version)
    await service.patch_project(session, project, body)
    etag(project.version)
    return (await service.to_out(session, [project]))[0]


@projects_router.post(
    "/{project_id}/stage-changes", status_code=201, summary="Move a project to another stage", responses=WRITE
)
async def change_stage(
    project: VisibleProject, body: StageChangeIn, session: SessionDep, principal: CurrentPrincipal
) -> StageChangeOut:
    """储备 → 前期 → 计划新开工 → 在建 → 竣工 → 投产; a step not allowed is refused (422)."""
    ensure_office_of(principal, project.region_code)
    change = await service.change_stage(session, project, body.to_stage, body.reason, body.changed_on, principal)
    return StageChangeOut.model_validate(change)


@projects_router.get("/{project_id}/stage-changes", summary="Stage history", responses=READ)
async def stage_history(project: VisibleProject, session: SessionDep) -> list[StageChangeOut]:
    return [StageChangeOut.model_validate(c) for c in await repo.stage_history(session, project.id)]


@projects_router.put("/{project_id}/year-plans/{year}", summary="Set the plan of a year", responses=WRITE)
async def put_year_plan(
    project: VisibleProject,
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: YearPlanIn,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> YearPlanOut:
    """This year's planned investment, physical target and planned dates (五定)."""
    ensure_office_of(principal, project.region_code)
    plan = await service.set_year_plan(session, project, year, body)
    return YearPlanOut.model_validate(plan)


@projects_router.put("/{project_id}/tier-override", summary="Override the list tier", responses=WRITE)
async def put_tier_override(
    project: VisibleProject, body: TierOverride, session: SessionDep, principal: CurrentPrincipal
) -> ProjectOut:
    """Put a project on another list than its investment gives, with the reason (null removes it)."""
    ensure_office_of(principal, project.region_code)
    if body.tier is not None and not body.reason.strip():
        raise Unprocessable(
            "An override needs its reason.",
            code="reason_required",
            errors=[{"field": "body.reason", "message": "required", "type": "missing"}],
        )
    project.tier_override = body.tier.value if body.tier else None
    project.tier_override_reason = body.reason if body.tier else ""
    await session.flush()
    return (await service.to_out(session, [project]))[0]
