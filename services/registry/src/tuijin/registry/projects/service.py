"""Rules of the project library: registration, edits, stages, year plans, the list tier override and the
五个一. Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.numbers import money_text
from tuijin.registry.events import emit
from tuijin.registry.milestones.repository import projects_with_milestones
from tuijin.registry.organisation.models import Person, Post, System, Unit
from tuijin.registry.organisation.service import get_region, holder_out, require_in_region
from tuijin.registry.policies import FiveOnesRule, StagePolicy, TierThresholds, load_policy
from tuijin.registry.projects import repository as repo
from tuijin.registry.projects.enums import STAGE_TRANSITIONS, FiveOnes, ListTier, Stage
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
from tuijin.registry.projects.models import Project, ProjectCoUnit, StageChange, TeamMember, YearPlan
from tuijin.registry.projects.schemas import (
    ProjectCreate,
    ProjectOut,
    ProjectPatch,
    TeamMemberIn,
    TeamMemberOut,
    TierOverride,
    YearPlanIn,
    YearPlanOut,
)
from tuijin.registry.province import outbound as province_outbound


async def get_project(session: AsyncSession, project_id: uuid.UUID) -> Project:
    project = await repo.get_project(session, project_id)
    if project is None:
        raise ProjectNotFound("No such project.")
    return project


async def _check_unique(
    session: AsyncSession, project: Project | None, region_code: str, code: str | None, national_code: str | None
) -> None:
    own_id = project.id if project else None
    if code is not None and await repo.code_taken(session, region_code, code, own_id):
        raise ProjectCodeTaken(f"The code {code} is already used in this region.")
    if national_code and await repo.national_code_taken(session, national_code, own_id):
        raise NationalCodeTaken(f"The national project code {national_code} is already registered.")


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
            await require_in_region(session, model, data[field], f"body.{field}", region)
    for i, unit_id in enumerate(data.get("co_unit_ids") or []):
        await require_in_region(session, Unit, unit_id, f"body.co_unit_ids.{i}", region)
    for i, member in enumerate(data.get("team") or []):
        await require_in_region(session, Person, member["person_id"], f"body.team.{i}.person_id", region)


async def _replace_team(session: AsyncSession, project: Project, team: list[TeamMemberIn]) -> None:
    await repo.clear_team(session, project.id)
    seen: set[uuid.UUID] = set()
    for i, m in enumerate(team):
        if m.person_id in seen:
            raise DuplicateMember(f"body.team.{i}.person_id", "A person appears twice in the team.")
        seen.add(m.person_id)
        session.add(TeamMember(project_id=project.id, person_id=m.person_id, role=m.role.value))


async def _replace_co_units(session: AsyncSession, project: Project, unit_ids: list[uuid.UUID]) -> None:
    await repo.clear_co_units(session, project.id)
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id == project.responsible_unit_id:
            raise ResponsibleAsCoUnit("body.co_unit_ids", "The responsible unit cannot also be a co-organising unit.")
        session.add(ProjectCoUnit(project_id=project.id, unit_id=unit_id))


async def ensure_stage_used(session: AsyncSession, region_code: str, stage: Stage, field: str) -> None:
    """422 naming ``field`` when the region's ``stages`` policy (of this year) does not list ``stage``."""
    policy = await load_policy(session, region_code, today().year, StagePolicy)
    if not policy.uses(stage):
        used = "、".join(s.label for s in policy.used_stages)
        raise StageNotUsed(field, f"The region does not use stage {stage.value} ({stage.label}); it uses: {used}.",
                           message=f"本地区不使用“{stage.label}”阶段；可选：{used}")


