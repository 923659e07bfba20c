"""Tables of attendance: leave asked of the convener and who actually came."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import UTCDateTime, new_id
from tuijin.meetings.models import Base


class LeaveRequest(Base):
    """Leave asked of the convener by an invited unit's head, with the reason (请假)."""

    __tablename__ = "leave_requests"
    __table_args__ = (Index("ix_leave_requests_meeting_id_unit_id", "meeting_id", "unit_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    unit_id: Mapped[uuid.UUID] = mapped_column()
    reason: Mapped[str] = mapped_column(String(500))
    substitute_name: Mapped[str] = mapped_column(String(50), default="", comment="who comes instead, if anyone")
    status: Mapped[str] = mapped_column(String(12), default="requested")
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decision_note: Mapped[str] = mapped_column(String(500), default="")


class AttendanceRecord(Base):
    """How one invited unit attended one meeting."""

    __tablename__ = "attendance_records"
    __table_args__ = (
        UniqueConstraint("meeting_id", "unit_id"),
        Index("ix_attendance_records_region_code_meeting_date", "region_code", "meeting_date"),
        Index("ix_attendance_records_unit_id_meeting_date", "unit_id", "meeting_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    meeting_date: Mapped[date] = mapped_column(Date, comment="copied from the meeting for period queries")
    unit_id: Mapped[uuid.UUID] = mapped_column()
    status: Mapped[str] = mapped_column(String(12))
    expected_attendee: Mapped[str] = mapped_column(String(50), default="")
    attendee_name: Mapped[str] = mapped_column(String(50), default="", comment="who actually came")
    attendee_person_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    leave_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leave_requests.id"), default=None)
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
