"""Queries of the 一览表 import and the project-list export (a fixed number per import or page)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.models import Post, Project, ProjectCoUnit, System, Unit, YearPlan
from tuijin.registry.project_lists.models import ListImport


async def units_of(session: AsyncSession, region_code: str) -> list[Unit]:
    return list((await session.scalars(select(Unit).where(Unit.region_code == region_code))).all())


async def systems_of(session: AsyncSession, region_code: str) -> list[System]:
    stmt = select(System).where(System.region_code == region_code).order_by(System.sort_order, System.name)
    return list((await session.scalars(stmt)).all())


async def posts_of(session: AsyncSession, region_code: str) -> list[Post]:
    stmt = select(Post).where(Post.region_code == region_code).order_by(Post.rank, Post.title)
    return list((await session.scalars(stmt)).all())


async def projects_by_code(session: AsyncSession, region_code: str, codes: Iterable[str]) -> dict[str, Project]:
    codes = list(set(codes))
    if not codes:
        return {}
    stmt = select(Project).where(Project.region_code == region_code, Project.code.in_(codes))
    return {p.code: p for p in (await session.scalars(stmt)).all()}


async def projects_by_national_code(session: AsyncSession, national_codes: Iterable[str]) -> dict[str, Project]:
    """Every region: the national 项目代码 is unique across the platform."""
    national_codes = list(set(national_codes))
    if not national_codes:
        return {}
    stmt = select(Project).where(Project.national_code.in_(national_codes))
    return {p.national_code: p for p in (await session.scalars(stmt)).all() if p.national_code}


async def year_plans(session: AsyncSession, project_ids: Iterable[uuid.UUID], year: int) -> dict[uuid.UUID, YearPlan]:
    ids = list(set(project_ids))
    if not ids:
        return {}
    stmt = select(YearPlan).where(YearPlan.project_id.in_(ids), YearPlan.year == year)
    return {p.project_id: p for p in (await session.scalars(stmt)).all()}


async def co_units(session: AsyncSession, project_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    ids = list(set(project_ids))
    out: dict[uuid.UUID, set[uuid.UUID]] = {i: set() for i in ids}
    if ids:
        stmt = select(ProjectCoUnit.project_id, ProjectCoUnit.unit_id).where(ProjectCoUnit.project_id.in_(ids))
        for pid, uid in (await session.execute(stmt)).all():
            out[pid].add(uid)
    return out


def imports_query(region_code: str, year: int) -> Select:
    return select(ListImport).where(ListImport.region_code == region_code, ListImport.year == year)


async def get_import(session: AsyncSession, import_id: uuid.UUID) -> ListImport | None:
    return await session.get(ListImport, import_id)


async def names(session: AsyncSession, model: type, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """id → name of units or systems, in one query."""
    wanted = list({i for i in ids if i})
    if not wanted:
        return {}
    return dict((await session.execute(select(model.id, model.name).where(model.id.in_(wanted)))).all())


async def export_projects(session: AsyncSession, stmt: Select, *, limit: int) -> list[Project]:
    """The projects of ``stmt`` in the list's order (code, then id), at most ``limit``."""
    return list((await session.scalars(stmt.order_by(Project.code, Project.id).limit(limit))).all())
