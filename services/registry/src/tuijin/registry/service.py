"""Rules of the registry: the organisation, the project library, stages, 五个一 and list tiers.
Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import Conflict, NotFound, Unprocessable, invalid_field
from tuijin.kernel.outbox import publish, record_key
from tuijin.kernel.settings import SERVICES
from tuijin.registry import repository as repo
from tuijin.registry.enums import STAGE_TRANSITIONS, FiveOnes, ListTier, Stage
from tuijin.registry.models import (
    Person,
    Post,
    PostHolding,
    Project,
    ProjectCoUnit,
    Region,
    StageChange,
    System,
    TeamMember,
    Unit,
    YearPlan,
    kernel,
)
from tuijin.registry.nodes.repository import projects_with_milestones
from tuijin.registry.policies import TierThresholds, load_policy
from tuijin.registry.province import outbound as province_outbound
from tuijin.registry.schemas import (
    HolderOut,
    ProjectCreate,
    ProjectOut,
    ProjectPatch,
    TeamMemberIn,
    TeamMemberOut,
    YearPlanIn,
    YearPlanOut,
)

SUBSCRIBERS = tuple(s for s in SERVICES if s != "registry")


def ordering_key(event_type: str, payload: dict[str, Any]) -> str | None:
    """The record an event is about, for delivery in order (a parked event holds back only these): the
    project for project, stage, light, milestone, procedure, report and swap events (a swap by the project
    swapped out), the post for a change of holder, the region's policy for a policy change; none for a list
    import (its projects announce themselves one by one)."""
    if event_type == "policy.changed":
        return f"policy:{payload.get('region_code')}:{payload.get('name')}"
    return record_key(payload, "project_id", "out_project_id", kind="project") or record_key(payload, "post_id")


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> None:
    await publish(session, kernel, event_type, payload, destinations=SUBSCRIBERS, region_code=region_code,
                  ordering_key=ordering_key(event_type, payload))


async def _require(session: AsyncSession, model: type, id_: uuid.UUID | None, field: str, region_code: str) -> Any:
    """A referenced record that exists in the same region (or None when ``id_`` is None)."""
    if id_ is None:
        return None
    row = await session.get(model, id_)
    # a record of another region is answered as a missing one: the id tells nothing about it
    if row is None or getattr(row, "region_code", region_code) != region_code:
        raise invalid_field(field, f"No {model.__name__.lower()} with id {id_} in this region.", "invalid_reference")
    return row


# ---------------------------------------------------------------- organisation


async def get_region(session: AsyncSession, code: str) -> Region:
    region = await session.get(Region, code)
    if region is None:
        raise NotFound(f"No region {code}.", code="region_not_found")
    return region


async def change_post_holder(
    session: AsyncSession, post: Post, person_id: uuid.UUID, start: date, principal: Principal
) -> PostHolding:
    """A new holder takes the post (接任者自行替补): the open holding ends the day before ``start``,
    and every project of the post now has the new leader without an edit."""
    await _require(session, Person, person_id, "body.person_id", post.region_code)
    current = await repo.open_holding(session, post.id)
    if current is not None:
        if current.person_id == person_id:
            raise Conflict("That person already holds the post.", code="already_holder")
        if start <= current.start_date:
            raise invalid_field(
                "body.start_date", "The new holding must start after the current one began.", "start_before_current"
            )
        current.end_date = start - timedelta(days=1)
    holding = PostHolding(
        post_id=post.id, person_id=person_id, start_date=start, recorded_by=principal.sub, recorded_at=utcnow()
    )
    session.add(holding)
    await session.flush()
    await emit(
        session,
        "post.holder_changed",
        {"post_id": str(post.id), "person_id": str(person_id), "start_date": start.isoformat()},
        post.region_code,
    )
    return holding


# ---------------------------------------------------------------- projects


async def get_project(session: AsyncSession, project_id: uuid.UUID) -> Project:
    project = await session.get(Project, project_id)
    if project is None:
        raise NotFound("No such project.", code="project_not_found")
    return project


async def _check_unique(
    session: AsyncSession, project: Project | None, region_code: str, code: str | None, national_code: str | None
) -> None:
    own_id = project.id if project else None
    if code is not None:
        stmt = select(Project.id).where(Project.region_code == region_code, Project.code == code)
        if own_id:
            stmt = stmt.where(Project.id != own_id)
        if await session.scalar(stmt):
            raise Conflict(f"The code {code} is already used in this region.", code="project_code_taken")
    if national_code:
        stmt = select(Project.id).where(Project.national_code == national_code)
        if own_id:
            stmt = stmt.where(Project.id != own_id)
        if await session.scalar(stmt):
            raise Conflict(
                f"The national project code {national_code} is already registered.", code="national_code_taken"
            )


async def _check_refs(session: AsyncSession, region: str, data: dict[str, Any]) -> None:
    refs = {
        "system_id": System,
        "township_unit_id": Unit,
        "owner_unit_id": Unit,
        "responsible_unit_id": Unit,
        "leader_post_id": Post,
    }
    for field, model in refs.items():
        if field in data:
            await _require(session, model, data[field], f"body.{field}", region)
    for i, unit_id in enumerate(data.get("co_unit_ids") or []):
        await _require(session, Unit, unit_id, f"body.co_unit_ids.{i}", region)
    for i, member in enumerate(data.get("team") or []):
        await _require(session, Person, member["person_id"], f"body.team.{i}.person_id", region)


async def _replace_team(session: AsyncSession, project: Project, team: list[TeamMemberIn]) -> None:
    await session.execute(delete(TeamMember).where(TeamMember.project_id == project.id))
    seen: set[uuid.UUID] = set()
    for i, m in enumerate(team):
        if m.person_id in seen:
            raise invalid_field(f"body.team.{i}.person_id", "A person appears twice in the team.", "duplicate_member")
        seen.add(m.person_id)
        session.add(TeamMember(project_id=project.id, person_id=m.person_id, role=m.role.value))


async def _replace_co_units(session: AsyncSession, project: Project, unit_ids: list[uuid.UUID]) -> None:
    await session.execute(delete(ProjectCoUnit).where(ProjectCoUnit.project_id == project.id))
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id == project.responsible_unit_id:
            raise invalid_field(
                "body.co_unit_ids",
                "The responsible unit cannot also be a co-organising unit.",
                "responsible_as_co_unit",
            )
        session.add(ProjectCoUnit(project_id=project.id, unit_id=unit_id))


async def create_project(session: AsyncSession, body: ProjectCreate, principal: Principal) -> Project:
    await get_region(session, body.region_code)
    data = body.model_dump()
    await _check_refs(session, body.region_code, data)
    await _check_unique(session, None, body.region_code, body.code, body.national_code)
    fields = {k: v for k, v in data.items() if k not in ("co_unit_ids", "team")}
    fields["stage"] = body.stage.value
    project = Project(**fields)
    session.add(project)
    await session.flush()
    await _replace_co_units(session, project, body.co_unit_ids)
    await _replace_team(session, project, body.team)
    session.add(
        StageChange(
            project_id=project.id,
            from_stage=None,
            to_stage=project.stage,
            changed_on=today(),
            reason="registered",
            changed_by=principal.sub,
            changed_at=utcnow(),
        )
    )
    await session.flush()
    await emit(session, "project.created", _event_payload(project), project.region_code)
    return project


async def patch_project(session: AsyncSession, project: Project, body: ProjectPatch) -> Project:
    data = body.model_dump(exclude_unset=True)
    await _check_refs(session, project.region_code, data)
    if "national_code" in data:
        await _check_unique(session, project, project.region_code, None, data["national_code"])
    if "responsible_unit_id" in data and data["responsible_unit_id"] is None:
        raise invalid_field("body.responsible_unit_id", "A project always has a responsible unit.", "required")
    if "total_investment" in data and data["total_investment"] is None:
        raise invalid_field("body.total_investment", "Total investment cannot be removed.", "required")
    for field, value in data.items():
        if field not in ("co_unit_ids", "team"):
            setattr(project, field, value)
    if body.co_unit_ids is not None:
        await _replace_co_units(session, project, body.co_unit_ids)
    if body.team is not None:
        await _replace_team(session, project, body.team)
    project.updated_at = utcnow()  # bumps the version even when only the team changed
    await session.flush()
    await emit(session, "project.updated", _event_payload(project), project.region_code)
    return project


async def change_stage(
    session: AsyncSession, project: Project, to_stage: Stage, reason: str, changed_on: date | None, principal: Principal
) -> StageChange:
    """Move a project to another stage if the transition is allowed; the change is kept as history."""
    current = Stage(project.stage)
    if to_stage not in STAGE_TRANSITIONS[current]:
        allowed = ", ".join(s.value for s in sorted(STAGE_TRANSITIONS[current])) or "none"
        raise Unprocessable(
            f"A project cannot move from {current.value} ({current.label}) to {to_stage.value} "
            f"({to_stage.label}); allowed: {allowed}.",
            code="stage_transition_not_allowed",
            errors=[
                {"field": "body.to_stage", "message": "transition not allowed", "type": "stage_transition_not_allowed"}
            ],
        )
    change = StageChange(
        project_id=project.id,
        from_stage=current.value,
        to_stage=to_stage.value,
        changed_on=changed_on or today(),
        reason=reason,
        changed_by=principal.sub,
        changed_at=utcnow(),
    )
    project.stage = to_stage.value
    session.add(change)
    await session.flush()
    # a linked provincial-list project reports start (开工) and completion (竣工) to the provincial platform
    await province_outbound.on_stage_changed(session, project, to_stage.value, change.changed_on, reason)
    await emit(
        session, "project.stage_changed", {**_event_payload(project), "from_stage": current.value}, project.region_code
    )
    return change


async def set_year_plan(session: AsyncSession, project: Project, year: int, body: YearPlanIn) -> YearPlan:
    for a, b in (
        ("planned_start_date", "planned_completion_date"),
        ("planned_completion_date", "planned_operation_date"),
    ):
        first, then = getattr(body, a), getattr(body, b)
        if first and then and then < first:
            raise invalid_field(f"body.{b}", f"{b} is before {a}.", "dates_out_of_order")
    plan = await repo.year_plan(session, project.id, year)
    if plan is None:
        plan = YearPlan(project_id=project.id, region_code=project.region_code, year=year, **body.model_dump())
        session.add(plan)
    else:
        for k, v in body.model_dump().items():
            setattr(plan, k, v)
    await session.flush()
    return plan


def missing_five_ones(
    project: Project, team: list, plans: list[YearPlan], year: int, *, has_node_plan: bool = False
) -> list[FiveOnes]:
    """Which of the 五个一 a project lacks: leader, team, push plan, ledger, timetable (a node plan with at
    least one milestone, or the year plan's dates)."""
    missing = []
    if project.leader_post_id is None:
        missing.append(FiveOnes.leader)
    if not team:
        missing.append(FiveOnes.team)
    if not project.push_plan.strip():
        missing.append(FiveOnes.push_plan)
    if not project.ledger.strip():
        missing.append(FiveOnes.ledger)
    plan = next((p for p in plans if p.year == year), None)
    if not has_node_plan and (plan is None or not (plan.planned_start_date or plan.planned_completion_date)):
        missing.append(FiveOnes.timetable)
    return missing


async def to_out(session: AsyncSession, projects: list[Project], *, year: int | None = None) -> list[ProjectOut]:
    """Full views of many projects with a fixed number of queries."""
    year = year or today().year
    details = await repo.project_details(session, projects)
    with_node_plan = await projects_with_milestones(session, [p.id for p in projects])
    holders = await repo.holders_on(session, list(details.post_titles), today())
    thresholds: dict[str, TierThresholds] = {}
    out = []
    for p in projects:
        if p.region_code not in thresholds:
            thresholds[p.region_code] = await load_policy(session, p.region_code, year, TierThresholds)
        plans = details.plans[p.id]
        this_year = next((pl.planned_investment for pl in plans if pl.year == year), None)
        computed = thresholds[p.region_code].tier(p.total_investment, this_year)
        override = ListTier(p.tier_override) if p.tier_override else None
        holder = holders.get(p.leader_post_id) if p.leader_post_id else None
        team = details.team[p.id]
        out.append(
            ProjectOut.model_validate(
                {
                    **{
                        c: getattr(p, c)
                        for c in ProjectOut.model_fields
                        if hasattr(p, c) and c not in ("team", "year_plans", "tier_override")
                    },
                    "co_unit_ids": details.co_units[p.id],
                    "team": [TeamMemberOut(person_id=m.person_id, role=m.role, person_name=n) for m, n in team],
                    "leader": HolderOut(
                        person_id=holder[0].person_id,
                        person_name=holder[1],
                        start_date=holder[0].start_date,
                        end_date=holder[0].end_date,
                    )
                    if holder
                    else None,
                    "leader_post_title": details.post_titles.get(p.leader_post_id) if p.leader_post_id else None,
                    "year_plans": [YearPlanOut.model_validate(pl) for pl in plans],
                    "missing_five_ones": missing_five_ones(p, team, plans, year, has_node_plan=p.id in with_node_plan),
                    "tier": override or computed,
                    "tier_computed": computed,
                    "tier_override": override,
                }
            )
        )
    return out


def _event_payload(project: Project) -> dict[str, Any]:
    return {
        "project_id": str(project.id),
        "region_code": project.region_code,
        "code": project.code,
        "name": project.name,
        "stage": project.stage,
        "system_id": str(project.system_id) if project.system_id else None,
        "responsible_unit_id": str(project.responsible_unit_id),
        "leader_post_id": str(project.leader_post_id) if project.leader_post_id else None,
    }
