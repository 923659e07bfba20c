"""Tables of agendas: the items of a meeting's agenda and units' submissions for it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import UTCDateTime, new_id
from tuijin.meetings.models import Base


class AgendaItem(Base):
    """One item of a meeting's agenda, in order, with its presenter and duration. Built items keep a copy
    of what they were built from (the problem, the project's open procedures)."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "problem_id"),
        Index("ix_agenda_items_meeting_id_position", "meeting_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    problem_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="issues service id")
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="registry id")
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    responsible_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    problem_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    presenter_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    presenter_name: Mapped[str] = mapped_column(String(50), default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=10)
    details: Mapped[dict[str, Any]] = mapped_column(JSON(), default=dict)
    submission_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Submission(Base):
    """A unit's progress, problems and requests for a meeting (郸城: collected around the 20th, sent a
    week ahead), approved by its leader before it goes on the agenda."""

    __tablename__ = "agenda_submissions"
    __table_args__ = (Index("ix_agenda_submissions_meeting_id_unit_id", "meeting_id", "unit_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    unit_id: Mapped[uuid.UUID] = mapped_column()
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    progress: Mapped[str] = mapped_column(Text, default="", comment="进展情况")
    problems: Mapped[str] = mapped_column(Text, default="", comment="存在问题")
    requests: Mapped[str] = mapped_column(Text, default="", comment="需协调事项")
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_by: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decision_note: Mapped[str] = mapped_column(String(500), default="")
