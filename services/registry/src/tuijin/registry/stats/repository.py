"""Aggregates of a region's yearly list, computed by the database (GROUP BY), one query per breakdown.
The list of a year is the region's projects that have a plan for that year and were not moved out of it;
completed investment is what their submitted and verified reports of the year say, through a date."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, case, false, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.db import Money
from tuijin.kernel.numbers import money_sum
from tuijin.registry.lights.models import WarningLight
from tuijin.registry.milestones.enums import MilestoneKind
from tuijin.registry.milestones.models import Milestone
from tuijin.registry.models import Project, StageChange, System, Unit, YearPlan
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.projects.enums import Stage
from tuijin.registry.reports.enums import COUNTED_STATUSES
from tuijin.registry.reports.models import ProgressReport

FOUR_PLACES = Decimal("0.0001")


@dataclass
class Aggregate:
    projects: int
    total_investment: Decimal
    planned_investment: Decimal
    completed_investment: Decimal


@dataclass
class Through:
    """Which reports count as completed investment: the year's periods of ``kind`` ending by ``day``."""

    year: int
    kind: str
    day: date


def dec(value: Any) -> Decimal:
    """A sum read back as Decimal to 0.0001 (SQLite sums NUMERIC as floating point)."""
    return Decimal(str(value or 0)).quantize(FOUR_PLACES)


def _completed(region_code: str, through: Through | None):
    """project id → completed investment of the region's projects, as a subquery (grouped in the database; a
    report carries its project's region, so the sum reads only the region's reports)."""
    r = ProgressReport
    stmt = select(r.project_id, money_sum(r.investment_completed).label("completed"))
    if through is None:
        stmt = stmt.where(false())
    else:
        stmt = stmt.where(
            r.region_code == region_code,
            r.year == through.year,
            r.period_kind == through.kind,
            r.period_end <= through.day,
            r.status.in_([s.value for s in COUNTED_STATUSES]),
        )
    return stmt.group_by(r.project_id).subquery("completed")


def year_list(region_code: str, year: int, through: Through | None, *columns: Any) -> Select:
    """SELECT ``columns`` + count and sums FROM the region's projects with a plan for ``year``."""
    done = _completed(region_code, through)
    return (
        select(
            *columns,
            func.count(Project.id).label("projects"),
            type_coerce(func.coalesce(money_sum(Project.total_investment), 0), Money).label("total"),
            type_coerce(func.coalesce(money_sum(YearPlan.planned_investment), 0), Money).label("planned"),
            type_coerce(func.coalesce(money_sum(done.c.completed), 0), Money).label("completed"),
        )
        .select_from(Project)
        .join(YearPlan, _in_year(region_code, year))
        .outerjoin(done, done.c.project_id == Project.id)
        .where(Project.region_code == region_code)
    )


def _in_year(region_code: str, year: int) -> Any:
    """The join to the year's plan of a project on the year's list: a project moved out by 动态管理 keeps its plan row
    (``in_list`` false) and counts no more — the project moved in counts instead, so the list keeps its count (栾川,
    seed 000: "确保重点项目总量不减少"). The plan's own region lets the database read only the region's plans."""
    return and_(YearPlan.project_id == Project.id, YearPlan.year == year, YearPlan.region_code == region_code,
                YearPlan.in_list.is_(True))


def _aggregate(row: Any) -> Aggregate:
    return Aggregate(row.projects, dec(row.total), dec(row.planned), dec(row.completed))


async def totals(session: AsyncSession, region_code: str, year: int, through: Through | None) -> Aggregate:
    return _aggregate((await session.execute(year_list(region_code, year, through))).one())


async def grouped(
    session: AsyncSession, region_code: str, year: int, through: Through | None, column: Any
) -> dict[Any, Aggregate]:
    """group value → aggregate, grouped by ``column`` of the project (stage, system_id, township_unit_id)."""
    stmt = year_list(region_code, year, through, column.label("key")).group_by(column)
    return {row.key: _aggregate(row) for row in (await session.execute(stmt)).all()}


async def lights(session: AsyncSession, region_code: str, year: int) -> dict[tuple[str, str], int]:
    """(kind, colour) → projects of the year's list with that light now."""
    stmt = (
        select(WarningLight.kind, WarningLight.colour, func.count(WarningLight.id))
        .join(Project, Project.id == WarningLight.project_id)
        .join(YearPlan, _in_year(region_code, year))
        .where(Project.region_code == region_code)
        .group_by(WarningLight.kind, WarningLight.colour)
    )
    return {(kind, colour): n for kind, colour, n in (await session.execute(stmt)).all()}


async def map_points(session: AsyncSession, region_code: str, year: int) -> list[Any]:
    """The projects of the year's list with location and their lights, by code (two queries, no per-row work)."""
    stmt = (
        select(Project.id, Project.code, Project.name, Project.stage, Project.location, Project.longitude,
               Project.latitude)
        .join(YearPlan, _in_year(region_code, year))
        .where(Project.region_code == region_code)
        .order_by(Project.code, Project.id)
    )
    return list((await session.execute(stmt)).all())


async def project_lights(session: AsyncSession, region_code: str, year: int) -> list[tuple[uuid.UUID, str, str]]:
    """(project id, kind, colour) of the current lights of the year's list."""
    stmt = (
        select(WarningLight.project_id, WarningLight.kind, WarningLight.colour)
        .join(Project, Project.id == WarningLight.project_id)
        .join(YearPlan, _in_year(region_code, year))
        .where(Project.region_code == region_code)
    )
    return [(r.project_id, r.kind, r.colour) for r in (await session.execute(stmt)).all()]


