"""Queries of agendas and submissions."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.meetings.agendas.enums import AgendaSource
from tuijin.meetings.agendas.models import AgendaItem, Submission
from tuijin.meetings.scheduling.models import Meeting


async def items(session: AsyncSession, meeting_id: uuid.UUID) -> list[AgendaItem]:
    """The agenda in its order."""
    stmt = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(
        AgendaItem.position, AgendaItem.created_at, AgendaItem.id
    )
    return list((await session.scalars(stmt)).all())


async def item(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItem | None:
    return await session.scalar(select(AgendaItem).where(AgendaItem.id == item_id, AgendaItem.meeting_id == meeting_id))


async def problem_item(session: AsyncSession, meeting_id: uuid.UUID, problem_id: uuid.UUID) -> AgendaItem | None:
    """The meeting's item about the problem (one at most)."""
    return await session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.problem_id == problem_id))


async def item_count(session: AsyncSession, meeting_id: uuid.UUID) -> int:
    return await session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting_id))


async def submission(session: AsyncSession, meeting_id: uuid.UUID, submission_id: uuid.UUID) -> Submission | None:
    return await session.scalar(
        select(Submission).where(Submission.id == submission_id, Submission.meeting_id == meeting_id))


def submissions_query(meeting_id: uuid.UUID, unit_id: uuid.UUID | None) -> Select:
    stmt = select(Submission).where(Submission.meeting_id == meeting_id)
    if unit_id is not None:
        stmt = stmt.where(Submission.unit_id == unit_id)
    return stmt


async def next_open_meeting(
    session: AsyncSession, region_code: str, meeting_type: str, system_id: uuid.UUID | None, on: date,
    statuses: tuple[str, ...],
) -> Meeting | None:
    """The region's first meeting of ``meeting_type`` (of ``system_id`` when given) on or after ``on`` whose
    status is one of ``statuses`` (its agenda still open)."""
    stmt = select(Meeting).where(
        Meeting.region_code == region_code, Meeting.meeting_type == meeting_type, Meeting.meeting_date >= on,
        Meeting.status.in_(statuses),
    ).order_by(Meeting.starts_at, Meeting.id).limit(1)
    if system_id is not None:
        stmt = stmt.where(Meeting.system_id == system_id)
    return await session.scalar(stmt)


async def problem_on_agendas(
    session: AsyncSession, problem_id: uuid.UUID, statuses: tuple[str, ...]
) -> list[tuple[AgendaItem, Meeting]]:
    """The ladder's items (source ``problem``) about the problem on meetings whose status is one of
    ``statuses``, with their meeting."""
    stmt = (
        select(AgendaItem, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.problem_id == problem_id, AgendaItem.source == AgendaSource.problem.value,
               Meeting.status.in_(statuses))
        .order_by(Meeting.starts_at, AgendaItem.id)
    )
    return [(item, meeting) for item, meeting in (await session.execute(stmt)).all()]
