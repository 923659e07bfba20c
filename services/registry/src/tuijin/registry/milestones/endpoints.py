"""Routes of node plans (时间节点 / 倒排工期)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.milestones import repository as repo
from tuijin.registry.milestones import service
from tuijin.registry.milestones.access import ensure_plan_editor
from tuijin.registry.milestones.enums import MilestoneKind
from tuijin.registry.milestones.errors import (
    AnchorCycle,
    ConflictingFields,
    DateInFuture,
    DuplicateName,
    MilestoneKindTaken,
    MilestoneNameTaken,
    MilestoneNotFound,
    NodePlanExists,
    NodePlanStarted,
    NotAWorkingDay,
    NotProjectEditor,
    PlannedDateMissing,
    TooManyMilestones,
)
from tuijin.registry.milestones.models import Milestone
from tuijin.registry.milestones.schemas import (
    BackwardSchedule,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    RegionMilestoneOut,
)
from tuijin.registry.organisation.errors import InvalidReference
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.projects.errors import DatesOutOfOrder, FieldRequired, ProjectNotFound

project_milestones_router = APIRouter(prefix="/api/v1/projects/{project_id}/milestones", tags=["node plans"])
milestones_router = APIRouter(prefix="/api/v1/milestones", tags=["node plans"])

EDITOR = (ProjectNotFound, NotProjectEditor, RegionForbidden)  # VisibleProject, then ensure_plan_editor
# what planning a node can refuse: its name, its date (working day, anchor, order of start/completion/operation)
PLANNING = (MilestoneNameTaken, DateInFuture, NotAWorkingDay, InvalidReference, AnchorCycle, ConflictingFields,
            PlannedDateMissing, MilestoneKindTaken, DatesOutOfOrder)


async def _calendar(request: Request, session: AsyncSession, region_code: str | None) -> WorkingCalendar:
    """The working calendar of a project's region (national overlaid by the region's overrides)."""
    return await request.app.state.calendar.get(session, region_code)


@project_milestones_router.get("", summary="A project's node plan", responses=problem_responses(ProjectNotFound))
async def list_project_milestones(project: VisibleProject, request: Request, session: SessionDep) -> list[MilestoneOut]:
    """Bounded: a node plan holds at most 200 nodes (a bare list, read in one piece). The project's time nodes
    (时间节点) in plan order, each with whether it is overdue and by how many calendar and working days."""
    cal = await _calendar(request, session, project.region_code)
    on = today()
    return [service.to_out(m, cal, on) for m in await repo.project_milestones(session, project.id)]


@project_milestones_router.post("", status_code=201, summary="Add a node to the plan",
                                responses=problem_responses(*EDITOR, TooManyMilestones, *PLANNING))
async def create_milestone(
    etag: SendsETag,
    location: SendsLocation,
    project: VisibleProject,
    body: MilestoneIn,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> MilestoneOut:
    """A start (开工), completion (竣工), operation (投产) or intermediate node, planned on a date or
    ``relative_to`` another node in working days (e.g. 20 working days before 竣工). Planned dates must fall
    on working days unless the region's ``node_plan`` policy says otherwise. The office or the project's
    responsible or owner unit."""
    ensure_plan_editor(principal, project)
    cal = await _calendar(request, session, project.region_code)
    milestone = await service.create_milestone(session, project, body, cal)
    location(f"/api/v1/projects/{project.id}/milestones/{milestone.id}")
    etag(milestone.version)
    return service.to_out(milestone, cal)


@project_milestones_router.post(
    "/backward-schedule", status_code=201, summary="Build the plan backwards from a target (倒排工期)",
    responses=problem_responses(*EDITOR, NotAWorkingDay, DuplicateName, NodePlanExists, NodePlanStarted,
                                MilestoneKindTaken, DatesOutOfOrder),
)
async def backward_schedule(
    project: VisibleProject, body: BackwardSchedule, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> list[MilestoneOut]:
    """Give the target (e.g. 竣工 on 2026-10-12) and the steps before it in chronological order, each with
    the working days from it to the next node; the planned dates are counted back on the working-day
    calendar (holidays and make-up workdays included). Each node stays anchored to the next one, so moving
    the target later moves the whole plan. A project that already has a plan needs ``replace: true``, and a
    plan with a reached node cannot be rebuilt. Bounded: the plan built, the target and at most 100 steps."""
    ensure_plan_editor(principal, project)
    cal = await _calendar(request, session, project.region_code)
    plan = await service.backward_schedule(session, project, body, cal)
    on = today()
    return [service.to_out(m, cal, on) for m in plan]


@project_milestones_router.get("/{milestone_id}", summary="Read a node",
                               responses=problem_responses(ProjectNotFound, MilestoneNotFound))
async def get_milestone(
    etag: SendsETag, project: VisibleProject, milestone_id: uuid.UUID, request: Request, session: SessionDep
) -> MilestoneOut:
    """One node with its ETag (send it back as If-Match to edit)."""
    milestone = await service.get_milestone(session, project, milestone_id)
    etag(milestone.version)
    return service.to_out(milestone, await _calendar(request, session, project.region_code))


@project_milestones_router.patch("/{milestone_id}", summary="Change a node",
                                 responses=problem_responses(*EDITOR, MilestoneNotFound, FieldRequired, *PLANNING))
async def patch_milestone(
    if_match: IfMatchRequired,
    etag: SendsETag,
    project: VisibleProject,
    milestone_id: uuid.UUID,
    body: MilestonePatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> MilestoneOut:
    """Rename, re-plan or record the actual date of a node (If-Match required). Nodes counted from this
    one move with it; a node whose planned date changes may be announced overdue again."""
    ensure_plan_editor(principal, project)
    milestone = await service.get_milestone(session, project, milestone_id)
    if_match.check(milestone.version)
    cal = await _calendar(request, session, project.region_code)
    await service.patch_milestone(session, project, milestone, body, cal)
    etag(milestone.version)
    return service.to_out(milestone, cal)


@project_milestones_router.delete("/{milestone_id}", status_code=204, summary="Remove a node",
                                  responses=problem_responses(*EDITOR, MilestoneNotFound))
async def delete_milestone(
    if_match: IfMatchOptional,
    project: VisibleProject, milestone_id: uuid.UUID, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Nodes counted from this one keep their dates and lose their anchor. If-Match is checked when sent."""
    ensure_plan_editor(principal, project)
    milestone = await service.get_milestone(session, project, milestone_id)
    if_match.check(milestone.version)
    await service.delete_milestone(session, project, milestone)
    return Response(status_code=204)


