"""Queries of the land demand list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, null, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from tuijin.kernel.db import Money
from tuijin.kernel.numbers import money_sum
from tuijin.registry.land_demands.models import LandDemand
from tuijin.registry.models import Project, Unit

Township = aliased(Unit)


@dataclass
class Filters:
    region_code: str | None = None
    year: int | None = None
    project_id: uuid.UUID | None = None


def list_query(filters: Filters, visibility: ColumnElement | None) -> Select:
    """The demands the caller may see (through their projects), with project, unit and township names."""
    stmt = (
        select(LandDemand, Project.code, Project.name, Unit.name.label("unit_name"),
               Township.name.label("township_name"), LandDemand.year, LandDemand.id)
        .join(Project, Project.id == LandDemand.project_id)
        .join(Unit, Unit.id == Project.responsible_unit_id)
        .outerjoin(Township, Township.id == Project.township_unit_id)
    )
    if visibility is not None:
        stmt = stmt.where(visibility)
    if filters.region_code:
        stmt = stmt.where(LandDemand.region_code == filters.region_code)
    if filters.year is not None:
        stmt = stmt.where(LandDemand.year == filters.year)
    if filters.project_id is not None:
        stmt = stmt.where(LandDemand.project_id == filters.project_id)
    return stmt


async def one(session: AsyncSession, demand_id: uuid.UUID, visibility: ColumnElement | None) -> Any:
    return (await session.execute(list_query(Filters(), visibility).where(LandDemand.id == demand_id))).first()


async def all_of(session: AsyncSession, region_code: str, year: int, visibility: ColumnElement | None) -> list[Any]:
    """Every demand of the region's year, by unit, project code and kind (an export reads the list whole)."""
    stmt = list_query(Filters(region_code=region_code, year=year), visibility).order_by(
        Unit.name, Project.code, LandDemand.land_kind)
    return list((await session.execute(stmt)).all())


async def exists(session: AsyncSession, project_id: uuid.UUID, year: int, land_kind: str) -> bool:
    stmt = select(LandDemand.id).where(LandDemand.project_id == project_id, LandDemand.year == year,
                                       LandDemand.land_kind == land_kind)
    return await session.scalar(stmt) is not None


async def grouped(session: AsyncSession, region_code: str, year: int, column: Any,
                  visibility: ColumnElement | None) -> list[Any]:
    """Per value of ``column`` (a unit id, or None for the total): projects, demands, area and area in the plan,
    summed by the database."""
    area = type_coerce(func.coalesce(money_sum(LandDemand.area_mu), 0), Money)
    in_plan = type_coerce(func.coalesce(money_sum(case((LandDemand.in_plan.is_(True), LandDemand.area_mu),
                                                      else_=0)), 0), Money)
    stmt = (
        select((column if column is not None else null()).label("key"),
               func.count(func.distinct(LandDemand.project_id)).label("projects"),
               func.count(LandDemand.id).label("demands"), area.label("area"), in_plan.label("in_plan"))
        .select_from(LandDemand)
        .join(Project, Project.id == LandDemand.project_id)
        .where(LandDemand.region_code == region_code, LandDemand.year == year)
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
