"""Queries of scheduling."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select, tuple_, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tuijin.meetings.agendas.models import AgendaItem
from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.scheduling.enums import MeetingStatus
from tuijin.meetings.scheduling.models import Invitation, Meeting, MeetingChange, MeetingSeries


async def existing_occurrences(session: AsyncSession, series_id: uuid.UUID, days: list[date]) -> set[date]:
    """Which of the rule's dates already have their meeting (whatever became of it)."""
    if not days:
        return set()
    stmt = select(Meeting.occurrence_date).where(Meeting.series_id == series_id, Meeting.occurrence_date.in_(days))
    return set((await session.scalars(stmt)).all())


async def active_series(session: AsyncSession) -> list[MeetingSeries]:
    stmt = select(MeetingSeries).where(MeetingSeries.is_active.is_(True)).order_by(MeetingSeries.id)
    return list((await session.scalars(stmt)).all())


async def active_system_series(session: AsyncSession, region_code: str) -> list[MeetingSeries]:
    stmt = select(MeetingSeries).where(
        MeetingSeries.region_code == region_code,
        MeetingSeries.meeting_type == "system_meeting",
        MeetingSeries.is_active.is_(True),
    )
    return list((await session.scalars(stmt)).all())


async def active_template_series(
    session: AsyncSession, region_code: str, template_code: str, convener_unit_id: uuid.UUID | None = None
) -> list[MeetingSeries]:
    """The region's active series from the template (convened by ``convener_unit_id`` when given)."""
    stmt = select(MeetingSeries).where(
        MeetingSeries.region_code == region_code,
        MeetingSeries.template_code == template_code,
        MeetingSeries.is_active.is_(True),
    )
    if convener_unit_id is not None:
        stmt = stmt.where(MeetingSeries.convener_unit_id == convener_unit_id)
    return list((await session.scalars(stmt)).all())


def series_list_query(
    region_code: str | None, meeting_type: str | None, system_id: uuid.UUID | None, region: ColumnElement | None
) -> Select:
    stmt = select(MeetingSeries)
    if region is not None:
        stmt = stmt.where(region)
    if region_code:
        stmt = stmt.where(MeetingSeries.region_code == region_code)
    if meeting_type:
        stmt = stmt.where(MeetingSeries.meeting_type == meeting_type)
    if system_id:
        stmt = stmt.where(MeetingSeries.system_id == system_id)
    return stmt


@dataclass
class MeetingFilters:
    region_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    meeting_type: str | None = None
    system_id: uuid.UUID | None = None
    status: str | None = None
    unit_id: uuid.UUID | None = None
    series_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


def chaired_or_expected(person_id: uuid.UUID) -> ColumnElement[bool]:
    """Meetings the person chairs (主持) or is expected at for an invited unit (参会)."""
    expected = select(Invitation.meeting_id).where(Invitation.expected_person_id == person_id)
    return or_(Meeting.chair_person_id == person_id, Meeting.id.in_(expected))


def convened_or_invited(unit_id: uuid.UUID) -> ColumnElement[bool]:
    """Meetings the unit convenes or is invited to (what a unit user sees)."""
    invited = exists(select(Invitation.id).where(Invitation.meeting_id == Meeting.id, Invitation.unit_id == unit_id))
    return or_(Meeting.convener_unit_id == unit_id, invited)


def discussed_project(project_id: uuid.UUID) -> ColumnElement[bool]:
    """Meetings that took up a project: on the agenda, or with a decided item about it."""
    on_agenda = select(AgendaItem.meeting_id).where(AgendaItem.project_id == project_id)
    decided = select(DecidedItem.meeting_id).where(DecidedItem.project_id == project_id)
    return Meeting.id.in_(union(on_agenda, decided))


def meeting_list_query(filters: MeetingFilters, visibility: ColumnElement | None) -> Select:
    """Meetings the caller may see; ``unit_id``: the unit convenes or is invited ("my meetings")."""
    f = filters
    stmt = select(Meeting)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if f.region_code:
        stmt = stmt.where(Meeting.region_code == f.region_code)
    if f.date_from:
        stmt = stmt.where(Meeting.meeting_date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Meeting.meeting_date <= f.date_to)
    if f.meeting_type:
        stmt = stmt.where(Meeting.meeting_type == f.meeting_type)
    if f.system_id:
        stmt = stmt.where(Meeting.system_id == f.system_id)
    if f.status:
        stmt = stmt.where(Meeting.status == f.status)
    if f.series_id:
        stmt = stmt.where(Meeting.series_id == f.series_id)
    if f.unit_id:
        invited = select(Invitation.meeting_id).where(Invitation.unit_id == f.unit_id)
        stmt = stmt.where(or_(Meeting.convener_unit_id == f.unit_id, Meeting.id.in_(invited)))
    if f.project_id:
        stmt = stmt.where(discussed_project(f.project_id))
    if f.person_id:
        stmt = stmt.where(chaired_or_expected(f.person_id))
    return stmt


