"""Region-wide figures of progress reports: timeliness by unit and every project's year-to-date totals, counted
in SQL for a whole region in one query each."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import utcnow
from tuijin.registry.policies import ReportDueRule
from tuijin.registry.reports import periods
from tuijin.registry.reports import repository as repo
from tuijin.registry.reports.periods import Period
from tuijin.registry.reports.schemas import ProjectYearTotals, TimelinessOut, UnitTimeliness


async def timeliness(session: AsyncSession, region_code: str, period: Period, rule: ReportDueRule,
                     cal: WorkingCalendar) -> TimelinessOut:
    """Per responsible unit: projects expected to report ``period``, on time, late, missing (the due instant
    passed) and pending (still ahead); counted in SQL."""
    due = periods.due_at(rule, period, cal)
    passed = utcnow() > due
    rows = await repo.timeliness(session, region_code, period, [s.value for s in rule.reporting_stages], due)
    units = [
        UnitTimeliness(
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            expected=r.expected,
            on_time=r.on_time,
            late=r.late,
            missing=r.not_submitted if passed else 0,
            pending=0 if passed else r.not_submitted,
        )
        for r in rows
    ]
    return TimelinessOut(region_code=region_code, period=period.label, due_at=due, units=units)


async def year_totals(session: AsyncSession, visibility: ColumnElement | None, region_code: str, first: Period,
                      last: Period, rule: ReportDueRule, cal: WorkingCalendar) -> list[ProjectYearTotals]:
    """Every project on the region's list of ``last``'s year: its plan, the investment its submitted or verified
    reports (monthly or weekly: an ISO week counts in the month of its Thursday) completed from January through
    ``last``, its reports ``first``…``last`` submitted late, and the periods of the region's cadence (``rule``) in
    ``first``…``last`` whose due instant has passed without a report (expected of the project as the overdue list
    says: in a reporting stage and registered by the due instant)."""
    year = last.start.year
    rows = await repo.year_totals(
        session, visibility, region_code=region_code, year=year, through=last.start, late_from=first.start
    )
    now = utcnow()
    due = [(p, periods.due_at(rule, p, cal)) for p in periods.periods_in_months(rule.period_kind, first.start,
                                                                                 last.start)]
    due = [(p, at) for p, at in due if now > at]
    physical = await repo.latest_physical_percent(session, region_code, year=year, through=last.start)
    submitted = await repo.submitted_periods(session, region_code, rule.period_kind.value, [p.start for p, _ in due])
    stages = {s.value for s in rule.reporting_stages}

    def missing(r) -> int:
        if r.stage not in stages:
            return 0
        return sum(1 for p, at in due if r.created_at <= at and (r.id, p.start) not in submitted)

    return [
        ProjectYearTotals(
            project_id=r.id,
            code=r.code,
            name=r.name,
            stage=r.stage,
            responsible_unit_id=r.responsible_unit_id,
            township_unit_id=r.township_unit_id,
            total_investment=r.total_investment,
            planned_investment=r.planned_investment,
            investment_completed=r.completed or 0,
            funds_in_place=r.funds or 0,
            physical_percent=physical[r.id][0] if r.id in physical else None,
            physical_period_start=physical[r.id][1] if r.id in physical else None,
            late_reports=int(r.late or 0),
            missing_reports=missing(r),
        )
        for r in rows
    ]
