"""Queries of progress reports (the rules live in service.py)."""

from __future__ import annotations

import uuid
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.numbers import money_sum
from tuijin.registry.models import Project, Unit, YearPlan
from tuijin.registry.reports.enums import COUNTED_STATUSES, PeriodKind
from tuijin.registry.reports.models import ProgressReport, ProgressReportStep, ReportOverdueMark
from tuijin.registry.reports.periods import Period

COUNTED = [s.value for s in COUNTED_STATUSES]


def _visible(stmt: Select, visibility: ColumnElement | None) -> Select:
    return stmt if visibility is None else stmt.where(visibility)


async def report_with_project(
    session: AsyncSession, report_id: uuid.UUID, visibility: ColumnElement | None
) -> tuple[ProgressReport, Project] | None:
    stmt = select(ProgressReport, Project).join(Project, Project.id == ProgressReport.project_id)
    row = (await session.execute(_visible(stmt.where(ProgressReport.id == report_id), visibility))).first()
    return (row[0], row[1]) if row else None


async def report_of_period(session: AsyncSession, project_id: uuid.UUID, period: Period) -> ProgressReport | None:
    return await session.scalar(
        select(ProgressReport).where(
            ProgressReport.project_id == project_id,
            ProgressReport.period_kind == period.kind.value,
            ProgressReport.period_start == period.start,
        )
    )


def project_reports_query(project_id: uuid.UUID) -> Select:
    return select(ProgressReport).where(ProgressReport.project_id == project_id)


def region_reports_query(
    visibility: ColumnElement | None,
    *,
    region_code: str | None,
    period: Period | None,
    status: str | None,
    late: bool | None,
) -> Select:
    stmt = _visible(select(ProgressReport).join(Project, Project.id == ProgressReport.project_id), visibility)
    if region_code:
        stmt = stmt.where(ProgressReport.region_code == region_code)
    if period is not None:
        stmt = stmt.where(ProgressReport.period_kind == period.kind.value, ProgressReport.period_start == period.start)
    if status:
        stmt = stmt.where(ProgressReport.status == status)
    if late is not None:
        is_late = and_(
            ProgressReport.first_submitted_at.is_not(None), ProgressReport.first_submitted_at > ProgressReport.due_at
        )
        stmt = stmt.where(is_late if late else ~is_late)
    return stmt


WEEK_TO_THURSDAY = timedelta(days=3)  # an ISO week counts in the month (and year) of its Thursday


def _within_months(r: type[ProgressReport], year: int, first: date, last: date) -> ColumnElement:
    """Reports of ``year`` whose period counts in the months starting ``first`` through the month starting ``last``:
    a month itself; an ISO week by its Thursday (the ISO rule that already puts a week in a year), so each week
    counts in exactly one month."""
    last_day = date(last.year, last.month, monthrange(last.year, last.month)[1])
    return or_(
        and_(r.period_kind == PeriodKind.monthly.value, r.period_start >= first, r.period_start <= last),
        and_(
            r.period_kind == PeriodKind.weekly.value,
            r.year == year,
            r.period_start >= first - WEEK_TO_THURSDAY,
            r.period_start <= last_day - WEEK_TO_THURSDAY,
        ),
    )


async def year_totals(
    session: AsyncSession,
    visibility: ColumnElement | None,
    *,
    region_code: str,
    year: int,
    through: date,
    late_from: date,
) -> list[Any]:
    """Per project of the region on ``year``'s list: its plan of the year, the sum of its submitted or verified
    reports (monthly or weekly, whichever the region's projects file) from January through the month starting
    ``through``, and how many of its reports from ``late_from`` through that month were first submitted after their
    due instant. One query."""
    r = ProgressReport
    counted = case((r.status.in_(COUNTED), r.investment_completed), else_=0)
    funds = case((r.status.in_(COUNTED), r.funds_in_place), else_=0)
    late = case(
        (and_(_within_months(r, year, late_from, through), r.first_submitted_at.is_not(None),
              r.first_submitted_at > r.due_at), 1),
        else_=0,
    )
    sums = (
        select(
            r.project_id,
            money_sum(counted).label("completed"),
            money_sum(funds).label("funds"),
            func.sum(late).label("late"),
        )
        .where(r.region_code == region_code, _within_months(r, year, date(year, 1, 1), through))
        .group_by(r.project_id)
        .subquery()
    )
    stmt = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Project.stage,
            Project.created_at,
            Project.responsible_unit_id,
            Project.township_unit_id,
            Project.total_investment,
            YearPlan.planned_investment,
            sums.c.completed,
            sums.c.funds,
            sums.c.late,
        )
        .join(YearPlan, and_(YearPlan.project_id == Project.id, YearPlan.year == year, YearPlan.in_list.is_(True)))
        .outerjoin(sums, sums.c.project_id == Project.id)
        .where(Project.region_code == region_code)
        .order_by(Project.code, Project.id)
    )
    return list((await session.execute(_visible(stmt, visibility))).all())


