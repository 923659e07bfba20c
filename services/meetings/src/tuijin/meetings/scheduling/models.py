"""Tables of scheduling: meeting series (RFC 5545 recurrence), meetings, their invited units and the
append-only record of each meeting's steps."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.kernel.outbox import ordered_uuid
from tuijin.meetings.models import Base


class MeetingSeries(TimestampMixin, Base):
    """A recurring meeting (例会): a recurrence rule the expansion job turns into meetings ahead of time."""

    __tablename__ = "meeting_series"
    __table_args__ = (Index("ix_meeting_series_region_code_meeting_type", "region_code", "meeting_type"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    meeting_type: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    system_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="体系 (registry id)")
    convener_unit_id: Mapped[uuid.UUID] = mapped_column(comment="召集单位 (registry id)")
    chair_person_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="主持人 (registry id)")
    chair_name: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    start_time: Mapped[time] = mapped_column(Time(), comment="Asia/Shanghai local time")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    rrule: Mapped[str] = mapped_column(String(500), comment="RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1MO")
    start_date: Mapped[date] = mapped_column(Date, comment="DTSTART of the rule")
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    non_working_day: Mapped[str] = mapped_column(String(24), default="next_working_day")
    horizon_days: Mapped[int] = mapped_column(Integer, default=56, comment="how far ahead meetings are created")
    submission_lead_days: Mapped[int | None] = mapped_column(
        Integer, default=None, comment="units submit this many days before the meeting (郸城: 7)"
    )
    fixed_unit_ids: Mapped[list[Any]] = mapped_column(JSON(), default=list, comment="固定参会单位")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    expanded_through: Mapped[date | None] = mapped_column(Date, default=None)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    template_code: Mapped[str | None] = mapped_column(
        String(40), default=None, comment="the region's series template it was created from (policy meeting_series)"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Meeting(TimestampMixin, Base):
    """One meeting: date and time, place, type, system, convener, chair and its lifecycle."""

    __tablename__ = "meetings"
    __table_args__ = (
        # the expansion job creates each occurrence of a series once
        UniqueConstraint("series_id", "occurrence_date"),
        Index("ix_meetings_region_code_meeting_date", "region_code", "meeting_date"),
        Index("ix_meetings_starts_at", "starts_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    series_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meeting_series.id"), default=None)
    occurrence_date: Mapped[date | None] = mapped_column(Date, default=None, comment="the rule's date")
    meeting_type: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    system_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    convener_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    chair_person_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    chair_name: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    meeting_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time())
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    shifted_from: Mapped[date | None] = mapped_column(
        Date, default=None, comment="the rule's date when it fell on a non-working day"
    )
    submission_due_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    agenda_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Invitation(Base):
    """A unit invited to a meeting, with the person expected to attend (the head: 不得替会)."""

    __tablename__ = "meeting_invitations"
    __table_args__ = (UniqueConstraint("meeting_id", "unit_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(12), default="notice")
    expected_attendee: Mapped[str] = mapped_column(String(50), default="", comment="the head, by name")
    expected_person_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # the unit's reply to the notice (参会回执): who will attend, confirmed by whom and when
    confirmed_attendee: Mapped[str] = mapped_column(String(50), default="", comment="who the unit says will attend")
    confirmed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class MeetingChange(Base):
    """Append-only record of a meeting's steps: who, when, what and why."""

    __tablename__ = "meeting_changes"

    # ordered ids: steps taken at the same instant (a frozen clock) keep their order
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(20), default=None)
    to_status: Mapped[str] = mapped_column(String(20))
    from_date: Mapped[date | None] = mapped_column(Date, default=None)
    to_date: Mapped[date | None] = mapped_column(Date, default=None)
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
