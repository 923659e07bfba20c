"""Statistics of a region's yearly list: counts and investment by stage, system (体系) and township,
completion of the year's plan against 序时进度, warning lights and report timeliness by unit. The
database aggregates; Python only lays the groups out in a fixed order with their labels."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import business_date, today, utcnow
from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.models import Project
from tuijin.registry.policies import ReportDueRule, StagePolicy, load_policy
from tuijin.registry.procedures.enums import ProcedureStatus
from tuijin.registry.projects.enums import Stage
from tuijin.registry.reports import periods
from tuijin.registry.reports import repository as reports_repo
from tuijin.registry.reports.schemas import TimelinessOut, UnitTimeliness
from tuijin.registry.stats import repository as repo
from tuijin.registry.stats.schemas import (
    Amounts,
    Completion,
    DemolitionItem,
    Group,
    LightCount,
    MapLight,
    MapPoint,
    ProcedureCompletion,
    StageGroupCount,
    StageGroups,
    StartRate,
    Statistics,
)

ZERO = repo.Aggregate(0, repo.dec(0), repo.dec(0), repo.dec(0))


async def last_counted_period(
    session: AsyncSession, region_code: str, year: int, month: int | None, cal: WorkingCalendar
) -> tuple[periods.Period | None, ReportDueRule]:
    """The last report period whose figures count: the period holding the end of ``month`` if asked;
    else for this year the latest period due (as the progress light judges it), for a past year its
    last period. None for a year with nothing due yet."""
    rule = await load_policy(session, region_code, year, ReportDueRule)
    kind = rule.period_kind
    now = utcnow()
    day = business_date(now)
    if month is not None:
        end = date(year, month, monthrange(year, month)[1])
        period = periods.period_containing(kind, end)
        return (period if period.end <= end else period.previous()), rule
    if year < day.year:
        period = periods.period_containing(kind, date(year, 12, 31))
        return (period if period.year == year else period.previous()), rule
    if year > day.year:
        return None, rule
    rules = {y: await load_policy(session, region_code, y, ReportDueRule) for y in (year - 1, year)}
    period = periods.latest_due_period(rules, kind, now, cal, today=day)
    return (period if period is not None and period.year == year else None), rule


def _amounts(agg: repo.Aggregate) -> dict[str, Any]:
    return {
        "projects": agg.projects,
        "total_investment": agg.total_investment,
        "planned_investment": agg.planned_investment,
        "completed_investment": agg.completed_investment,
        "completion_rate": periods.percent(agg.completed_investment, agg.planned_investment),
    }


def _group(key: Any, label: str, agg: repo.Aggregate) -> Group:
    return Group(key=str(key) if key is not None else None, label=label, **_amounts(agg))


async def _timeliness(
    session: AsyncSession, region_code: str, period: periods.Period, cal: WorkingCalendar
) -> TimelinessOut:
    """Per responsible unit: on time, late, missing or pending for ``period`` (the reports' own count)."""
    rule = await load_policy(session, region_code, period.year, ReportDueRule)
    due = periods.due_at(rule, period, cal)
    passed = utcnow() > due
    rows = await reports_repo.timeliness(session, region_code, period, [s.value for s in rule.reporting_stages], due)
    return TimelinessOut(
        region_code=region_code,
        period=period.label,
        due_at=due,
        units=[
            UnitTimeliness(unit_id=r.unit_id, unit_name=r.unit_name, expected=r.expected, on_time=r.on_time,
                           late=r.late, missing=r.not_submitted if passed else 0,
                           pending=0 if passed else r.not_submitted)
            for r in rows
        ],
    )


async def _time_progress(session: AsyncSession, region_code: str, year: int, day: date) -> Decimal:
    """The list's 序时进度 at the end of ``day``: months ÷ 12, or where projects have monthly investment plans, the
    plans' amounts due by then over the year's planned investment (each project without one counted at months ÷
    12 of its plan)."""
    plans = await repo.monthly_plans(session, region_code, year)
    whole = sum((planned for planned, _ in plans), Decimal(0))
    if whole <= 0 or not any(monthly for _, monthly in plans):
        return periods.time_progress(day)
    due = sum((planned * periods.planned_share(day, monthly) for planned, monthly in plans), Decimal(0))
    return (due * 100 / whole).quantize(periods.CENT, rounding=ROUND_HALF_UP)


async def start_rate(session: AsyncSession, region_code: str, year: int, by: date | None = None) -> StartRate:
    """开工率 by ``by`` (today if not given, the year's last day at most)."""
    day = min(by or today(), date(year, 12, 31))
    planned, started = await repo.new_starts(session, region_code, year, day)
    return StartRate(by=day, planned=planned, started=started,
                     rate=periods.percent(Decimal(started), Decimal(planned)))


async def procedure_completion(session: AsyncSession, region_code: str, year: int) -> ProcedureCompletion:
    """联审联批完成率: done ÷ (all − not needed) of the procedures of the year's list."""
    counts = await repo.procedure_counts(session, region_code, year)
    not_needed = counts.get(ProcedureStatus.not_needed.value, 0)
    total = sum(counts.values()) - not_needed
    done = counts.get(ProcedureStatus.done.value, 0)
    return ProcedureCompletion(total=total, done=done, not_needed=not_needed,
                               rate=periods.percent(Decimal(done), Decimal(total)))


async def statistics(
    session: AsyncSession, region_code: str, year: int, cal: WorkingCalendar, *, month: int | None = None,
    start_by: date | None = None,
) -> Statistics:
    period, rule = await last_counted_period(session, region_code, year, month, cal)
    through = repo.Through(year, rule.period_kind.value, period.end) if period is not None else None

    totals = await repo.totals(session, region_code, year, through)
    stages = await repo.grouped(session, region_code, year, through, Project.stage)
    systems = await repo.grouped(session, region_code, year, through, Project.system_id)
    townships = await repo.grouped(session, region_code, year, through, Project.township_unit_id)
    lights = await repo.lights(session, region_code, year)

    used = (await load_policy(session, region_code, year, StagePolicy)).used_stages
    by_stage = [_group(s.value, s.label, stages.get(s.value, ZERO)) for s in Stage if s in used or s.value in stages]
    by_system = [_group(i, name, systems.get(i, ZERO)) for i, name in await repo.systems(session, region_code)]
    if None in systems:
        by_system.append(_group(None, "未分体系", systems[None]))
    named = {k for k in townships if k is not None}
    by_township = [
        _group(i, name, townships.get(i, ZERO)) for i, name in await repo.townships(session, region_code, named)
    ]
    if None in townships:
        by_township.append(_group(None, "未指定乡镇", townships[None]))

    rate = periods.percent(totals.completed_investment, totals.planned_investment)
    time_progress = await _time_progress(session, region_code, year, through.day) if through else Decimal("0.00")
    return Statistics(
        region_code=region_code,
        year=year,
        as_of=today(),
        totals=Amounts(**_amounts(totals)),
        completion=Completion(
            through=through.day if through else None,
            period=period.label if period else None,
            completed_investment=totals.completed_investment,
            planned_investment=totals.planned_investment,
            completion_rate=rate,
            time_progress=time_progress,
            behind_points=time_progress - rate if rate is not None else None,
        ),
        by_stage=by_stage,
        by_system=by_system,
        by_township=by_township,
        by_light=[
            LightCount(kind=k, colour=c, projects=lights.get((k.value, c.value), 0)) for k in LightKind
            for c in LightColour
        ],
        report_timeliness=await _timeliness(session, region_code, period, cal) if period is not None else None,
        start_rate=await start_rate(session, region_code, year, start_by),
        procedure_completion=await procedure_completion(session, region_code, year),
        funds_in_place=await repo.funds_in_place(session, region_code, through),
        demolition=[DemolitionItem(project_id=r.id, code=r.code, name=r.name, period_end=r.period_end,
                                   progress=r.demolition_progress)
                    for r in await repo.demolition(session, region_code, through)],
    )


async def stage_groups(session: AsyncSession, region_code: str, year: int) -> StageGroups:
    """The region's groups of stages (its ``stages`` policy, e.g. 楚雄's 3个30) against the year's list: how many
    projects of the list are at the group's stages now, the target, and how many are still short of it."""
    policy = await load_policy(session, region_code, year, StagePolicy)
    by_stage = await repo.grouped(session, region_code, year, None, Project.stage)
    groups = []
    for g in policy.stage_groups:
        aggs = [by_stage.get(s.value, ZERO) for s in g.stages]
        count = sum(a.projects for a in aggs)
        planned = sum((a.planned_investment for a in aggs), Decimal(0))
        groups.append(StageGroupCount(
            code=g.code, name=g.name, stages=g.stages, target=g.target, projects=count, planned_investment=planned,
            short_by=max(g.target - count, 0) if g.target is not None else None,
        ))
    return StageGroups(region_code=region_code, year=year, used_stages=policy.used_stages, groups=groups)


SEVERITY = {LightColour.green.value: 1, LightColour.yellow.value: 2, LightColour.red.value: 3}


async def map_points(session: AsyncSession, region_code: str, year: int) -> list[MapPoint]:
    """The year's list as map points, each with its worst current light."""
    lights: dict[Any, list[MapLight]] = {}
    for project_id, kind, colour in await repo.project_lights(session, region_code, year):
        lights.setdefault(project_id, []).append(MapLight(kind=kind, colour=colour))
    points = []
    for row in await repo.map_points(session, region_code, year):
        own = sorted(lights.get(row.id, []), key=lambda light: list(LightKind).index(light.kind))
        worst = max(own, key=lambda light: SEVERITY[light.colour.value], default=None)
        points.append(MapPoint(
            project_id=row.id, code=row.code, name=row.name, stage=row.stage, location=row.location or "",
            longitude=row.longitude, latitude=row.latitude, light=worst.colour if worst else None, lights=own,
        ))
    return points
