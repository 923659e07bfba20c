"""Queries of the reserve library."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.auth import Principal, Role, region_clause
from tuijin.registry.models import Project, Unit
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.reserve.models import ReserveEntry


def entry_visibility(principal: Principal) -> ColumnElement | None:
    """Entries of projects the caller may see, and (for a unit) the entries its unit proposed."""
    visible = project_visibility(principal)
    if visible is None:
        return None
    if Role.unit in principal.roles and principal.unit_id:
        own = ReserveEntry.proposing_unit_id == principal.unit_id
        region = region_clause(principal, ReserveEntry.region_code)
        return or_(visible, and_(region, own) if region is not None else own)
    return visible


@dataclass
class EntryFilters:
    region_code: str | None = None
    level: str | None = None
    category: str | None = None
    proposed_year: int | None = None
    status: str | None = None
    proposing_unit_id: uuid.UUID | None = None


def entry_list_query(filters: EntryFilters, visibility: ColumnElement | None) -> Select:
    stmt = select(ReserveEntry).join(Project, Project.id == ReserveEntry.project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    f = filters
    if f.region_code:
        stmt = stmt.where(ReserveEntry.region_code == f.region_code)
    if f.level:
        stmt = stmt.where(ReserveEntry.level == f.level)
    if f.category:
        stmt = stmt.where(ReserveEntry.category == f.category)
    if f.proposed_year:
        stmt = stmt.where(ReserveEntry.proposed_year == f.proposed_year)
    if f.status:
        stmt = stmt.where(ReserveEntry.status == f.status)
    if f.proposing_unit_id:
        stmt = stmt.where(ReserveEntry.proposing_unit_id == f.proposing_unit_id)
    return stmt


async def visible_entry(
    session: AsyncSession, entry_id: uuid.UUID, visibility: ColumnElement | None
) -> ReserveEntry | None:
    stmt = select(ReserveEntry).join(Project, Project.id == ReserveEntry.project_id).where(ReserveEntry.id == entry_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


async def entries_for_update(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, ReserveEntry]:
    """Entries of a promotion, locked (PostgreSQL) so that two promotions cannot take the same one."""
    rows = (
        await session.scalars(
            select(ReserveEntry).where(ReserveEntry.id.in_(ids)).order_by(ReserveEntry.id).with_for_update()
        )
    ).all()
    return {e.id: e for e in rows}


async def projects_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Project]:
    if not ids:
        return {}
    return {p.id: p for p in (await session.scalars(select(Project).where(Project.id.in_(ids)))).all()}


async def in_reserve_entry_of(session: AsyncSession, project_id: uuid.UUID) -> ReserveEntry | None:
    """The project's entry that is still in the library, if any."""
    return await session.scalar(
        select(ReserveEntry).where(ReserveEntry.project_id == project_id, ReserveEntry.status == "in_reserve")
    )


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)


async def unit(session: AsyncSession, unit_id: uuid.UUID) -> Unit | None:
    return await session.get(Unit, unit_id)