async def latest_physical_percent(
    session: AsyncSession, region_code: str, *, year: int, through: date
) -> dict[uuid.UUID, tuple[Decimal, date]]:
    """project id → (形象进度 %, period start) of its latest submitted or verified report of ``year`` from January
    through the month starting ``through`` that states a percent. One query."""
    r = ProgressReport
    window = and_(
        r.region_code == region_code,
        r.status.in_(COUNTED),
        r.physical_percent.is_not(None),
        _within_months(r, year, date(year, 1, 1), through),
    )
    latest = select(r.project_id, func.max(r.period_start).label("start")).where(window).group_by(r.project_id)
    latest = latest.subquery()
    stmt = select(r.project_id, r.physical_percent, r.period_start).join(
        latest, and_(latest.c.project_id == r.project_id, latest.c.start == r.period_start)
    ).where(window)
    return {pid: (percent, start) for pid, percent, start in (await session.execute(stmt)).all()}


async def submitted_periods(
    session: AsyncSession, region_code: str, kind: str, starts: list[date]
) -> set[tuple[uuid.UUID, date]]:
    """(project id, period start) of the region's reports of ``kind`` for the periods starting on ``starts`` that
    have been submitted at least once (late or not). One query."""
    if not starts:
        return set()
    stmt = select(ProgressReport.project_id, ProgressReport.period_start).where(
        ProgressReport.region_code == region_code,
        ProgressReport.period_kind == kind,
        ProgressReport.period_start.in_(starts),
        ProgressReport.first_submitted_at.is_not(None),
    )
    return {(pid, start) for pid, start in (await session.execute(stmt)).all()}


def steps_query(report_id: uuid.UUID) -> Select:
    """A report's steps; the caller pages them by ``seq``."""
    return select(ProgressReportStep).where(ProgressReportStep.report_id == report_id)


def _totals_statement() -> Select:
    r, other = ProgressReport, aliased(ProgressReport)
    counted = or_(other.status.in_(COUNTED), other.id == r.id)
    this_year = case((other.year == r.year, other.investment_completed), else_=0)
    return (
        select(
            r.id,
            money_sum(this_year).label("ytd"),
            money_sum(other.investment_completed).label("since_start"),
        )
        .join(
            other,
            and_(
                other.project_id == r.project_id,
                other.period_kind == r.period_kind,
                other.period_start <= r.period_start,
                counted,
            ),
        )
        .where(r.id.in_(bindparam("report_ids", expanding=True)))
        .group_by(r.id)
    )


# built once: making the aliased self-join anew cost twice as much CPU as running it (the report reads of every
# dossier and list page go through here)
_TOTALS = _totals_statement()


async def totals_of(session: AsyncSession, report_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[Decimal, Decimal]]:
    """report id → (year to date, since start): sums of the project's reports of the same kind up to the
    report's period (this year's, every year's) that are submitted or verified, plus the report itself.
    One query for many reports."""
    if not report_ids:
        return {}
    rows = (await session.execute(_TOTALS, {"report_ids": list(report_ids)})).all()
    return {row.id: (_dec(row.ytd), _dec(row.since_start)) for row in rows}


