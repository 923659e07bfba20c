"""Queries of attendance and leave, the bulletin and the per-unit aggregates."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.meetings.attendance.enums import UNEXCUSED, AttendanceStatus, LeaveStatus
from tuijin.meetings.attendance.models import AttendanceRecord, LeaveRequest
from tuijin.meetings.scheduling.enums import MeetingStatus
from tuijin.meetings.scheduling.models import Invitation, Meeting

HELD = (MeetingStatus.held.value, MeetingStatus.minutes_published.value)


async def records(session: AsyncSession, meeting_id: uuid.UUID) -> dict[uuid.UUID, AttendanceRecord]:
    rows = await session.scalars(select(AttendanceRecord).where(AttendanceRecord.meeting_id == meeting_id))
    return {r.unit_id: r for r in rows.all()}


async def record_of(session: AsyncSession, meeting_id: uuid.UUID, unit_id: uuid.UUID) -> AttendanceRecord | None:
    return await session.scalar(select(AttendanceRecord).where(
        AttendanceRecord.meeting_id == meeting_id, AttendanceRecord.unit_id == unit_id))


async def leaves(session: AsyncSession, meeting_id: uuid.UUID, unit_id: uuid.UUID | None = None) -> list[LeaveRequest]:
    stmt = select(LeaveRequest).where(LeaveRequest.meeting_id == meeting_id)
    if unit_id is not None:
        stmt = stmt.where(LeaveRequest.unit_id == unit_id)
    return list((await session.scalars(stmt.order_by(LeaveRequest.requested_at, LeaveRequest.id))).all())


async def approved_leaves(session: AsyncSession, meeting_id: uuid.UUID) -> dict[uuid.UUID, LeaveRequest]:
    return {leave.unit_id: leave for leave in await leaves(session, meeting_id)
            if leave.status == LeaveStatus.approved.value}


def record_list_query(
    region_code: str | None, region: object | None, unit_id: uuid.UUID | None, date_from: date | None,
    date_to: date | None, statuses: tuple[str, ...] | None,
) -> Select:
    """Attendance records with their meeting's title and type (keyset on meeting_date, id)."""
    stmt = select(
        AttendanceRecord.id, AttendanceRecord.meeting_id, AttendanceRecord.meeting_date, AttendanceRecord.unit_id,
        AttendanceRecord.status, AttendanceRecord.expected_attendee, AttendanceRecord.attendee_name,
        AttendanceRecord.note, Meeting.title.label("meeting_title"), Meeting.meeting_type.label("meeting_type"),
    ).join(Meeting, Meeting.id == AttendanceRecord.meeting_id)
    if region is not None:
        stmt = stmt.where(region)
    if region_code:
        stmt = stmt.where(AttendanceRecord.region_code == region_code)
    if unit_id:
        stmt = stmt.where(AttendanceRecord.unit_id == unit_id)
    if date_from:
        stmt = stmt.where(AttendanceRecord.meeting_date >= date_from)
    if date_to:
        stmt = stmt.where(AttendanceRecord.meeting_date <= date_to)
    if statuses:
        stmt = stmt.where(AttendanceRecord.status.in_(statuses))
    return stmt


def bulletin_query(region_code: str, date_from: date, date_to: date) -> Select:
    """Unexcused absences and proxies (通报) of the region's meetings in the period."""
    return record_list_query(region_code, None, None, date_from, date_to, tuple(s.value for s in UNEXCUSED))


async def bulletin_rows(session: AsyncSession, region_code: str, date_from: date, date_to: date) -> list:
    """Every row of the bulletin of the period in date order (one region, at most two years)."""
    stmt = bulletin_query(region_code, date_from, date_to).order_by(AttendanceRecord.meeting_date, AttendanceRecord.id)
    return list((await session.execute(stmt)).all())


async def leave(session: AsyncSession, meeting_id: uuid.UUID, leave_id: uuid.UUID) -> LeaveRequest | None:
    return await session.scalar(
        select(LeaveRequest).where(LeaveRequest.id == leave_id, LeaveRequest.meeting_id == meeting_id))


async def unit_stats(session: AsyncSession, region_code: str, date_from: date, date_to: date) -> list[dict]:
    """Per invited unit over the region's held meetings in the period: expected, present, on leave, absent,
    proxy and not recorded, counted in the database."""

    def count(status: AttendanceStatus) -> object:
        return func.coalesce(func.sum(case((AttendanceRecord.status == status.value, 1), else_=0)), 0)

    stmt = (
        select(
            Invitation.unit_id,
            func.count().label("expected"),
            count(AttendanceStatus.present).label("present"),
            count(AttendanceStatus.on_leave).label("on_leave"),
            count(AttendanceStatus.absent).label("absent"),
            count(AttendanceStatus.proxy).label("proxy"),
            func.coalesce(func.sum(case((AttendanceRecord.id.is_(None), 1), else_=0)), 0).label("unrecorded"),
        )
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .outerjoin(AttendanceRecord, and_(AttendanceRecord.meeting_id == Invitation.meeting_id,
                                          AttendanceRecord.unit_id == Invitation.unit_id))
        .where(Meeting.region_code == region_code, Meeting.meeting_date.between(date_from, date_to),
               Meeting.status.in_(HELD))
        .group_by(Invitation.unit_id)
        .order_by(Invitation.unit_id)
    )
    return [dict(r._mapping) for r in (await session.execute(stmt)).all()]
