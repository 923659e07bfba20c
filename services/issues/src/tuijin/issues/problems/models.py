"""Tables of the problem ledger: problems, their co-units, the append-only timeline and the meeting
decisions already applied."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, new_id
from tuijin.kernel.outbox import ordered_uuid


class Problem(TimestampMixin, Base):
    """A problem (问题) raised against a key project, at one level of the ladder."""

    __tablename__ = "problems"
    __table_args__ = (
        Index("ix_problems_region_code_level_status", "region_code", "level", "status"),
        Index("ix_problems_status_deadline", "status", "deadline"),
        Index("ix_problems_status_answer_due_on", "status", "answer_due_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(index=True)
    system_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True, comment="copied from the registry")
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(100))
    raised_by_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    raised_on: Mapped[date] = mapped_column(Date)
    responsible_unit_id: Mapped[uuid.UUID] = mapped_column(index=True, comment="the unit asked to solve it now")
    level: Mapped[str] = mapped_column(String(24))
    level_since: Mapped[date] = mapped_column(Date, comment="business date it reached the current level")
    deadline: Mapped[date | None] = mapped_column(
        Date, default=None, comment="solve by this day at the current level, else it goes up"
    )
    deadline_overdue_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(24))
    answer_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    answer_overdue_on: Mapped[date | None] = mapped_column(Date, default=None, comment="when the answer was found late")
    documents_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    documents_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date, default=None)
    resolved_meeting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProblemCoUnit(Base):
    """A co-organising unit (协办单位) of a problem."""

    __tablename__ = "problem_co_units"

    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)


class ProblemEvent(Base):
    """One step on a problem's timeline: append-only, never updated or deleted. ``unit_id`` is the unit
    responsible once the step was taken; level steps record the working days spent at the level left."""

    __tablename__ = "problem_events"
    __table_args__ = (
        Index("ix_problem_events_problem_id_at", "problem_id", "at"),
        Index("ix_problem_events_region_code_occurred_on", "region_code", "occurred_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    problem_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("problems.id"))
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column()
    action: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    actor_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    occurred_on: Mapped[date] = mapped_column(Date, comment="business date of the step")
    reason: Mapped[str] = mapped_column(Text, default="")
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    to_status: Mapped[str | None] = mapped_column(String(24), default=None)
    from_level: Mapped[str | None] = mapped_column(String(24), default=None)
    to_level: Mapped[str | None] = mapped_column(String(24), default=None)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    days_at_level: Mapped[int | None] = mapped_column(Integer, default=None, comment="working days at from_level")
    days_open: Mapped[int | None] = mapped_column(Integer, default=None, comment="working days from raise to close")
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class MeetingDecision(Base):
    """A meeting's decision on a problem, kept so that each is applied exactly once (a second delivery of the
    minutes, or corrected minutes, find it here)."""

    __tablename__ = "meeting_decisions"

    meeting_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    problem_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    applied: Mapped[bool] = mapped_column(Boolean, comment="false: the step was not allowed any more")
    note: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
