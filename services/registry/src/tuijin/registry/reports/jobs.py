"""Background jobs of progress reports (run now: POST /api/v1/admin/registry/jobs/{name}/run): the overdue sweep
marks every project that had not submitted a due report and publishes ``report.overdue`` once per project and
period."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import RegionalCalendars
from tuijin.kernel.clock import business_date, utcnow
from tuijin.kernel.jobs import Job
from tuijin.registry.events import emit
from tuijin.registry.policies import ReportDueRule
from tuijin.registry.reports import periods
from tuijin.registry.reports import repository as repo
from tuijin.registry.reports.models import ReportOverdueMark
from tuijin.registry.reports.periods import Period
from tuijin.registry.reports.service import due_rule

OVERDUE_LOOKBACK = 3  # periods the overdue sweep looks back, so a sweep that was down catches up


async def _mark(session: AsyncSession, region: str, period: Period, due: datetime, now: datetime,
                overdue: list[tuple[uuid.UUID, str, uuid.UUID, uuid.UUID | None]]) -> int:
    """Mark each overdue project of ``region`` for ``period`` and publish ``report.overdue`` for it."""
    for project_id, code, unit_id, report_id in overdue:
        session.add(
            ReportOverdueMark(
                project_id=project_id,
                region_code=region,
                period_kind=period.kind.value,
                period_start=period.start,
                due_at=due,
                marked_at=now,
            )
        )
        await emit(
            session,
            "report.overdue",
            {
                "project_id": str(project_id),
                "project_code": code,
                "region_code": region,
                "responsible_unit_id": str(unit_id),
                "period": period.label,
                "period_kind": period.kind.value,
                "due_at": due.isoformat(),
                "report_id": str(report_id) if report_id else None,
            },
            region,
        )
    return len(overdue)


async def mark_overdue(session: AsyncSession, calendars: RegionalCalendars, *,
                       now: datetime | None = None) -> dict[str, int]:
    """Mark every project that had not submitted a due report, and publish "report.overdue" once per
    project and period (the mark's unique key; a second sweep finds them marked)."""
    now = now or utcnow()
    day = business_date(now)
    marked = 0
    for region in await repo.regions_with_projects(session):
        cal = calendars.of(region)
        rules: dict[int, ReportDueRule] = {}
        for year in (day.year - 1, day.year):
            rules[year] = await due_rule(session, region, year)
        period = periods.latest_due_period(rules, rules[day.year].period_kind, now, cal, today=day)
        for _ in range(OVERDUE_LOOKBACK):
            if period is None:
                break
            if period.year not in rules:
                rules[period.year] = await due_rule(session, region, period.year)
            rule = rules[period.year]
            due = periods.due_at(rule, period, cal)
            stages = [s.value for s in rule.reporting_stages]
            overdue = await repo.unmarked_overdue(session, region, period, stages, due)
            marked += await _mark(session, region, period, due, now, overdue)
            period = period.previous()
    await session.flush()
    return {"marked": marked}


async def overdue_job(app: Any) -> dict[str, Any]:
    """Background job: the overdue sweep."""
    async with app.state.sessionmaker() as session, session.begin():
        return await mark_overdue(session, await app.state.calendar.regional(session))


JOBS = [
    Job(
        "progress-reports-overdue",
        overdue_job,
        900.0,
        "mark projects that had not submitted a due progress report; publish report.overdue once each",
    )
]
