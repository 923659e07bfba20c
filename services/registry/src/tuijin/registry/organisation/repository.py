"""Queries of the organisation (the service holds the rules; every query lives here)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.auth import Principal, region_clause
from tuijin.registry.organisation.models import Person, Post, PostHolding, Region, System, Unit


def region_filter(principal: Principal, column: Any, region_code: str | None) -> list[ColumnElement]:
    """WHERE clauses: the regions the caller sees, and the one region asked for (if any)."""
    clauses = []
    scope = region_clause(principal, column)
    if scope is not None:
        clauses.append(scope)
    if region_code:
        clauses.append(column == region_code)
    return clauses


async def get_region(session: AsyncSession, code: str) -> Region | None:
    return await session.get(Region, code)


async def get_unit(session: AsyncSession, unit_id: uuid.UUID) -> Unit | None:
    return await session.get(Unit, unit_id)


async def get_post(session: AsyncSession, post_id: uuid.UUID) -> Post | None:
    return await session.get(Post, post_id)


async def get_record(session: AsyncSession, model: type, id_: uuid.UUID) -> Any:
    """A unit, person, post or system by id (or None)."""
    return await session.get(model, id_)


def regions_query(principal: Principal) -> Select:
    return select(Region).where(*region_filter(principal, Region.code, None))


async def unit_name_taken(session: AsyncSession, region_code: str, name: str) -> bool:
    return bool(await session.scalar(select(Unit.id).where(Unit.region_code == region_code, Unit.name == name)))


def units_query(principal: Principal, region_code: str | None, kind: str | None) -> Select:
    stmt = select(Unit).where(*region_filter(principal, Unit.region_code, region_code))
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    return stmt


def people_query(principal: Principal, region_code: str | None, unit_id: uuid.UUID | None) -> Select:
    stmt = select(Person).where(*region_filter(principal, Person.region_code, region_code))
    if unit_id:
        stmt = stmt.where(Person.unit_id == unit_id)
    return stmt


async def post_title_taken(session: AsyncSession, region_code: str, title: str) -> bool:
    return bool(await session.scalar(select(Post.id).where(Post.region_code == region_code, Post.title == title)))


def posts_query(principal: Principal, region_code: str | None) -> Select:
    return select(Post).where(*region_filter(principal, Post.region_code, region_code))


async def system_name_taken(session: AsyncSession, region_code: str, name: str) -> bool:
    return bool(
        await session.scalar(select(System.id).where(System.region_code == region_code, System.name == name))
    )


async def systems(session: AsyncSession, principal: Principal, region_code: str | None) -> list[System]:
    stmt = (
        select(System)
        .where(*region_filter(principal, System.region_code, region_code))
        .order_by(System.region_code, System.sort_order, System.name)
    )
    return list((await session.scalars(stmt)).all())


async def holders_on(session: AsyncSession, post_ids: list[uuid.UUID], on: date) -> dict[uuid.UUID, tuple]:
    """post id → (PostHolding, person name) of the holder on ``on``, for many posts in one query."""
    if not post_ids:
        return {}
    rows = (
        await session.execute(
            select(PostHolding, Person.name)
            .join(Person, Person.id == PostHolding.person_id)
            .where(
                PostHolding.post_id.in_(post_ids),
                PostHolding.start_date <= on,
                or_(PostHolding.end_date.is_(None), PostHolding.end_date >= on),
            )
        )
    ).all()
    return {h.post_id: (h, name) for h, name in rows}


async def open_holding(session: AsyncSession, post_id: uuid.UUID) -> PostHolding | None:
    return await session.scalar(
        select(PostHolding).where(PostHolding.post_id == post_id, PostHolding.end_date.is_(None))
    )


async def holdings_of(session: AsyncSession, post_id: uuid.UUID) -> list[tuple[PostHolding, str]]:
    rows = (
        await session.execute(
            select(PostHolding, Person.name)
            .join(Person, Person.id == PostHolding.person_id)
            .where(PostHolding.post_id == post_id)
            .order_by(PostHolding.start_date)
        )
    ).all()
    return [(h, n) for h, n in rows]
