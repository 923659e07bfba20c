"""Queries of the policy routes."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.models import Policy


async def effective_row(session: AsyncSession, region_code: str, name: str, year: int) -> Policy | None:
    """The row in effect for ``year``: the year's own, else the all-years row (year 0)."""
    return await session.scalar(
        select(Policy)
        .where(Policy.region_code == region_code, Policy.name == name, or_(Policy.year == year, Policy.year == 0))
        .order_by(Policy.year.desc())
        .limit(1)
    )


async def rows_of_region(session: AsyncSession, region_code: str, year: int) -> dict[str, Policy]:
    """name → the row in effect for ``year``, for every policy of the region in one query."""
    rows = (
        await session.scalars(
            select(Policy)
            .where(Policy.region_code == region_code, or_(Policy.year == year, Policy.year == 0))
            .order_by(Policy.name, Policy.year)
        )
    ).all()
    return {row.name: row for row in rows}  # the year's own row comes last and wins


async def own_row(session: AsyncSession, region_code: str, name: str, year: int) -> Policy | None:
    return await session.scalar(
        select(Policy).where(Policy.region_code == region_code, Policy.name == name, Policy.year == year)
    )


async def delete_row(session: AsyncSession, region_code: str, name: str, year: int) -> int:
    result = await session.execute(
        delete(Policy).where(Policy.region_code == region_code, Policy.name == name, Policy.year == year)
    )
    return result.rowcount or 0
