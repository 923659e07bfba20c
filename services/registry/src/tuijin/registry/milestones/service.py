"""Rules of node plans (时间节点 / 倒排工期): a project's milestones, planned on the working-day calendar
(absolute, or counted in working days from another node), built backwards from a target, and announced
once when they pass their planned date unreached. Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.db import is_postgres, new_id
from tuijin.registry.events import emit
from tuijin.registry.milestones import repository as repo
from tuijin.registry.milestones.enums import ORDERED_KINDS, MilestoneKind
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
    RelativeDate,
)
from tuijin.registry.organisation.errors import InvalidReference
from tuijin.registry.policies import NodePlanRules, load_policy
from tuijin.registry.projects.errors import DatesOutOfOrder, FieldRequired
from tuijin.registry.projects.models import Project

MAX_MILESTONES = 200  # a project's node plan is read in one piece
ANNOUNCE_BATCH = 500


async def _rules(session: AsyncSession, project: Project) -> NodePlanRules:
    return await load_policy(session, project.region_code, today().year, NodePlanRules)


def _check_working_day(cal: WorkingCalendar, rules: NodePlanRules, day: date, field: str) -> None:
    if not rules.planned_on_working_day or cal.is_working_day(day):
        return
    name = cal.holiday_name(day) or "weekend"
    before, after = cal.add_working_days(day, -1), cal.next_working_day(day)
    raise NotAWorkingDay(
        field,
        f"{day.isoformat()} is not a working day ({name}); the nearest working days are "
        f"{before.isoformat()} and {after.isoformat()}.",
    )


def _check_actual(actual: date | None, field: str) -> None:
    if actual is not None and actual > today():
        raise DateInFuture(field, "A node cannot be reached in the future.")


def _check_plan(plan: list[Milestone], field: str) -> None:
    """At most one start, completion and operation node, planned in that order (开工 ≤ 竣工 ≤ 投产)."""
    by_kind: dict[str, Milestone] = {}
    for m in plan:
        if m.kind in (k.value for k in ORDERED_KINDS):
            if m.kind in by_kind:
                kind = MilestoneKind(m.kind)
                raise MilestoneKindTaken(
                    f"The plan already has a {kind.value} node ({kind.label}): {by_kind[m.kind].name}."
                )
            by_kind[m.kind] = m
    ordered = [by_kind[k.value] for k in ORDERED_KINDS if k.value in by_kind]
    for first, then in pairwise(ordered):
        if then.planned_date < first.planned_date:
            raise DatesOutOfOrder(
                field,
                f"{then.name} ({MilestoneKind(then.kind).label}, {then.planned_date}) is planned before "
                f"{first.name} ({MilestoneKind(first.kind).label}, {first.planned_date}).",
            )


def _check_name(plan: list[Milestone], name: str, own: Milestone | None) -> None:
    if any(m.name == name and m is not own for m in plan):
        raise MilestoneNameTaken(f"The plan already has a node named {name}.")


def _anchor(plan: list[Milestone], milestone: Milestone, rel: RelativeDate) -> Milestone:
    """The anchor node of the same project, refusing a chain that would come back to ``milestone``."""
    by_id = {m.id: m for m in plan}
    anchor = by_id.get(rel.milestone_id)
    if anchor is None or anchor is milestone:
        raise InvalidReference("body.relative_to.milestone_id", "The anchor must be another node of this project.")
    seen: set[uuid.UUID] = set()
    cursor: Milestone | None = anchor
    while cursor is not None and cursor.id not in seen:
        if cursor.id == milestone.id:
            raise AnchorCycle("body.relative_to.milestone_id", "The anchor is counted from this node: a cycle.")
        seen.add(cursor.id)
        cursor = by_id.get(cursor.anchor_milestone_id) if cursor.anchor_milestone_id else None
    return anchor


def _plan_date(
    plan: list[Milestone],
    milestone: Milestone,
    planned: date | None,
    rel: RelativeDate | None,
    cal: WorkingCalendar,
    rules: NodePlanRules,
) -> None:
    """Set the planned date from an absolute date (detaching any anchor) or from an anchor node."""
    if planned is not None and rel is not None:
        raise ConflictingFields("body.relative_to", "Give planned_date or relative_to, not both.")
    if rel is not None:
        anchor = _anchor(plan, milestone, rel)
        milestone.anchor_milestone_id, milestone.offset_working_days = anchor.id, rel.working_days
        milestone.planned_date = cal.add_working_days(anchor.planned_date, rel.working_days)
        _check_working_day(cal, rules, milestone.planned_date, "body.relative_to.working_days")
    elif planned is not None:
        _check_working_day(cal, rules, planned, "body.planned_date")
        milestone.anchor_milestone_id, milestone.offset_working_days = None, None
        milestone.planned_date = planned
    else:
        raise PlannedDateMissing("body.planned_date", "A node needs planned_date or relative_to.")


def _propagate(plan: list[Milestone], moved: Milestone, cal: WorkingCalendar) -> None:
    """Nodes counted from ``moved`` (directly or through others) follow it on the working-day calendar."""
    queue = [moved]
    while queue:
        anchor = queue.pop()
        for m in plan:
            if m.anchor_milestone_id == anchor.id and m.offset_working_days is not None:
                new = cal.add_working_days(anchor.planned_date, m.offset_working_days)
                if new != m.planned_date:
                    m.planned_date = new
                    m.overdue_announced_at = None  # a new planned date is a new lateness to announce
                    queue.append(m)


def _next_order(plan: list[Milestone]) -> int:
    return max((m.sort_order for m in plan), default=-1) + 1


async def get_milestone(session: AsyncSession, project: Project, milestone_id: uuid.UUID) -> Milestone:
    """A node of the project's plan (else 404 ``milestone_not_found``, also for a node of another project)."""
    milestone = await repo.get_milestone(session, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        raise MilestoneNotFound("No such node in this project's plan.")
    return milestone


async def create_milestone(
    session: AsyncSession, project: Project, body: MilestoneIn, cal: WorkingCalendar
) -> Milestone:
    """Add a node to the project's plan."""
    plan = await repo.project_milestones(session, project.id)
    if len(plan) >= MAX_MILESTONES:
        raise TooManyMilestones(f"A node plan holds at most {MAX_MILESTONES} nodes.")
    _check_name(plan, body.name, None)
    _check_actual(body.actual_date, "body.actual_date")
    milestone = Milestone(
        id=new_id(),
        project_id=project.id,
        region_code=project.region_code,
        name=body.name,
        kind=body.kind.value,
        actual_date=body.actual_date,
        note=body.note,
        sort_order=_next_order(plan) if body.sort_order is None else body.sort_order,
    )
    _plan_date(plan, milestone, body.planned_date, body.relative_to, cal, await _rules(session, project))
    _check_plan([*plan, milestone], "body.planned_date")
    session.add(milestone)
    await session.flush()
    return milestone


async def patch_milestone(
    session: AsyncSession, project: Project, milestone: Milestone, body: MilestonePatch, cal: WorkingCalendar
) -> list[Milestone]:
    """Change a node; nodes counted from it move with it. Returns the project's plan after the change."""
    data = body.model_dump(exclude_unset=True)
    for field in ("name", "kind", "sort_order", "note"):
        if field in data and data[field] is None:
            raise FieldRequired(f"body.{field}", f"{field} cannot be removed.")
    if "planned_date" in data and data["planned_date"] is None and body.relative_to is None:
        raise FieldRequired("body.planned_date", "A node always has a planned date.")
    plan = await repo.project_milestones(session, project.id)
    if "name" in data:
        _check_name(plan, body.name, milestone)
        milestone.name = body.name
    if "kind" in data:
        milestone.kind = body.kind.value
    if "sort_order" in data:
        milestone.sort_order = body.sort_order
    if "note" in data:
        milestone.note = body.note
    if "actual_date" in data:
        _check_actual(body.actual_date, "body.actual_date")
        milestone.actual_date = body.actual_date
    before = milestone.planned_date
    if body.planned_date is not None or body.relative_to is not None:
        _plan_date(plan, milestone, body.planned_date, body.relative_to, cal, await _rules(session, project))
    if milestone.planned_date != before:
        milestone.overdue_announced_at = None
        _propagate(plan, milestone, cal)
    _check_plan(plan, "body.planned_date")
    await session.flush()
    return plan


async def delete_milestone(session: AsyncSession, project: Project, milestone: Milestone) -> None:
    """Remove a node; nodes counted from it keep their dates and lose their anchor."""
    for m in await repo.project_milestones(session, project.id):
        if m.anchor_milestone_id == milestone.id:
            m.anchor_milestone_id, m.offset_working_days = None, None
    await session.flush()
    await session.delete(milestone)
    await session.flush()


async def backward_schedule(
    session: AsyncSession, project: Project, body: BackwardSchedule, cal: WorkingCalendar
) -> list[Milestone]:
    """倒排工期: the target on ``target_date``, each step ``working_days_before_next`` working days before
    the node after it, all anchored to their next node."""
    _check_working_day(cal, await _rules(session, project), body.target_date, "body.target_date")
    names = [body.target_name]
    for i, step in enumerate(body.steps):
        if step.name in names:
            raise DuplicateName(f"body.steps.{i}.name", f"The name {step.name} appears twice.")
        names.append(step.name)
    existing = await repo.project_milestones(session, project.id)
    if existing:
        if not body.replace:
            raise NodePlanExists("The project already has a node plan; send replace: true to rebuild it.")
        if any(m.actual_date is not None for m in existing):
            raise NodePlanStarted("Some nodes of the plan are already reached; edit the plan instead of rebuilding it.")
        await repo.delete_plan(session, project.id)
    target = Milestone(
        id=new_id(),
        project_id=project.id,
        region_code=project.region_code,
        name=body.target_name,
        kind=body.target_kind.value,
        planned_date=body.target_date,
        sort_order=len(body.steps),
    )
    plan = [target]
    following = target
    for i in range(len(body.steps) - 1, -1, -1):  # count back from the target, anchors before dependants
        step = body.steps[i]
        node = Milestone(
            id=new_id(),
            project_id=project.id,
            region_code=project.region_code,
            name=step.name,
            kind=step.kind.value,
            planned_date=cal.add_working_days(following.planned_date, -step.working_days_before_next),
            anchor_milestone_id=following.id,
            offset_working_days=-step.working_days_before_next,
            sort_order=i,
        )
        plan.append(node)
        following = node
    _check_plan(plan, "body.steps")
    session.add_all(plan)
    await session.flush()
    return sorted(plan, key=lambda m: m.sort_order)


# ---------------------------------------------------------------- overdue


def lateness(m: Milestone, cal: WorkingCalendar, on: date) -> tuple[bool, int | None, int | None]:
    """(overdue, calendar days late, working days late) of a node on business date ``on``."""
    if m.actual_date is not None or m.planned_date >= on:
        return False, None, None
    return True, (on - m.planned_date).days, cal.working_days_between(m.planned_date, on)


def to_out(m: Milestone, cal: WorkingCalendar, on: date | None = None) -> MilestoneOut:
    overdue, days, working = lateness(m, cal, on or today())
    return MilestoneOut.model_validate(m).model_copy(
        update={"is_overdue": overdue, "days_late": days, "working_days_late": working}
    )


def to_region_out(m: Milestone, project: Project, cal: WorkingCalendar, on: date) -> RegionMilestoneOut:
    return RegionMilestoneOut(
        **to_out(m, cal, on).model_dump(),
        project_code=project.code,
        project_name=project.name,
        responsible_unit_id=project.responsible_unit_id,
        leader_post_id=project.leader_post_id,
    )


def _overdue_payload(m: Milestone, p: Project, cal: WorkingCalendar, on: date) -> dict[str, Any]:
    _, days, working = lateness(m, cal, on)
    return {
        "milestone_id": str(m.id),
        "project_id": str(p.id),
        "project_code": p.code,
        "project_name": p.name,
        "region_code": p.region_code,
        "name": m.name,
        "kind": m.kind,
        "planned_date": m.planned_date.isoformat(),
        "days_late": days,
        "working_days_late": working,
        "system_id": str(p.system_id) if p.system_id else None,
        "responsible_unit_id": str(p.responsible_unit_id),
        "owner_unit_id": str(p.owner_unit_id) if p.owner_unit_id else None,
        "leader_post_id": str(p.leader_post_id) if p.leader_post_id else None,
    }


async def announce_overdue(session: AsyncSession, calendars: RegionalCalendars, on: date) -> int:
    """Publish ``milestone.overdue`` once for every node overdue on ``on`` and not yet announced; the
    announcement is remembered on the node, so a second run publishes nothing."""
    announced = 0
    while True:
        rows = await repo.overdue_unannounced(session, on, limit=ANNOUNCE_BATCH, lock=is_postgres(session))
        if not rows:
            break
        for m, p in rows:
            await emit(session, "milestone.overdue", _overdue_payload(m, p, calendars.of(p.region_code), on),
                       p.region_code)
        await repo.mark_announced(session, [m.id for m, _ in rows], utcnow())
        announced += len(rows)
        if len(rows) < ANNOUNCE_BATCH:
            break
    return announced
