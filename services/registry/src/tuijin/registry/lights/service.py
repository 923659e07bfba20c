"""Rules of warning lights: recompute each project's start, progress and procedure lights, keep colour changes in
an append-only history and publish them as "light.changed". Services never commit."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import business_date, utcnow
from tuijin.registry.events import emit
from tuijin.registry.lights import repository as repo
from tuijin.registry.lights.enums import LightColour
from tuijin.registry.lights.models import WarningLight, WarningLightChange
from tuijin.registry.lights.rules import Verdict, procedure_light, progress_light, start_light
from tuijin.registry.policies import ReportDueRule, WarningLightThresholds, load_policy
from tuijin.registry.reports import repository as reports_repo
from tuijin.registry.reports.periods import Period, latest_due_period

CHUNK = 500  # projects per batch of queries: bounded IN lists, bounded memory


async def progress_as_of(
    session: AsyncSession, region_code: str, now: datetime, cal: WorkingCalendar
) -> tuple[ReportDueRule, Period | None]:
    """The region's due rule this year and the latest period of this year whose report is due: the
    progress light compares what was reported through it with 序时进度 at its end."""
    today = business_date(now)
    rules = {y: await load_policy(session, region_code, y, ReportDueRule) for y in (today.year - 1, today.year)}
    rule = rules[today.year]
    period = latest_due_period(rules, rule.period_kind, now, cal, today=today)
    if period is not None and period.year != today.year:
        period = None  # a new year is judged on its own plan once its first report is due
    return rule, period


async def recompute(
    session: AsyncSession,
    calendars: RegionalCalendars | WorkingCalendar,
    *,
    region_code: str | None = None,
    project_ids: list[uuid.UUID] | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Recompute the lights of a region's (or some, or every) project, each on its region's working calendar
    (``calendars`` may be one :class:`WorkingCalendar` when the projects are of one region); returns counts of
    lights computed and changed."""
    now = now or utcnow()
    today = business_date(now)
    counts = {"computed": 0, "changed": 0}
    by_region: dict[str, list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for pid, region, stage in await repo.projects_to_light(session, region_code=region_code, project_ids=project_ids):
        by_region[region].append((pid, stage))
    for region, projects in by_region.items():
        cal = calendars.of(region) if isinstance(calendars, RegionalCalendars) else calendars
        thresholds = await load_policy(session, region, today.year, WarningLightThresholds)
        rule, as_of = await progress_as_of(session, region, now, cal)
        for i in range(0, len(projects), CHUNK):
            chunk = projects[i : i + CHUNK]
            ids = [pid for pid, _ in chunk]
            plans = await repo.plans_of_year(session, ids, today.year)
            done: dict[uuid.UUID, Decimal] = {}
            if as_of is not None:
                done = await reports_repo.year_to_date_by_project(
                    session, ids, rule.period_kind.value, as_of.year, as_of.start
                )
            late_procedures = await repo.overdue_procedures(session, ids, today)
            current = await repo.lights_of(session, ids)
            for pid, stage in chunk:
                planned, planned_start, monthly = plans.get(pid, (None, None, None))
                verdicts = (
                    start_light(stage, planned_start, today, thresholds),
                    progress_light(stage, planned, done.get(pid, Decimal(0)), as_of, thresholds, monthly),
                    procedure_light(*late_procedures.get(pid, (0, None)), today, cal, thresholds),
                )
                for verdict in verdicts:
                    changed = await _apply(session, pid, region, verdict, current.get((pid, verdict.kind.value)), now)
                    counts["computed"] += 1
                    counts["changed"] += int(changed)
    await session.flush()
    return counts


async def _apply(
    session: AsyncSession,
    project_id: uuid.UUID,
    region: str,
    verdict: Verdict,
    light: WarningLight | None,
    now: datetime,
) -> bool:
    """Store a verdict; a new colour goes into the history and out as "light.changed" (a first light
    is recorded too, and published unless it is green)."""
    before = light.colour if light is not None else None
    if light is None:
        light = WarningLight(project_id=project_id, region_code=region, kind=verdict.kind.value, changed_at=now)
        session.add(light)
    light.colour = verdict.colour.value
    light.reason_code = verdict.reason_code
    light.reason = verdict.reason
    light.details = verdict.details
    light.computed_at = now
    if before == verdict.colour.value:
        return False
    light.changed_at = now
    session.add(
        WarningLightChange(
            project_id=project_id,
            region_code=region,
            kind=verdict.kind.value,
            from_colour=before,
            to_colour=verdict.colour.value,
            reason_code=verdict.reason_code,
            reason=verdict.reason,
            changed_at=now,
        )
    )
    if before is not None or verdict.colour != LightColour.green:
        await emit(session, "light.changed", _event(project_id, region, verdict, before), region)
    return True


def _event(project_id: uuid.UUID, region: str, verdict: Verdict, before: str | None) -> dict[str, Any]:
    return {
        "project_id": str(project_id),
        "region_code": region,
        "kind": verdict.kind.value,
        "from_colour": before,
        "to_colour": verdict.colour.value,
        "reason_code": verdict.reason_code,
        "reason": verdict.reason,
    }


async def recompute_job(app: Any) -> dict[str, Any]:
    """Background job: recompute every project's lights."""
    async with app.state.sessionmaker() as session, session.begin():
        return await recompute(session, await app.state.calendar.regional(session))