async def systems(session: AsyncSession, region_code: str) -> list[tuple[uuid.UUID, str]]:
    stmt = select(System.id, System.name).where(System.region_code == region_code).order_by(
        System.sort_order, System.name
    )
    return [(r.id, r.name) for r in (await session.execute(stmt)).all()]


async def townships(session: AsyncSession, region_code: str, also: set[uuid.UUID]) -> list[tuple[uuid.UUID, str]]:
    """The region's townships (and park committees), plus any other unit in ``also``, by name."""
    is_township = Unit.kind.in_([UnitKind.township.value, UnitKind.park.value])
    stmt = select(Unit.id, Unit.name).where(Unit.region_code == region_code)
    stmt = stmt.where(is_township | Unit.id.in_(list(also))) if also else stmt.where(is_township)
    return [(r.id, r.name) for r in (await session.execute(stmt.order_by(Unit.name))).all()]


async def monthly_plans(session: AsyncSession, region_code: str, year: int) -> list[tuple[Decimal, list[str] | None]]:
    """(planned investment, monthly plan or None) of every project on the year's list."""
    stmt = (
        select(YearPlan.planned_investment, YearPlan.monthly_plan)
        .join(Project, Project.id == YearPlan.project_id)
        .where(YearPlan.region_code == region_code, YearPlan.year == year, YearPlan.in_list.is_(True),
               Project.region_code == region_code)
    )
    return [(planned, monthly) for planned, monthly in (await session.execute(stmt)).all()]


# ---------------------------------------------------------------- 开工率, 联审联批完成率, 到位资金, 征迁


def _year_projects(region_code: str, year: int) -> Select:
    """The ids of the region's projects on ``year``'s list."""
    return select(Project.id).join(YearPlan, _in_year(region_code, year)).where(Project.region_code == region_code)


async def new_starts(session: AsyncSession, region_code: str, year: int, by: date) -> tuple[int, int]:
    """(planned, started) of the year's planned new starts (计划新开工). Planned: a project on the year's list that is
    at stage 计划新开工 now, or left it for 在建 on a day of ``year`` (a stage change from new_start). Started by
    ``by``: its stage moved from new_start to under_construction on or before ``by``, or its start node (开工) has an
    actual date on or before ``by``."""
    on_list = _year_projects(region_code, year)
    left = select(StageChange.project_id).where(
        StageChange.from_stage == Stage.new_start.value, StageChange.to_stage == Stage.under_construction.value)
    planned = (Project.id.in_(on_list)) & (
        (Project.stage == Stage.new_start.value)
        | Project.id.in_(left.where(StageChange.changed_on >= date(year, 1, 1),
                                    StageChange.changed_on <= date(year, 12, 31)))
    )
    started = Project.id.in_(left.where(StageChange.changed_on <= by)) | Project.id.in_(
        select(Milestone.project_id).where(Milestone.kind == MilestoneKind.start.value,
                                           Milestone.actual_date.is_not(None), Milestone.actual_date <= by))
    stmt = select(func.count(Project.id), func.coalesce(func.sum(case((started, 1), else_=0)), 0)).where(planned)
    total, done = (await session.execute(stmt)).one()
    return int(total), int(done)


async def procedure_counts(session: AsyncSession, region_code: str, year: int) -> dict[str, int]:
    """status → procedures (联审联批 items) of the projects on the year's list."""
    stmt = (
        select(ProjectProcedure.status, func.count(ProjectProcedure.id))
        .where(ProjectProcedure.region_code == region_code,
               ProjectProcedure.project_id.in_(_year_projects(region_code, year)))
        .group_by(ProjectProcedure.status)
    )
    return {status: n for status, n in (await session.execute(stmt)).all()}


def _counted(region_code: str, through: Through) -> Any:
    r = ProgressReport
    return and_(r.region_code == region_code, r.year == through.year, r.period_kind == through.kind,
                r.period_end <= through.day, r.status.in_([s.value for s in COUNTED_STATUSES]),
                r.project_id.in_(_year_projects(region_code, through.year)))


async def funds_in_place(session: AsyncSession, region_code: str, through: Through | None) -> Decimal:
    """到位资金 of the year's list: the sum of the counted reports' funds in place through ``through``."""
    if through is None:
        return dec(0)
    stmt = select(func.coalesce(money_sum(ProgressReport.funds_in_place), 0)).where(_counted(region_code, through))
    return dec(await session.scalar(stmt))


async def demolition(session: AsyncSession, region_code: str, through: Through | None) -> list[Any]:
    """For each project of the year's list whose latest counted report (through ``through``) states demolition
    progress (征迁进展): the project and that report's period end and text, by project code."""
    if through is None:
        return []
    r = ProgressReport
    latest = (
        select(r.project_id, func.max(r.period_end).label("period_end"))
        .where(_counted(region_code, through), r.demolition_progress != "")
        .group_by(r.project_id)
        .subquery("latest")
    )
    stmt = (
        select(Project.id, Project.code, Project.name, r.period_end, r.demolition_progress)
        .join(latest, latest.c.project_id == Project.id)
        .join(r, and_(r.project_id == Project.id, r.period_end == latest.c.period_end,
                      r.period_kind == through.kind))
        .order_by(Project.code, Project.id)
    )
    return list((await session.execute(stmt)).all())
