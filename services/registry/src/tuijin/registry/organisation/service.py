"""Rules of the organisation: regions, units, people, posts with who holds them, systems (体系).
Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.scope import visible
from tuijin.registry.events import emit
from tuijin.registry.organisation import repository as repo
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.organisation.errors import (
    AlreadyHolder,
    InvalidReference,
    PostNotFound,
    PostTitleTaken,
    RegionExists,
    RegionNotFound,
    StartBeforeCurrent,
    SystemNameTaken,
    UnitNameTaken,
    UnitNotFound,
)
from tuijin.registry.organisation.models import Person, Post, PostHolding, Region, System, Unit
from tuijin.registry.organisation.schemas import (
    HolderOut,
    PersonIn,
    PostIn,
    PostOut,
    RegionIn,
    SystemIn,
    UnitIn,
    UnitPatch,
)


async def get_region(session: AsyncSession, code: str) -> Region:
    region = await repo.get_region(session, code)
    if region is None:
        raise RegionNotFound(f"No region {code}.")
    return region


async def require_in_region(
    session: AsyncSession, model: type, id_: uuid.UUID | None, field: str, region_code: str
) -> Any:
    """A referenced record that exists in the same region (or None when ``id_`` is None)."""
    if id_ is None:
        return None
    row = await repo.get_record(session, model, id_)
    # a record of another region is answered as a missing one: the id tells nothing about it
    if row is None or getattr(row, "region_code", region_code) != region_code:
        raise InvalidReference(field, f"No {model.__name__.lower()} with id {id_} in this region.")
    return row


async def create_region(session: AsyncSession, body: RegionIn) -> Region:
    if await repo.get_region(session, body.code):
        raise RegionExists(f"Region {body.code} exists.")
    if body.parent_code and not await repo.get_region(session, body.parent_code):
        raise InvalidReference(
            "body.parent_code", "The parent region is not registered.", message="unknown region"
        )
    region = Region(code=body.code, name=body.name, level=body.level.value, parent_code=body.parent_code)
    session.add(region)
    return region


async def visible_unit(session: AsyncSession, unit_id: uuid.UUID, principal: Principal) -> Unit:
    """The unit, if it exists in a region the caller sees (else 404, never a hint)."""
    unit = await repo.get_unit(session, unit_id)
    if unit is None or not visible(principal, unit.region_code):
        raise UnitNotFound("No such unit.")
    return unit


async def create_unit(session: AsyncSession, body: UnitIn) -> Unit:
    await get_region(session, body.region_code)
    if await repo.unit_name_taken(session, body.region_code, body.name):
        raise UnitNameTaken(f"A unit named {body.name} exists in this region.")
    unit = Unit(region_code=body.region_code, name=body.name, short_name=body.short_name, kind=body.kind.value)
    session.add(unit)
    await session.flush()
    return unit


async def patch_unit(session: AsyncSession, unit: Unit, body: UnitPatch) -> Unit:
    for k, v in body.model_dump(exclude_unset=True).items():
        setattr(unit, k, v.value if isinstance(v, UnitKind) else v)
    await session.flush()
    return unit


async def create_person(session: AsyncSession, body: PersonIn, principal: Principal) -> Person:
    await get_region(session, body.region_code)
    if body.unit_id:
        await visible_unit(session, body.unit_id, principal)
    person = Person(**body.model_dump())
    session.add(person)
    await session.flush()
    return person


async def visible_post(session: AsyncSession, post_id: uuid.UUID, principal: Principal) -> Post:
    """The post, if it exists in a region the caller sees (else 404, never a hint)."""
    post = await repo.get_post(session, post_id)
    if post is None or not visible(principal, post.region_code):
        raise PostNotFound("No such post.")
    return post


async def create_post(session: AsyncSession, body: PostIn, principal: Principal) -> Post:
    await get_region(session, body.region_code)
    if body.unit_id:  # a unit that does not exist is a 404, not a foreign-key failure at the flush
        await visible_unit(session, body.unit_id, principal)
    if await repo.post_title_taken(session, body.region_code, body.title):
        raise PostTitleTaken(f"A post titled {body.title} exists.")
    post = Post(**body.model_dump())
    session.add(post)
    await session.flush()
    return post


def holder_out(holding: PostHolding, person_name: str) -> HolderOut:
    return HolderOut(person_id=holding.person_id, person_name=person_name, start_date=holding.start_date,
                     end_date=holding.end_date)


async def posts_out(session: AsyncSession, posts: list[Post]) -> list[PostOut]:
    """Posts with today's holder, in one query for the holders."""
    holders = await repo.holders_on(session, [p.id for p in posts], today())
    out = []
    for post in posts:
        h = holders.get(post.id)
        out.append(PostOut.model_validate(post).model_copy(update={"holder": holder_out(*h) if h else None}))
    return out


async def holdings(session: AsyncSession, post: Post) -> list[HolderOut]:
    return [holder_out(h, n) for h, n in await repo.holdings_of(session, post.id)]


def holding_etag(holder: HolderOut | None) -> str:
    """The ETag of a post's holder: who holds it since when ("none" while vacant); a change of holder moves it."""
    return f"{holder.person_id}:{holder.start_date.isoformat()}" if holder else "none"


async def change_post_holder(
    session: AsyncSession, post: Post, person_id: uuid.UUID, start: date, principal: Principal
) -> PostHolding:
    """A new holder takes the post (接任者自行替补): the open holding ends the day before ``start``,
    and every project of the post now has the new leader without an edit."""
    await require_in_region(session, Person, person_id, "body.person_id", post.region_code)
    current = await repo.open_holding(session, post.id)
    if current is not None:
        if current.person_id == person_id:
            raise AlreadyHolder("That person already holds the post.")
        if start <= current.start_date:
            raise StartBeforeCurrent("body.start_date", "The new holding must start after the current one began.")
        current.end_date = start - timedelta(days=1)
    holding = PostHolding(
        post_id=post.id, person_id=person_id, start_date=start, recorded_by=principal.sub, recorded_at=utcnow()
    )
    session.add(holding)
    await session.flush()
    await emit(
        session,
        "post.holder_changed",
        {"post_id": str(post.id), "person_id": str(person_id), "start_date": start.isoformat()},
        post.region_code,
    )
    return holding


async def create_system(session: AsyncSession, body: SystemIn, principal: Principal) -> System:
    await get_region(session, body.region_code)
    if body.convening_unit_id:
        await visible_unit(session, body.convening_unit_id, principal)
    if await repo.system_name_taken(session, body.region_code, body.name):
        raise SystemNameTaken(f"A system named {body.name} exists.")
    system = System(**body.model_dump())
    session.add(system)
    await session.flush()
    return system
