"""The table of efficiency complaints (行政效能投诉)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import UTCDateTime, new_id


class Complaint(Base):
    """A project owner's complaint about a unit's handling, and the office's finding."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_region_code_received_on", "region_code", "received_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    complainant: Mapped[str] = mapped_column(String(100), comment="who complains, e.g. the owner unit's contact")
    complainant_contact: Mapped[str] = mapped_column(String(100), default="")
    project_id: Mapped[uuid.UUID] = mapped_column(index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[uuid.UUID] = mapped_column(index=True, comment="the unit complained about")
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    finding_due_on: Mapped[date] = mapped_column(Date, comment="the finding is due by (working days after receipt)")
    status: Mapped[str] = mapped_column(String(16))
    investigation_started_on: Mapped[date | None] = mapped_column(Date, default=None)
    finding: Mapped[str | None] = mapped_column(String(24), default=None)
    finding_text: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