def _dec(value: object) -> Decimal:
    """A sum read back as Decimal to 0.0001 (SQLite sums NUMERIC as floating point)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.0001"))


async def plan_figures(
    session: AsyncSession, pairs: set[tuple[uuid.UUID, int]]
) -> tuple[dict[uuid.UUID, Decimal], dict[tuple[uuid.UUID, int], tuple[Decimal, list[str] | None]]]:
    """(project id → total investment, (project id, year) → (planned investment, monthly plan or None)) for many
    projects."""
    ids = {p for p, _ in pairs}
    if not ids:
        return {}, {}
    totals_stmt = select(Project.id, Project.total_investment).where(Project.id.in_(ids))
    totals = dict((await session.execute(totals_stmt)).all())
    years = {y for _, y in pairs}
    plans = {
        (pid, year): (planned, monthly)
        for pid, year, planned, monthly in (
            await session.execute(
                select(YearPlan.project_id, YearPlan.year, YearPlan.planned_investment, YearPlan.monthly_plan).where(
                    YearPlan.project_id.in_(ids), YearPlan.year.in_(years)
                )
            )
        ).all()
    }
    return totals, plans


async def latest_reports(
    session: AsyncSession, project_ids: list[uuid.UUID], *, include_drafts: bool, visibility: ColumnElement | None
) -> list[ProgressReport]:
    """The latest report (by period) of each project, for many projects in one query."""
    rank = (
        func.row_number()
        .over(
            partition_by=ProgressReport.project_id,
            order_by=(ProgressReport.period_start.desc(), ProgressReport.created_at.desc(), ProgressReport.id),
        )
        .label("rank")
    )
    inner = select(ProgressReport.id, rank).join(Project, Project.id == ProgressReport.project_id)
    inner = _visible(inner.where(ProgressReport.project_id.in_(project_ids)), visibility)
    if not include_drafts:
        inner = inner.where(ProgressReport.status.in_(COUNTED))
    ranked = inner.subquery()
    stmt = (
        select(ProgressReport)
        .join(ranked, ranked.c.id == ProgressReport.id)
        .where(ranked.c.rank == 1)
        .order_by(ProgressReport.project_id)
    )
    return list((await session.scalars(stmt)).all())


def _submitted_for(period: Period) -> ColumnElement:
    return exists(
        select(ProgressReport.id).where(
            ProgressReport.project_id == Project.id,
            ProgressReport.period_kind == period.kind.value,
            ProgressReport.period_start == period.start,
            ProgressReport.first_submitted_at.is_not(None),
        )
    )


def _moved_out_of_list(year: int) -> ColumnElement:
    """The project was moved out of ``year``'s list (动态管理): no report is expected of it any more."""
    return exists(
        select(YearPlan.id).where(YearPlan.project_id == Project.id, YearPlan.year == year, YearPlan.in_list.is_(False))
    )


def unsubmitted_query(
    region_code: str, period: Period, stages: list[str], due: datetime, visibility: ColumnElement | None
) -> Select:
    """Projects of the region expected to report the period (in a reporting stage, registered by the
    due instant, not moved out of the year's list) that have not submitted it, with their draft or
    returned report if any."""
    report = aliased(ProgressReport)
    stmt = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Project.responsible_unit_id,
            report.id.label("report_id"),
            report.status.label("report_status"),
        )
        .outerjoin(
            report,
            and_(
                report.project_id == Project.id,
                report.region_code == region_code,  # the project's region: lets the region's index be used
                report.period_kind == period.kind.value,
                report.period_start == period.start,
            ),
        )
        .where(
            Project.region_code == region_code,
            Project.stage.in_(stages),
            Project.created_at <= due,
            ~_moved_out_of_list(period.year),
            ~_submitted_for(period),
        )
    )
    return _visible(stmt, visibility)


async def unmarked_overdue(
    session: AsyncSession, region_code: str, period: Period, stages: list[str], due: datetime
) -> list[tuple[uuid.UUID, str, uuid.UUID, uuid.UUID | None]]:
    """(project id, code, responsible unit, report id) of overdue projects not yet marked for the period."""
    marked = exists(
        select(ReportOverdueMark.id).where(
            ReportOverdueMark.project_id == Project.id,
            ReportOverdueMark.period_kind == period.kind.value,
            ReportOverdueMark.period_start == period.start,
        )
    )
    stmt = unsubmitted_query(region_code, period, stages, due, None).where(~marked).order_by(Project.code)
    return [(r.id, r.code, r.responsible_unit_id, r.report_id) for r in (await session.execute(stmt)).all()]


async def regions_with_projects(session: AsyncSession) -> list[str]:
    return list((await session.scalars(select(Project.region_code).distinct().order_by(Project.region_code))).all())


@dataclass
class TimelinessRow:
    unit_id: uuid.UUID
    unit_name: str
    expected: int
    on_time: int
    late: int
    not_submitted: int


