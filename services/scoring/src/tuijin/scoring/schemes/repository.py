"""Queries of scoring schemes."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.scoring.schemes.models import Scheme, SchemeVersion


def list_query(region_code: str) -> Select:
    return select(Scheme).where(Scheme.region_code == region_code)


async def get(session: AsyncSession, scheme_id: uuid.UUID) -> Scheme | None:
    return await session.get(Scheme, scheme_id)


async def by_code(session: AsyncSession, region_code: str, code: str) -> Scheme | None:
    return await session.scalar(select(Scheme).where(Scheme.region_code == region_code, Scheme.code == code))


async def codes(session: AsyncSession, region_code: str) -> set[str]:
    return set((await session.scalars(select(Scheme.code).where(Scheme.region_code == region_code))).all())


async def version(session: AsyncSession, scheme_id: uuid.UUID, number: int) -> SchemeVersion | None:
    return await session.scalar(
        select(SchemeVersion).where(SchemeVersion.scheme_id == scheme_id, SchemeVersion.version == number))


async def versions_of(session: AsyncSession, scheme_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, int], SchemeVersion]:
    rows = await session.scalars(select(SchemeVersion).where(SchemeVersion.scheme_id.in_(scheme_ids)))
    return {(v.scheme_id, v.version): v for v in rows}


def versions_query(scheme_id: uuid.UUID) -> Select:
    return select(SchemeVersion).where(SchemeVersion.scheme_id == scheme_id)


async def add(session: AsyncSession, row: Scheme | SchemeVersion) -> None:
    session.add(row)
    await session.flush()
