"""Queries of minutes and decided items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.meetings.minutes.enums import DecidedItemStatus, MinutesStatus
from tuijin.meetings.minutes.models import DecidedItem, FollowUp, MinuteAddendum, MinuteOutcome, Minutes

DONE = (DecidedItemStatus.done.value, DecidedItemStatus.verified.value)


def overdue_clause(on: date) -> ColumnElement[bool]:
    """Open and past the due date (``on`` is a business date)."""
    return and_(DecidedItem.status == DecidedItemStatus.open.value, DecidedItem.due_date < on)


async def of_meeting(session: AsyncSession, meeting_id: uuid.UUID) -> Minutes | None:
    return await session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))


async def outcomes(session: AsyncSession, minutes_id: uuid.UUID) -> list[MinuteOutcome]:
    stmt = select(MinuteOutcome).where(MinuteOutcome.minutes_id == minutes_id).order_by(
        MinuteOutcome.position, MinuteOutcome.id)
    return list((await session.scalars(stmt)).all())


async def addenda(session: AsyncSession, minutes_id: uuid.UUID) -> list[MinuteAddendum]:
    stmt = select(MinuteAddendum).where(MinuteAddendum.minutes_id == minutes_id).order_by(MinuteAddendum.seq)
    return list((await session.scalars(stmt)).all())


async def decided_of_minutes(session: AsyncSession, minutes_id: uuid.UUID) -> list[DecidedItem]:
    stmt = select(DecidedItem).where(DecidedItem.minutes_id == minutes_id).order_by(DecidedItem.seq)
    return list((await session.scalars(stmt)).all())


async def mark_published(session: AsyncSession, minutes_id: uuid.UUID, values: dict) -> bool:
    """Draft → published in one conditional statement: of two concurrent publications only one wins."""
    result = await session.execute(
        update(Minutes)
        .where(Minutes.id == minutes_id, Minutes.status == MinutesStatus.draft.value)
        .values(status=MinutesStatus.published.value, version=Minutes.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def set_event_id(session: AsyncSession, minutes_id: uuid.UUID, event_id: uuid.UUID) -> None:
    """The id of the ``minutes.published`` event the publication emitted (the version does not move)."""
    await session.execute(update(Minutes).where(Minutes.id == minutes_id).values(event_id=event_id)
                          .execution_options(synchronize_session=False))


async def delete_outcomes(session: AsyncSession, minutes_id: uuid.UUID) -> None:
    """The draft's outcomes, before the draft is replaced as a whole."""
    await session.execute(delete(MinuteOutcome).where(MinuteOutcome.minutes_id == minutes_id))


async def follow_ups(session: AsyncSession, item_id: uuid.UUID) -> list[FollowUp]:
    stmt = select(FollowUp).where(FollowUp.decided_item_id == item_id).order_by(FollowUp.at, FollowUp.id)
    return list((await session.scalars(stmt)).all())


@dataclass
class DecidedFilters:
    region_code: str | None = None
    owner_unit_id: uuid.UUID | None = None
    status: str | None = None
    overdue: bool | None = None
    meeting_id: uuid.UUID | None = None
    due_from: date | None = None
    due_to: date | None = None
    project_id: uuid.UUID | None = None


def decided_list_query(f: DecidedFilters, visibility: ColumnElement | None, on: date) -> Select:
    stmt = select(DecidedItem)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if f.region_code:
        stmt = stmt.where(DecidedItem.region_code == f.region_code)
    if f.owner_unit_id:
        stmt = stmt.where(DecidedItem.owner_unit_id == f.owner_unit_id)
    if f.status:
        stmt = stmt.where(DecidedItem.status == f.status)
    if f.overdue is True:
        stmt = stmt.where(overdue_clause(on))
    elif f.overdue is False:
        stmt = stmt.where(~overdue_clause(on))
    if f.meeting_id:
        stmt = stmt.where(DecidedItem.meeting_id == f.meeting_id)
    if f.due_from:
        stmt = stmt.where(DecidedItem.due_date >= f.due_from)
    if f.due_to:
        stmt = stmt.where(DecidedItem.due_date <= f.due_to)
    if f.project_id:
        stmt = stmt.where(DecidedItem.project_id == f.project_id)
    return stmt


async def decided_item(
    session: AsyncSession, item_id: uuid.UUID, visibility: ColumnElement | None
) -> DecidedItem | None:
    """The decided item if the caller may see it (``visibility``: the WHERE clause of what they see)."""
    stmt = select(DecidedItem).where(DecidedItem.id == item_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


async def decided_for_export(session: AsyncSession, f: DecidedFilters, visibility: ColumnElement | None, on: date,
                             limit: int) -> list[DecidedItem]:
    """The decided items of a list by due date, at most ``limit`` of them."""
    stmt = decided_list_query(f, visibility, on).order_by(DecidedItem.due_date, DecidedItem.id).limit(limit)
    return list((await session.scalars(stmt)).all())


async def to_announce(session: AsyncSession, on: date) -> list[DecidedItem]:
    """Overdue items not announced yet (once per item)."""
    stmt = select(DecidedItem).where(overdue_clause(on), DecidedItem.overdue_announced_at.is_(None)).order_by(
        DecidedItem.due_date, DecidedItem.id)
    return list((await session.scalars(stmt)).all())


async def unit_stats(session: AsyncSession, region_code: str, date_from: date, date_to: date, on: date,
                     *, by: str = "unit") -> list[dict]:
    """Per owner unit (``by="unit"``) or per project (``by="project"``, items naming one) over the items due in
    the period: due, done on time, done late, overdue — in SQL."""
    done = DecidedItem.status.in_(DONE)
    on_time = and_(done, DecidedItem.done_on <= DecidedItem.due_date)
    late = and_(done, DecidedItem.done_on > DecidedItem.due_date)
    open_overdue = overdue_clause(on)
    key = DecidedItem.owner_unit_id if by == "unit" else DecidedItem.project_id

    def total(clause: ColumnElement[bool]) -> object:
        return func.coalesce(func.sum(case((clause, 1), else_=0)), 0)

    stmt = (
        select(
            key.label(f"{by}_id"),
            func.count().label("due"),
            total(on_time).label("done_on_time"),
            total(late).label("done_late"),
            total(or_(late, open_overdue)).label("overdue"),
            total(open_overdue).label("open_overdue"),
        )
        .where(DecidedItem.region_code == region_code, DecidedItem.due_date.between(date_from, date_to),
               key.is_not(None))
        .group_by(key)
        .order_by(key)
    )
    return [dict(r._mapping) for r in (await session.execute(stmt)).all()]
