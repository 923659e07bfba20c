"""Queries of the financing needs list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, null, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from tuijin.kernel.db import Money
from tuijin.kernel.numbers import money_sum
from tuijin.registry.financing_needs.models import FinancingNeed
from tuijin.registry.models import Project, Unit

Township = aliased(Unit)


@dataclass
class Filters:
    region_code: str | None = None
    year: int | None = None
    project_id: uuid.UUID | None = None


def list_query(filters: Filters, visibility: ColumnElement | None) -> Select:
    """The needs the caller may see (through their projects), with project, unit and township names."""
    stmt = (
        select(FinancingNeed, Project.code, Project.name, Unit.name.label("unit_name"),
               Township.name.label("township_name"), FinancingNeed.year, FinancingNeed.id)
        .join(Project, Project.id == FinancingNeed.project_id)
        .join(Unit, Unit.id == Project.responsible_unit_id)
        .outerjoin(Township, Township.id == Project.township_unit_id)
    )
    if visibility is not None:
        stmt = stmt.where(visibility)
    if filters.region_code:
        stmt = stmt.where(FinancingNeed.region_code == filters.region_code)
    if filters.year is not None:
        stmt = stmt.where(FinancingNeed.year == filters.year)
    if filters.project_id is not None:
        stmt = stmt.where(FinancingNeed.project_id == filters.project_id)
    return stmt


async def one(session: AsyncSession, need_id: uuid.UUID, visibility: ColumnElement | None) -> Any:
    return (await session.execute(list_query(Filters(), visibility).where(FinancingNeed.id == need_id))).first()


async def all_of(session: AsyncSession, region_code: str, year: int, visibility: ColumnElement | None) -> list[Any]:
    """Every need of the region's year, by unit, project code and channel (an export reads the list whole)."""
    stmt = list_query(Filters(region_code=region_code, year=year), visibility).order_by(
        Unit.name, Project.code, FinancingNeed.channel)
    return list((await session.execute(stmt)).all())


async def exists(session: AsyncSession, project_id: uuid.UUID, year: int, channel: str) -> bool:
    stmt = select(FinancingNeed.id).where(FinancingNeed.project_id == project_id, FinancingNeed.year == year,
                                       FinancingNeed.channel == channel)
    return await session.scalar(stmt) is not None


async def grouped(session: AsyncSession, region_code: str, year: int, column: Any,
                  visibility: ColumnElement | None) -> list[Any]:
    """Per value of ``column`` (a unit id, or None for the total): projects, needs, amount and amount secured,
    summed by the database."""
    amount = type_coerce(func.coalesce(money_sum(FinancingNeed.amount), 0), Money)
    secured = type_coerce(func.coalesce(money_sum(case((FinancingNeed.status == "secured", FinancingNeed.amount),
                                                      else_=0)), 0), Money)
    stmt = (
        select((column if column is not None else null()).label("key"),
               func.count(func.distinct(FinancingNeed.project_id)).label("projects"),
               func.count(FinancingNeed.id).label("needs"), amount.label("amount"), secured.label("secured"))
        .select_from(FinancingNeed)
        .join(Project, Project.id == FinancingNeed.project_id)
        .where(FinancingNeed.region_code == region_code, FinancingNeed.year == year)
    )
    if visibility is not None:
        stmt = stmt.where(visibility)
    if column is not None:
        stmt = stmt.group_by(column)
    return list((await session.execute(stmt)).all())


async def unit_names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {r.id: r.name for r in (await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))).all()}