async def timeliness(
    session: AsyncSession, region_code: str, period: Period, stages: list[str], due: datetime
) -> list[TimelinessRow]:
    """Per responsible unit: projects expected to report the period, reports on time, late, and none
    submitted — counted in SQL."""
    report = aliased(ProgressReport)
    submitted = report.first_submitted_at
    stmt = (
        select(
            Unit.id,
            Unit.name,
            func.count(Project.id),
            func.sum(case((and_(submitted.is_not(None), submitted <= report.due_at), 1), else_=0)),
            func.sum(case((submitted > report.due_at, 1), else_=0)),
            func.sum(case((submitted.is_(None), 1), else_=0)),
        )
        .select_from(Project)
        .join(Unit, Unit.id == Project.responsible_unit_id)
        .outerjoin(
            report,
            and_(
                report.project_id == Project.id,
                report.region_code == region_code,  # the project's region: lets the region's index be used
                report.period_kind == period.kind.value,
                report.period_start == period.start,
            ),
        )
        .where(
            Project.region_code == region_code,
            or_(
                and_(Project.stage.in_(stages), Project.created_at <= due, ~_moved_out_of_list(period.year)),
                submitted.is_not(None),
            ),
        )
        .group_by(Unit.id, Unit.name)
        .order_by(Unit.name, Unit.id)
    )
    return [
        TimelinessRow(uid, name, int(n), int(ok or 0), int(late or 0), int(none or 0))
        for uid, name, n, ok, late, none in (await session.execute(stmt)).all()
    ]


async def year_to_date_by_project(
    session: AsyncSession, project_ids: list[uuid.UUID], kind: str, year: int, through: date
) -> dict[uuid.UUID, Decimal]:
    """project id → submitted and verified investment of ``year``'s periods starting by ``through``."""
    if not project_ids:
        return {}
    stmt = (
        select(ProgressReport.project_id, money_sum(ProgressReport.investment_completed))
        .where(
            ProgressReport.project_id.in_(project_ids),
            ProgressReport.period_kind == kind,
            ProgressReport.year == year,
            ProgressReport.period_start <= through,
            ProgressReport.status.in_(COUNTED),
        )
        .group_by(ProgressReport.project_id)
    )
    return {pid: _dec(total) for pid, total in (await session.execute(stmt)).all()}


async def visible_projects(
    session: AsyncSession, project_ids: list[uuid.UUID], visibility: ColumnElement | None
) -> dict[uuid.UUID, Project]:
    """project id → project, of the named projects the caller may see (the others are left out)."""
    if not project_ids:
        return {}
    stmt = _visible(select(Project).where(Project.id.in_(set(project_ids))), visibility)
    return {p.id: p for p in (await session.scalars(stmt)).all()}


async def reports_of(session: AsyncSession, project_ids: list[uuid.UUID], period: Period) -> dict[uuid.UUID,
                                                                                                ProgressReport]:
    """project id → its report of ``period``, for many projects in one query."""
    if not project_ids:
        return {}
    stmt = select(ProgressReport).where(
        ProgressReport.project_id.in_(set(project_ids)),
        ProgressReport.period_kind == period.kind.value,
        ProgressReport.period_start == period.start,
    )
    return {r.project_id: r for r in (await session.scalars(stmt)).all()}


async def last_counted_before(session: AsyncSession, project_id: uuid.UUID, period: Period) -> ProgressReport | None:
    """The project's latest submitted or verified report of the same kind before ``period``."""
    return await session.scalar(
        select(ProgressReport)
        .where(
            ProgressReport.project_id == project_id,
            ProgressReport.period_kind == period.kind.value,
            ProgressReport.period_start < period.start,
            ProgressReport.status.in_(COUNTED),
        )
        .order_by(ProgressReport.period_start.desc())
        .limit(1)
    )


async def sums_before(session: AsyncSession, project_id: uuid.UUID, period: Period) -> tuple[Decimal, Decimal]:
    """(this year's, every year's) investment of the project's submitted and verified reports of the same kind
    before ``period``. One query."""
    r = ProgressReport
    this_year = case((r.year == period.year, r.investment_completed), else_=0)
    row = (
        await session.execute(
            select(money_sum(this_year), money_sum(r.investment_completed)).where(
                r.project_id == project_id,
                r.period_kind == period.kind.value,
                r.period_start < period.start,
                r.status.in_(COUNTED),
            )
        )
    ).one()
    return _dec(row[0]), _dec(row[1])