async def invitations(session: AsyncSession, meeting_id: uuid.UUID) -> list[Invitation]:
    stmt = select(Invitation).where(Invitation.meeting_id == meeting_id).order_by(Invitation.kind, Invitation.id)
    return list((await session.scalars(stmt)).all())


async def invitation(session: AsyncSession, meeting_id: uuid.UUID, unit_id: uuid.UUID) -> Invitation | None:
    return await session.scalar(
        select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.unit_id == unit_id)
    )


async def changes(session: AsyncSession, meeting_id: uuid.UUID) -> list[MeetingChange]:
    stmt = select(MeetingChange).where(MeetingChange.meeting_id == meeting_id).order_by(
        MeetingChange.changed_at, MeetingChange.id
    )
    return list((await session.scalars(stmt)).all())


def _live(m: type[Meeting] | object, region_code: str, date_from: date, date_to: date) -> list[ColumnElement]:
    return [
        m.region_code == region_code,  # type: ignore[attr-defined]
        m.status != MeetingStatus.cancelled.value,  # type: ignore[attr-defined]
        m.meeting_date.between(date_from, date_to),  # type: ignore[attr-defined]
    ]


def _before(a: object, b: object) -> ColumnElement[bool]:
    """Each pair once, the earlier meeting first."""
    return tuple_(a.starts_at, a.id) < tuple_(b.starts_at, b.id)  # type: ignore[attr-defined]


async def chair_clashes(
    session: AsyncSession, region_code: str, date_from: date, date_to: date, meeting_id: uuid.UUID | None
) -> list[tuple[Meeting, Meeting]]:
    """Pairs of overlapping meetings with the same chair (by person id, else by name)."""
    a, b = aliased(Meeting), aliased(Meeting)
    same_chair = or_(
        a.chair_person_id == b.chair_person_id,
        and_(a.chair_person_id.is_(None), b.chair_person_id.is_(None), a.chair_name != "",
             a.chair_name == b.chair_name),
    )
    stmt = (
        select(a, b)
        .join(b, and_(_before(a, b), a.starts_at < b.ends_at, b.starts_at < a.ends_at, same_chair))
        .where(*_live(a, region_code, date_from, date_to), *_live(b, region_code, date_from, date_to))
        .order_by(a.starts_at, a.id, b.id)
    )
    if meeting_id is not None:
        stmt = stmt.where(or_(a.id == meeting_id, b.id == meeting_id))
    return [(r[0], r[1]) for r in (await session.execute(stmt)).all()]


async def unit_clashes(
    session: AsyncSession, region_code: str, date_from: date, date_to: date, meeting_id: uuid.UUID | None
) -> list[tuple[uuid.UUID, Meeting, Meeting]]:
    """(unit, first, second) for overlapping meetings the same unit convenes or is invited to."""
    participants = union(
        select(Invitation.meeting_id.label("meeting_id"), Invitation.unit_id.label("unit_id")),
        select(Meeting.id.label("meeting_id"), Meeting.convener_unit_id.label("unit_id")),
    ).subquery("participants")
    pa, pb = participants.alias("pa"), participants.alias("pb")
    a, b = aliased(Meeting), aliased(Meeting)
    stmt = (
        select(pa.c.unit_id, a, b)
        .select_from(pa)
        .join(pb, and_(pa.c.unit_id == pb.c.unit_id, pa.c.meeting_id != pb.c.meeting_id))
        .join(a, a.id == pa.c.meeting_id)
        .join(b, and_(b.id == pb.c.meeting_id, _before(a, b)))
        .where(a.starts_at < b.ends_at, b.starts_at < a.ends_at,
               *_live(a, region_code, date_from, date_to), *_live(b, region_code, date_from, date_to))
        .order_by(a.starts_at, a.id, b.id, pa.c.unit_id)
    )
    if meeting_id is not None:
        stmt = stmt.where(or_(a.id == meeting_id, b.id == meeting_id))
    return [(r[0], r[1], r[2]) for r in (await session.execute(stmt)).all()]


async def meeting(session: AsyncSession, meeting_id: uuid.UUID, visibility: ColumnElement | None) -> Meeting | None:
    """The meeting if the caller may see it (``visibility``: the WHERE clause of what they see; None: all)."""
    stmt = select(Meeting).where(Meeting.id == meeting_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


async def series(session: AsyncSession, series_id: uuid.UUID) -> MeetingSeries | None:
    return await session.get(MeetingSeries, series_id)


async def meetings_for_export(session: AsyncSession, filters: MeetingFilters,
                              visibility: ColumnElement | None) -> list[Meeting]:
    """The meetings of a list, all of them in date order (the period of an export is at most two years)."""
    stmt = meeting_list_query(filters, visibility).order_by(Meeting.starts_at, Meeting.id)
    return list((await session.scalars(stmt)).all())


async def invitation_count(session: AsyncSession, meeting_id: uuid.UUID) -> int:
    return await session.scalar(select(func.count()).select_from(Invitation).where(Invitation.meeting_id == meeting_id))
