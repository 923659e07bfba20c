"""The table of interview records (约谈记录)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, UTCDateTime, new_id


class Interview(Base):
    """The record of interviewing a project's leader or a unit head."""

    __tablename__ = "interviews"
    __table_args__ = (Index("ix_interviews_region_code_held_on", "region_code", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    interviewee_kind: Mapped[str] = mapped_column(String(16))
    interviewee_name: Mapped[str] = mapped_column(String(50))
    interviewee_title: Mapped[str] = mapped_column(String(100), default="")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    reasons: Mapped[list[Any]] = mapped_column(JSONType)
    held_on: Mapped[date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(200), default="")
    interviewer: Mapped[str] = mapped_column(String(100), comment="who conducted it, e.g. 县长")
    summary: Mapped[str] = mapped_column(Text)
    commitments: Mapped[str] = mapped_column(Text, default="", comment="整改承诺")
    rectification_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    problem_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