@milestones_router.get("", summary="List nodes across projects (e.g. the overdue ones)")
async def list_milestones(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    overdue: Annotated[bool | None, Query(description="true: not reached and planned before today")] = None,
    reached: Annotated[bool | None, Query(description="whether the actual date is recorded")] = None,
    kind: MilestoneKind | None = None,
    project_id: uuid.UUID | None = None,
    system_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="responsible or owner unit of the project")] = None,
    planned_from: BusinessDate | None = None,
    planned_to: BusinessDate | None = None,
) -> Page[RegionMilestoneOut]:
    """Nodes of the projects the caller may see, by planned date; ``overdue=true`` lists the nodes past
    their planned date and not reached (today is the Asia/Shanghai business date). Keyset-paginated."""
    on = today()
    filters = repo.MilestoneFilters(
        region_code=region_code,
        project_id=project_id,
        kind=kind.value if kind else None,
        overdue=overdue,
        reached=reached,
        planned_from=planned_from,
        planned_to=planned_to,
        system_id=system_id,
        unit_id=unit_id,
    )
    stmt = repo.region_list_query(filters, project_visibility(principal), on)
    rows, cursor = await paginate(session, stmt, order=[Milestone.planned_date, Milestone.id], params=page)
    projects = await repo.projects_by_id(session, {m.project_id for m in rows})
    calendars = await request.app.state.calendar.regional(session)
    items = [service.to_region_out(m, p, calendars.of(p.region_code), on)
             for m, p in ((m, projects[m.project_id]) for m in rows)]
    return Page(items=items, next_cursor=cursor, limit=page.limit)
