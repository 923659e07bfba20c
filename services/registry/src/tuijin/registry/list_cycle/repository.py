"""Queries of the yearly list cycle."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.list_cycle.models import ListCycle, ListCycleStep

# the cap of the overdue list: a region runs one cycle a year with six steps
OVERDUE_CAP = 200


async def cycle(session: AsyncSession, cycle_id: uuid.UUID) -> ListCycle | None:
    return await session.get(ListCycle, cycle_id)


async def cycle_of(session: AsyncSession, region_code: str, target_year: int) -> ListCycle | None:
    return await session.scalar(
        select(ListCycle).where(ListCycle.region_code == region_code, ListCycle.target_year == target_year)
    )


# the cap of a region's cycles listed at once: one a year
CYCLES_CAP = 100


async def cycles_of(session: AsyncSession, region_code: str, target_year: int | None) -> list[ListCycle]:
    """The region's cycles, latest year first (at most :data:`CYCLES_CAP`)."""
    stmt = select(ListCycle).where(ListCycle.region_code == region_code)
    if target_year is not None:
        stmt = stmt.where(ListCycle.target_year == target_year)
    return list((await session.scalars(stmt.order_by(ListCycle.target_year.desc()).limit(CYCLES_CAP))).all())


async def steps(session: AsyncSession, cycle_ids: list[uuid.UUID]) -> list[ListCycleStep]:
    stmt = select(ListCycleStep).where(ListCycleStep.cycle_id.in_(cycle_ids)).order_by(
        ListCycleStep.cycle_id, ListCycleStep.seq)
    return list((await session.scalars(stmt)).all())


async def pending_steps(session: AsyncSession, region_code: str) -> list[tuple[ListCycleStep, ListCycle]]:
    """The region's pending steps with their cycles, earliest due first (at most :data:`OVERDUE_CAP`)."""
    stmt = (
        select(ListCycleStep, ListCycle)
        .join(ListCycle, ListCycle.id == ListCycleStep.cycle_id)
        .where(ListCycleStep.region_code == region_code, ListCycleStep.status == "pending")
        .order_by(ListCycleStep.due_date, ListCycle.target_year, ListCycleStep.seq)
        .limit(OVERDUE_CAP)
    )
    return [(s, c) for s, c in (await session.execute(stmt)).all()]
