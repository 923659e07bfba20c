"""Rules of dispatches (调度) and their cadence by stage (调度频次).

楚雄 (seed 001 四(三)): "做到未动工项目天天促，即将动工项目十天一调度，已动工项目一月一调度". The office of the region
or the project's responsible unit records a dispatch (day, who, what was found and decided, the next step). The region's
``dispatch_cadence`` policy gives each stage its cadence; a project of a stage with a cadence is due for its next
dispatch on:

- ``daily``: the first working day after its last dispatch (天天促: every working day on the region's calendar);
- ``every_n_days``: ``days`` working days after its last dispatch (``days_counted: working``), or ``days`` calendar
  days after it, moved to the next working day (``calendar``);
- ``monthly``: the same day of the next month (past that month's end: its last day), moved to the next working day.

A project never dispatched is due from the first working day on or after the day it entered its stage (at once).
Services never commit."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import business_date, today
from tuijin.registry.dispatches import errors
from tuijin.registry.dispatches import repository as repo
from tuijin.registry.dispatches.enums import CadenceKind, DayCount
from tuijin.registry.dispatches.models import Dispatch
from tuijin.registry.dispatches.schemas import DispatchDue, DispatchIn, DispatchOut
from tuijin.registry.models import Project
from tuijin.registry.policies import DispatchCadence, load_policy
from tuijin.registry.policies.catalogue import StageCadence
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects.access import project_visibility


def ensure_dispatcher(principal: Principal, project: Project) -> None:
    """The office of the project's region, or the project's responsible unit (责任单位), records its dispatches."""
    if Role.unit in principal.roles and principal.unit_id == project.responsible_unit_id:
        return
    if principal.has_any(Role.office):
        ensure_office_of(principal, project.region_code, "Only the office or the responsible unit dispatches.")
        return
    raise errors.DispatcherRequired("Only the office of the region or the project's responsible unit records "
                                    "its dispatches.")


async def create(session: AsyncSession, body: DispatchIn, principal: Principal) -> Dispatch:
    project = await projects_repo.visible_project(session, body.project_id, project_visibility(principal))
    if project is None:
        raise errors.InvalidReference(f"No project {body.project_id}.", field="body.project_id")
    ensure_dispatcher(principal, project)
    day = body.dispatched_on or today()
    if day > today():
        raise errors.DispatchInFuture("A dispatch is recorded on or after its day.", field="body.dispatched_on")
    dispatch = Dispatch(
        region_code=project.region_code, project_id=project.id,
        unit_id=principal.unit_id if Role.unit in principal.roles else None, stage=project.stage,
        dispatched_on=day, dispatched_by=body.dispatched_by, findings=body.findings, decisions=body.decisions,
        next_steps=body.next_steps, created_by=principal.sub)
    session.add(dispatch)
    await session.flush()
    return dispatch


async def read(session: AsyncSession, dispatch_id: Any, principal: Principal) -> Dispatch:
    found = await repo.one(session, dispatch_id, project_visibility(principal))
    if found is None:
        raise errors.DispatchNotFound("No such dispatch.")
    return found


def _next_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def next_due(cadence: StageCadence, counted: DayCount, last: date | None, entered: date,
             cal: WorkingCalendar) -> date:
    """The day the next dispatch is due after the last one (``last``); never dispatched: the first working day on
    or after the day the project entered its stage."""
    if last is None:
        return cal.next_working_day(entered)
    if cadence.every == CadenceKind.daily:
        return cal.add_working_days(last, 1)
    if cadence.every == CadenceKind.every_n_days:
        days = cadence.days or 1
        if counted == DayCount.working:
            return cal.add_working_days(last, days)
        return cal.next_working_day(last + timedelta(days=days))
    return cal.next_working_day(_next_month(last))


async def due(session: AsyncSession, region_code: str, on: date, principal: Principal,
              cal: WorkingCalendar) -> list[DispatchDue]:
    """The projects (the caller may see) whose dispatch is due or overdue on ``on``, by their stage's cadence in the
    region's ``dispatch_cadence`` policy for ``on``'s year; most overdue first, then by code."""
    policy = await load_policy(session, region_code, on.year, DispatchCadence)
    if not policy.stages:
        return []
    stages = [c.stage.value for c in policy.stages]
    projects = await repo.dispatched_projects(session, region_code, stages, on.year, project_visibility(principal))
    latest = await repo.latest_dispatches(session, region_code, on)
    entered = await repo.stage_entered(session, region_code, on)
    rows: list[DispatchDue] = []
    for p in projects:
        cadence = policy.of(p.stage)
        if cadence is None:
            continue
        last = latest.get(p.id)
        since = entered.get(p.id) or business_date(p.created_at)
        due_on = next_due(cadence, policy.days_counted, last.dispatched_on if last else None, since, cal)
        if due_on > on:
            continue
        rows.append(DispatchDue(
            project_id=p.id, project_code=p.code, project_name=p.name, responsible_unit_id=p.responsible_unit_id,
            stage=p.stage, cadence=cadence.every, cadence_days=cadence.days, days_counted=policy.days_counted,
            due_on=due_on, overdue=on > due_on,
            overdue_working_days=max(cal.working_days_between(due_on, on), 0) if on > due_on else 0,
            last_dispatch=DispatchOut.model_validate(last) if last else None,
            days_since=(on - last.dispatched_on).days if last else None,
            working_days_since=cal.working_days_between(last.dispatched_on, on) if last else None,
        ))
    rows.sort(key=lambda r: (r.due_on, r.project_code))
    return rows
