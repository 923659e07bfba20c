"""Queries of node plans."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, delete, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.registry.milestones.models import Milestone
from tuijin.registry.projects.models import Project


def overdue_clause(on: date) -> ColumnElement[bool]:
    """Not reached and planned before ``on`` (a business date)."""
    return and_(Milestone.actual_date.is_(None), Milestone.planned_date < on)


async def get_milestone(session: AsyncSession, milestone_id: uuid.UUID) -> Milestone | None:
    return await session.get(Milestone, milestone_id)


async def project_milestones(session: AsyncSession, project_id: uuid.UUID) -> list[Milestone]:
    """A project's node plan in its order."""
    stmt = (
        select(Milestone)
        .where(Milestone.project_id == project_id)
        .order_by(Milestone.sort_order, Milestone.planned_date, Milestone.id)
    )
    return list((await session.scalars(stmt)).all())


async def projects_with_milestones(session: AsyncSession, project_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these projects have a node plan (at least one node), in one query."""
    if not project_ids:
        return set()
    stmt = select(Milestone.project_id).where(Milestone.project_id.in_(project_ids)).distinct()
    return set((await session.scalars(stmt)).all())


@dataclass
class MilestoneFilters:
    region_code: str | None = None
    project_id: uuid.UUID | None = None
    kind: str | None = None
    overdue: bool | None = None
    reached: bool | None = None
    planned_from: date | None = None
    planned_to: date | None = None
    system_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None


def region_list_query(filters: MilestoneFilters, visibility: ColumnElement | None, on: date) -> Select:
    """Nodes of the projects the caller may see (``visibility`` is a clause on Project)."""
    stmt = select(Milestone).join(Project, Project.id == Milestone.project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    f = filters
    if f.region_code:
        stmt = stmt.where(Milestone.region_code == f.region_code)
    if f.project_id:
        stmt = stmt.where(Milestone.project_id == f.project_id)
    if f.kind:
        stmt = stmt.where(Milestone.kind == f.kind)
    if f.overdue is not None:
        stmt = stmt.where(overdue_clause(on) if f.overdue else not_(overdue_clause(on)))
    if f.reached is not None:
        stmt = stmt.where(Milestone.actual_date.is_not(None) if f.reached else Milestone.actual_date.is_(None))
    if f.planned_from:
        stmt = stmt.where(Milestone.planned_date >= f.planned_from)
    if f.planned_to:
        stmt = stmt.where(Milestone.planned_date <= f.planned_to)
    if f.system_id:
        stmt = stmt.where(Project.system_id == f.system_id)
    if f.unit_id:
        stmt = stmt.where((Project.responsible_unit_id == f.unit_id) | (Project.owner_unit_id == f.unit_id))
    return stmt


async def projects_by_id(session: AsyncSession, project_ids: set[uuid.UUID]) -> dict[uuid.UUID, Project]:
    if not project_ids:
        return {}
    return {p.id: p for p in (await session.scalars(select(Project).where(Project.id.in_(project_ids)))).all()}


async def overdue_unannounced(
    session: AsyncSession, on: date, *, limit: int, lock: bool
) -> list[tuple[Milestone, Project]]:
    """Overdue nodes not yet announced, oldest first; ``lock`` claims them (PostgreSQL, SKIP LOCKED)."""
    stmt = (
        select(Milestone, Project)
        .join(Project, Project.id == Milestone.project_id)
        .where(overdue_clause(on), Milestone.overdue_announced_at.is_(None))
        .order_by(Milestone.planned_date, Milestone.id)
        .limit(limit)
    )
    if lock:
        stmt = stmt.with_for_update(skip_locked=True, of=Milestone)
    return [(m, p) for m, p in (await session.execute(stmt)).all()]


async def delete_plan(session: AsyncSession, project_id: uuid.UUID) -> None:
    """Remove every node of a project's plan (before it is rebuilt)."""
    await session.execute(delete(Milestone).where(Milestone.project_id == project_id))


async def mark_announced(session: AsyncSession, ids: list[uuid.UUID], at: datetime) -> None:
    """Remember that these nodes were announced overdue. A bulk UPDATE leaves version and updated_at alone: the
    announcement does not stale a user's ETag."""
    await session.execute(
        update(Milestone)
        .where(Milestone.id.in_(ids))
        .values(overdue_announced_at=at, updated_at=Milestone.updated_at)
        .execution_options(synchronize_session=False)
    )


async def projects_with_milestones_in(session: AsyncSession, region_code: str) -> set[uuid.UUID]:
    """The projects of a region that have a node plan."""
    stmt = select(Milestone.project_id).where(Milestone.region_code == region_code)
    return set((await session.scalars(stmt)).all())
