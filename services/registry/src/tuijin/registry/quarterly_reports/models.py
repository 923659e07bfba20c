"""The table of quarterly written reports (季度书面报告)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.base import Base


class QuarterlyReport(TimestampMixin, Base):
    """A project's written report for one quarter by its responsible unit, reviewed by the office."""

    __tablename__ = "quarterly_reports"
    __table_args__ = (
        UniqueConstraint("project_id", "year", "quarter"),
        Index("ix_quarterly_reports_region_code_year_quarter", "region_code", "year", "quarter"),
        CheckConstraint("quarter >= 1 AND quarter <= 4", name="quarter_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="the responsible unit when written")
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    progress: Mapped[str] = mapped_column(Text, default="", comment="进展情况")
    problems: Mapped[str] = mapped_column(Text, default="", comment="存在问题")
    next_steps: Mapped[str] = mapped_column(Text, default="", comment="下步打算")
    due_date: Mapped[date] = mapped_column(Date, comment="the quarter's due day under the region's policy")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reviewed_by: Mapped[str] = mapped_column(String(100), default="")
    return_reason: Mapped[str] = mapped_column(String(500), default="", comment="reason of the latest return")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
