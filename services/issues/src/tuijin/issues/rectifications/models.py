"""The table of rectifications (整改)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, UTCDateTime, new_id


class Rectification(Base):
    """What a unit must put right by a deadline, because an interview or an inspection finding said so; one per
    source record."""

    __tablename__ = "rectifications"
    __table_args__ = (
        UniqueConstraint("source_kind", "source_id"),
        Index("ix_rectifications_region_code_deadline", "region_code", "deadline"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    source_kind: Mapped[str] = mapped_column(String(24), comment="interview | inspection_finding")
    source_id: Mapped[uuid.UUID] = mapped_column()
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[uuid.UUID] = mapped_column(index=True, comment="the responsible unit (整改责任单位)")
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    requirement: Mapped[str] = mapped_column(Text, comment="what is to be put right (整改要求)")
    deadline: Mapped[date] = mapped_column(Date, comment="整改期限; a reopening sets a new one")
    status: Mapped[str] = mapped_column(String(16))
    report_note: Mapped[str] = mapped_column(Text, default="", comment="the unit's report (整改情况报告)")
    report_evidence: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    reported_on: Mapped[date | None] = mapped_column(Date, default=None)
    reported_by: Mapped[str | None] = mapped_column(String(100), default=None)
    verification_note: Mapped[str] = mapped_column(Text, default="")
    verified_on: Mapped[date | None] = mapped_column(Date, default=None)
    verified_by: Mapped[str | None] = mapped_column(String(100), default=None)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
