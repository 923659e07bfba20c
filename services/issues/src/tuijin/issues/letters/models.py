"""The table of supervision letters; their numbers come from the per-region, per-grade, per-year counters
of :mod:`tuijin.kernel.documents.numbering`."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import UTCDateTime, new_id


class Letter(Base):
    """A supervision letter (督办函件) to a unit about a problem, a decided item or a project."""

    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("region_code", "year", "grade", "serial"),
        UniqueConstraint("trigger_key"),
        Index("ix_letters_region_code_issued_on", "region_code", "issued_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), comment="e.g. 栾重项办督〔2026〕12号")
    grade: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16))
    subject_kind: Mapped[str] = mapped_column(String(16))
    problem_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("problems.id"), default=None, index=True)
    decided_item_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    rectification_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(100), default="", comment="the issuing office as the letter names it")
    reply_due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    replied_on: Mapped[date | None] = mapped_column(Date, default=None)
    replied_by: Mapped[str | None] = mapped_column(String(100), default=None)
    trigger_key: Mapped[str | None] = mapped_column(
        String(200), default=None, comment="what drew an automatic letter; unique, so a rule fires once"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
