"""Tables of progress reports: the reports, their append-only step history, and the overdue marks that
make the "report.overdue" event go out once per project and period."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, new_id
from tuijin.registry.models import Base


class ProgressReport(TimestampMixin, Base):
    """A project's progress report (月报 / 周报) for one period. Totals and rates are computed from these
    rows, never stored."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("project_id", "period_kind", "period_start"),
        # a region's reports of a period (lists, timeliness)
        Index("ix_progress_reports_region_code_period_start", "region_code", "period_start"),
        CheckConstraint("investment_completed >= 0", name="investment_completed_not_negative"),
        CheckConstraint("funds_in_place >= 0", name="funds_in_place_not_negative"),
        CheckConstraint(
            "physical_percent IS NULL OR (physical_percent >= 0 AND physical_percent <= 100)",
            name="physical_percent_range",
        ),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, comment="year the period counts towards (ISO year for weeks)")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    investment_completed: Mapped[Decimal] = mapped_column(comment="本期完成投资, 万元")
    funds_in_place: Mapped[Decimal] = mapped_column(comment="本期到位资金, 万元")
    physical_progress: Mapped[str] = mapped_column(Text, default="", comment="形象进度")
    physical_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), default=None, comment="形象进度 %")
    demolition_progress: Mapped[str] = mapped_column(Text, default="", comment="征迁进展")
    problems: Mapped[str] = mapped_column(Text, default="", comment="存在问题")
    measures: Mapped[str] = mapped_column(Text, default="", comment="采取措施")
    good_practices: Mapped[str] = mapped_column(Text, default="", comment="好经验、好做法")
    suggestions: Mapped[str] = mapped_column(Text, default="", comment="意见建议")
    photos: Mapped[list[Any]] = mapped_column(JSONType, default=list, comment="file references")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="due instant; fixed at the first submission")
    verify_by_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    return_reason: Mapped[str] = mapped_column(String(500), default="", comment="reason of the latest return")
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProgressReportStep(Base):
    """Append-only history of a report: who did which step when, and why (a return's reason)."""

    __tablename__ = "progress_report_steps"
    __table_args__ = (UniqueConstraint("report_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, comment="the report's version the step produced; orders the steps")
    action: Mapped[str] = mapped_column(String(12))
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(100))
    actor_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportOverdueMark(Base):
    """A project that had not submitted its report of a period by the due instant. The unique key makes
    the overdue job publish "report.overdue" once per project and period, however often it runs."""

    __tablename__ = "report_overdue_marks"
    __table_args__ = (UniqueConstraint("project_id", "period_kind", "period_start"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime())
