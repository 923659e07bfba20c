"""Tables of minutes (会议纪要): per-item outcomes, addenda, and decided items (议定事项) with their
follow-up record."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.kernel.outbox import ordered_uuid
from tuijin.meetings.models import Base


class Minutes(TimestampMixin, Base):
    """A meeting's minutes: a draft while the meeting is held, frozen once published."""

    __tablename__ = "minutes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), unique=True)
    region_code: Mapped[str] = mapped_column(String(6))
    summary: Mapped[str] = mapped_column(Text, default="")
    distribution: Mapped[list[Any]] = mapped_column(JSON(), default=list, comment="主送/抄送: [{name, unit_id}]")
    extra_items: Mapped[list[Any]] = mapped_column(
        JSON(), default=list, comment="draft decided items beyond the assigned outcomes"
    )
    status: Mapped[str] = mapped_column(String(12), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    published_by: Mapped[str] = mapped_column(String(100), default="")
    event_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="the minutes.published event")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class MinuteOutcome(Base):
    """What the meeting decided on one agenda item."""

    __tablename__ = "minute_outcomes"
    __table_args__ = (UniqueConstraint("minutes_id", "agenda_item_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    minutes_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_items.id"))
    position: Mapped[int] = mapped_column(Integer)
    problem_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(12))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class MinuteAddendum(Base):
    """A correction to published minutes (纪要补充/更正): the minutes themselves never change."""

    __tablename__ = "minute_addenda"
    __table_args__ = (UniqueConstraint("minutes_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    minutes_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DecidedItem(TimestampMixin, Base):
    """A decided item (议定事项) of published minutes or of a site visit (现场调研 / 现场办公): owner unit, due date,
    followed until verified. Exactly one of ``minutes_id`` (with its ``meeting_id``) and ``site_visit_id`` names
    where it was decided."""

    __tablename__ = "decided_items"
    __table_args__ = (
        UniqueConstraint("minutes_id", "seq"),
        UniqueConstraint("site_visit_id", "seq"),
        Index("ix_decided_items_region_code_due_date", "region_code", "due_date"),
        Index("ix_decided_items_owner_unit_id_status", "owner_unit_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id"), index=True, default=None)
    minutes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("minutes.id"), default=None)
    site_visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site_visits.id"), index=True, default=None)
    seq: Mapped[int] = mapped_column(Integer, comment="1, 2, … within the minutes (or the visit)")
    title: Mapped[str] = mapped_column(String(500))
    owner_unit_id: Mapped[uuid.UUID] = mapped_column()
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    problem_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    agenda_item_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    done_on: Mapped[date | None] = mapped_column(Date, default=None, comment="business date it was done")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    verified_by: Mapped[str] = mapped_column(String(100), default="")
    overdue_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class FollowUp(Base):
    """Append-only record of a decided item's follow-up (跟踪督查): progress, done, verified, reopened."""

    __tablename__ = "decided_item_follow_ups"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    decided_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decided_items.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(12))
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(1000), default="")
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
