"""Queries of agendas and submissions."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.meetings.agendas.models import AgendaItem, Submission


async def items(session: AsyncSession, meeting_id: uuid.UUID) -> list[AgendaItem]:
    """The agenda in its order."""
    stmt = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(
        AgendaItem.position, AgendaItem.created_at, AgendaItem.id
    )
    return list((await session.scalars(stmt)).all())


async def item(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItem | None:
    return await session.scalar(select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.meeting_id == meeting_id))


async def item_count(session: AsyncSession, meeting_id: uuid.UUID) -> int:
    return await session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting_id))


def submissions_query(meeting_id: uuid.UUID, unit_id: uuid.UUID | None) -> Select:
    stmt = select(Submission).where(Submission.meeting_id == meeting_id)
    if unit_id is not None:
        stmt = stmt.where(Submission.unit_id == unit_id)
    return stmt