async def create_project(session: AsyncSession, body: ProjectCreate, principal: Principal) -> Project:
    await get_region(session, body.region_code)
    await ensure_stage_used(session, body.region_code, body.stage, "body.stage")
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
        raise FieldRequired("body.responsible_unit_id", "A project always has a responsible unit.")
    if "total_investment" in data and data["total_investment"] is None:
        raise FieldRequired("body.total_investment", "Total investment cannot be removed.")
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
    """Move a project to another stage if the transition is allowed and the region uses that stage; the change is
    kept as history."""
    current = Stage(project.stage)
    await ensure_stage_used(session, project.region_code, to_stage, "body.to_stage")
    if to_stage not in STAGE_TRANSITIONS[current]:
        allowed = ", ".join(s.value for s in sorted(STAGE_TRANSITIONS[current])) or "none"
        raise StageTransitionNotAllowed(
            "body.to_stage",
            f"A project cannot move from {current.value} ({current.label}) to {to_stage.value} "
            f"({to_stage.label}); allowed: {allowed}.",
            message="transition not allowed",
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


async def set_tier_override(session: AsyncSession, project: Project, body: TierOverride) -> Project:
    """Put a project on another list than its investment gives (with the reason), or remove the override."""
    if body.tier is not None and not body.reason.strip():
        raise ReasonRequired("body.reason", "An override needs its reason.", message="required", type="missing")
    project.tier_override = body.tier.value if body.tier else None
    project.tier_override_reason = body.reason if body.tier else ""
    await session.flush()
    return project


async def get_year_plan(session: AsyncSession, project: Project, year: int) -> YearPlan:
    plan = await repo.year_plan(session, project.id, year)
    if plan is None:
        raise YearPlanNotFound(f"The project has no plan for {year}.")
    return plan


def check_monthly_plan(body: YearPlanIn) -> None:
    """A monthly investment plan (分月计划投资) distributes the year's plan: its twelve months add up to exactly the
    planned investment (our rule; the seeds give none), else 422 naming ``body.monthly_plan``."""
    if body.monthly_plan is None:
        return
    months = sum(body.monthly_plan, Decimal(0))
    if months != body.planned_investment:
        raise MonthlyPlanSumMismatch(
            "body.monthly_plan",
            f"The twelve months add up to {money_text(months)}, not the year's planned investment "
            f"{money_text(body.planned_investment)}.",
        )


async def set_year_plan(
    session: AsyncSession, project: Project, year: int, body: YearPlanIn, *, keep_monthly_plan: bool = False
) -> YearPlan:
    """Create the plan of ``year`` or replace it (over HTTP the route checks ``If-Match`` first: replacing takes
    it, the first plan of a year does not, there being nothing to be stale against; and it checks the monthly plan
    with :func:`check_monthly_plan`). ``keep_monthly_plan`` (an import, whose workbook has no months): a body
    without a monthly plan keeps the one stored while the planned investment stays the same (it still adds up),
    and drops it when the planned investment changes."""
    for a, b in (
        ("planned_start_date", "planned_completion_date"),
        ("planned_completion_date", "planned_operation_date"),
    ):
        first, then = getattr(body, a), getattr(body, b)
        if first and then and then < first:
            raise DatesOutOfOrder(f"body.{b}", f"{b} is before {a}.")
    fields = body.model_dump()
    if body.monthly_plan is not None:
        fields["monthly_plan"] = [money_text(m) for m in body.monthly_plan]
    plan = await repo.year_plan(session, project.id, year)
    if plan is None:
        plan = YearPlan(project_id=project.id, region_code=project.region_code, year=year, **fields)
        session.add(plan)
    else:
        if keep_monthly_plan and body.monthly_plan is None and plan.planned_investment == body.planned_investment:
            fields.pop("monthly_plan")
        for k, v in fields.items():
            setattr(plan, k, v)
    await session.flush()
    return plan


async def filter_by_tier(
    session: AsyncSession, filters: repo.ProjectFilters, tier: ListTier, principal: Principal
) -> None:
    """Narrow ``filters`` to one list tier: thresholds are per region and year, so the filter needs one region
    (``region_code``, or the caller's own)."""
    region_code = filters.region_code or principal.region_code
    if not region_code:
        raise RegionRequired("query.region_code", "Filtering by tier needs region_code.",
                             message="required with tier", type="missing")
    filters.tier = tier.value
    filters.tier_thresholds = await load_policy(session, region_code, filters.year or today().year, TierThresholds)
    filters.region_code = region_code


def missing_five_ones(
    project: Project, team: list, plans: list[YearPlan], year: int, *, has_node_plan: bool = False,
    required: list[FiveOnes] | None = None,
) -> list[FiveOnes]:
    """Which of the region's 五个一 (``required``, its ``five_ones`` policy; default 栾川's) a project lacks, in
    the policy's order. Each is read from what the registry holds:

    - leader (责任领导): the project has a leader post;
    - team (服务团队) and work_team (工作班子, 楚雄: "责任领导、责任单位和协办单位组成项目工作组……分解落实到人到岗"):
      at least one person on the project's team;
    - push_plan (推进方案) and ledger (台账): their text is filled in;
    - timetable (路线图时间表): a node plan with at least one node, or the year plan's planned start or
      completion date;
    - reverse_schedule (倒排工期计划, 楚雄: "明确重点项目开工、竣工、投产时限……倒排工期,制定详细工作计划"): a node
      plan with at least one node — the year plan's dates alone are deadlines, not a plan counted back from them;
    - responsible_unit (责任单位): the project's responsible unit; a project cannot be registered without one, so
      in practice it is never missing.

    楚雄's first item, 一个项目 (the project itself), is the record and needs no check."""
    plan = next((p for p in plans if p.year == year), None)
    has_dates = plan is not None and bool(plan.planned_start_date or plan.planned_completion_date)
    present = {
        FiveOnes.leader: project.leader_post_id is not None,
        FiveOnes.team: bool(team),
        FiveOnes.work_team: bool(team),
        FiveOnes.push_plan: bool(project.push_plan.strip()),
        FiveOnes.ledger: bool(project.ledger.strip()),
        FiveOnes.timetable: has_node_plan or has_dates,
        FiveOnes.reverse_schedule: has_node_plan,
        FiveOnes.responsible_unit: project.responsible_unit_id is not None,
    }
    return [item for item in (required or FiveOnesRule().required_items) if not present[item]]


async def to_out(session: AsyncSession, projects: list[Project], *, year: int | None = None) -> list[ProjectOut]:
    """Full views of many projects with a fixed number of queries."""
    year = year or today().year
    details = await repo.project_details(session, projects)
    with_node_plan = await projects_with_milestones(session, [p.id for p in projects])
    holders = await repo.holders_on(session, list(details.post_titles), today())
    thresholds: dict[str, TierThresholds] = {}
    five_ones: dict[str, FiveOnesRule] = {}
    out = []
    for p in projects:
        if p.region_code not in thresholds:
            thresholds[p.region_code] = await load_policy(session, p.region_code, year, TierThresholds)
            five_ones[p.region_code] = await load_policy(session, p.region_code, year, FiveOnesRule)
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
                    "leader": holder_out(*holder) if holder else None,
                    "leader_post_title": details.post_titles.get(p.leader_post_id) if p.leader_post_id else None,
                    "year_plans": [YearPlanOut.model_validate(pl) for pl in plans],
                    "missing_five_ones": missing_five_ones(
                        p, team, plans, year, has_node_plan=p.id in with_node_plan,
                        required=five_ones[p.region_code].required_items),
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
