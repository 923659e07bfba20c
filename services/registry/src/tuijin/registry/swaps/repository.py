"""Queries of dynamic management (动态管理)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.auth import Principal
from tuijin.registry.models import Project
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.swaps.models import ProjectSwap, ProjectSwapAction


def swap_visibility(principal: Principal) -> ColumnElement | None:
    """Swaps whose project moved out or replacement the caller may see."""
    visible = project_visibility(principal)
    if visible is None:
        return None
    projects = select(Project.id).where(visible)
    return or_(ProjectSwap.out_project_id.in_(projects), ProjectSwap.replacement_project_id.in_(projects))


@dataclass
class SwapFilters:
    region_code: str | None = None
    status: str | None = None
    year: int | None = None
    current_step: str | None = None
    project_id: uuid.UUID | None = None


def swap_list_query(filters: SwapFilters, visibility: ColumnElement | None) -> Select:
    stmt = select(ProjectSwap)
    if visibility is not None:
        stmt = stmt.where(visibility)
    f = filters
    if f.region_code:
        stmt = stmt.where(ProjectSwap.region_code == f.region_code)
    if f.status:
        stmt = stmt.where(ProjectSwap.status == f.status)
    if f.year:
        stmt = stmt.where(ProjectSwap.year == f.year)
    if f.current_step:
        stmt = stmt.where(ProjectSwap.current_step == f.current_step)
    if f.project_id:
        stmt = stmt.where(
            or_(ProjectSwap.out_project_id == f.project_id, ProjectSwap.replacement_project_id == f.project_id)
        )
    return stmt


async def visible_swap(
    session: AsyncSession, swap_id: uuid.UUID, visibility: ColumnElement | None, *, for_update: bool = False
) -> ProjectSwap | None:
    stmt = select(ProjectSwap).where(ProjectSwap.id == swap_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if for_update:  # two deciders of the same step: the second waits, then sees the step decided
        stmt = stmt.with_for_update(of=ProjectSwap)
    return await session.scalar(stmt)


async def pending_swap_touching(session: AsyncSession, year: int, project_ids: list[uuid.UUID]) -> ProjectSwap | None:
    """A pending swap of ``year`` that moves one of the projects out or in."""
    return await session.scalar(
        select(ProjectSwap)
        .where(
            ProjectSwap.year == year,
            ProjectSwap.status == "pending",
            or_(ProjectSwap.out_project_id.in_(project_ids), ProjectSwap.replacement_project_id.in_(project_ids)),
        )
        .limit(1)
    )


async def history(session: AsyncSession, swap_id: uuid.UUID) -> list[ProjectSwapAction]:
    return list(
        (
            await session.scalars(
                select(ProjectSwapAction).where(ProjectSwapAction.swap_id == swap_id).order_by(ProjectSwapAction.seq)
            )
        ).all()
    )


async def next_seq(session: AsyncSession, swap_id: uuid.UUID) -> int:
    last = await session.scalar(select(func.max(ProjectSwapAction.seq)).where(ProjectSwapAction.swap_id == swap_id))
    return (last or 0) + 1


async def projects_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Project]:
    if not ids:
        return {}
    return {p.id: p for p in (await session.scalars(select(Project).where(Project.id.in_(ids)))).all()}


async def lock_projects(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    """Lock the two projects of a new request (PostgreSQL; in id order, so two requests never deadlock):
    a second request about either waits and then sees the first one pending."""
    await session.execute(select(Project.id).where(Project.id.in_(ids)).order_by(Project.id).with_for_update())


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)
