"""Queries of dispatches (调度)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.dispatches.models import Dispatch
from tuijin.registry.models import Project, StageChange, YearPlan


@dataclass
class Filters:
    region_code: str | None = None
    project_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None


def list_query(filters: Filters, visibility: ColumnElement | None) -> Select:
    """The dispatches of the projects the caller may see."""
    stmt = select(Dispatch).join(Project, Project.id == Dispatch.project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if filters.region_code:
        stmt = stmt.where(Dispatch.region_code == filters.region_code)
    if filters.project_id is not None:
        stmt = stmt.where(Dispatch.project_id == filters.project_id)
    if filters.date_from is not None:
        stmt = stmt.where(Dispatch.dispatched_on >= filters.date_from)
    if filters.date_to is not None:
        stmt = stmt.where(Dispatch.dispatched_on <= filters.date_to)
    return stmt


async def one(session: AsyncSession, dispatch_id: uuid.UUID, visibility: ColumnElement | None) -> Dispatch | None:
    stmt = select(Dispatch).join(Project, Project.id == Dispatch.project_id).where(Dispatch.id == dispatch_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


async def dispatched_projects(session: AsyncSession, region_code: str, stages: list[str], year: int,
                              visibility: ColumnElement | None) -> list[Project]:
    """The region's projects in a stage with a cadence, but those moved out of the year's list (动态管理)."""
    moved_out = exists().where(YearPlan.project_id == Project.id, YearPlan.year == year, YearPlan.in_list.is_(False))
    stmt = select(Project).where(Project.region_code == region_code, Project.stage.in_(stages), ~moved_out)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return list((await session.scalars(stmt.order_by(Project.code, Project.id))).all())


async def latest_dispatches(session: AsyncSession, region_code: str, on: date) -> dict[uuid.UUID, Dispatch]:
    """Each project's latest dispatch on or before ``on`` (the last recorded, when several share the day)."""
    latest = (select(Dispatch.project_id, func.max(Dispatch.dispatched_on).label("day"))
              .where(Dispatch.region_code == region_code, Dispatch.dispatched_on <= on)
              .group_by(Dispatch.project_id).subquery())
    stmt = (select(Dispatch)
            .join(latest, and_(Dispatch.project_id == latest.c.project_id, Dispatch.dispatched_on == latest.c.day))
            .order_by(Dispatch.created_at, Dispatch.id))
    return {d.project_id: d for d in (await session.scalars(stmt)).all()}


async def stage_entered(session: AsyncSession, region_code: str, on: date) -> dict[uuid.UUID, date]:
    """The day each project of the region last entered the stage it is in (on or before ``on``)."""
    stmt = (select(StageChange.project_id, func.max(StageChange.changed_on))
            .join(Project, Project.id == StageChange.project_id)
            .where(Project.region_code == region_code, StageChange.to_stage == Project.stage,
                   StageChange.changed_on <= on)
            .group_by(StageChange.project_id))
    return {pid: day for pid, day in (await session.execute(stmt)).all()}
