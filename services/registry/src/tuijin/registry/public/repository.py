"""Queries of the public disclosure view: a fixed number per page, whatever its size."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy import Select, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.milestones.models import Milestone
from tuijin.registry.models import Person, Post, Project, TeamMember, YearPlan
from tuijin.registry.organisation.models import Region
from tuijin.registry.reports.enums import ReportStatus
from tuijin.registry.reports.models import ProgressReport

QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def on_list(year: int | None = None):
    """Projects on a yearly list (with a plan for ``year``, or for any year): the reserve library is
    not published."""
    plan = select(YearPlan.id).where(YearPlan.project_id == Project.id)
    if year is not None:
        plan = plan.where(YearPlan.year == year)
    return exists(plan)


def list_query(region_code: str, year: int) -> Select:
    return select(Project).where(Project.region_code == region_code, on_list(year))


async def region(session: AsyncSession, code: str) -> Region | None:
    return await session.get(Region, code)


async def published(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.scalar(select(Project).where(Project.id == project_id, on_list()))


async def post_titles(session: AsyncSession, post_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not post_ids:
        return {}
    return dict((await session.execute(select(Post.id, Post.title).where(Post.id.in_(post_ids)))).all())


async def teams(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    out: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    stmt = (
        select(TeamMember.project_id, Person.name, TeamMember.role)
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.project_id.in_(ids))
        .order_by(TeamMember.project_id, TeamMember.role, Person.name)
    )
    for pid, name, role in (await session.execute(stmt)).all():
        out[pid].append((name, role))
    return out


async def plans(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[YearPlan]]:
    out: dict[uuid.UUID, list[YearPlan]] = defaultdict(list)
    stmt = select(YearPlan).where(YearPlan.project_id.in_(ids)).order_by(YearPlan.project_id, YearPlan.year)
    for plan in (await session.scalars(stmt)).all():
        out[plan.project_id].append(plan)
    return out


async def milestones(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Milestone]]:
    out: dict[uuid.UUID, list[Milestone]] = defaultdict(list)
    stmt = (
        select(Milestone)
        .where(Milestone.project_id.in_(ids))
        .order_by(Milestone.project_id, Milestone.sort_order, Milestone.planned_date, Milestone.name)
    )
    for node in (await session.scalars(stmt)).all():
        out[node.project_id].append(node)
    return out


async def quarterly_reports(
    session: AsyncSession, ids: list[uuid.UUID], year: int, quarters: int
) -> dict[uuid.UUID, list[tuple[int, ProgressReport]]]:
    """project id → (quarter, last verified report ending in it) for the first ``quarters`` quarters of
    ``year``: one query, the database picks the last report of each project and quarter."""
    out: dict[uuid.UUID, list[tuple[int, ProgressReport]]] = defaultdict(list)
    if not ids or quarters < 1:
        return out
    r = ProgressReport
    ends = [date(year, m, d) for m, d in QUARTER_ENDS]
    quarter = case(*((r.period_end <= end, q) for q, end in enumerate(ends[:3], start=1)), else_=4)
    ranked = (
        select(
            r.id,
            quarter.label("quarter"),
            func.row_number().over(partition_by=(r.project_id, quarter), order_by=(r.period_end.desc(), r.id))
            .label("rank"),
        )
        .where(
            r.project_id.in_(ids),
            r.status == ReportStatus.verified.value,
            r.period_end >= date(year, 1, 1),
            r.period_end <= ends[quarters - 1],
        )
        .subquery()
    )
    stmt = (
        select(r, ranked.c.quarter)
        .join(ranked, ranked.c.id == r.id)
        .where(ranked.c.rank == 1)
        .order_by(r.project_id, ranked.c.quarter)
    )
    for report, q in (await session.execute(stmt)).all():
        out[report.project_id].append((int(q), report))
    return out
