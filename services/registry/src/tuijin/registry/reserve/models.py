"""Tables of the reserve library (储备库)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.models import Base


class ReserveEntry(TimestampMixin, Base):
    """A project of the reserve stage in one of the three libraries (county / department / township),
    proposed for a year. Rolling: an entry not selected moves on to a later ``proposed_year``; a
    promoted entry stays as the record of its promotion."""

    __tablename__ = "reserve_entries"
    __table_args__ = (
        UniqueConstraint("project_id", "proposed_year"),
        Index("ix_reserve_entries_region_code_proposed_year", "region_code", "proposed_year"),
        CheckConstraint("planned_total >= 0", name="planned_total_not_negative"),
        CheckConstraint("planned_first_year >= 0", name="planned_first_year_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    proposing_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    planned_total: Mapped[Decimal] = mapped_column(comment="计划总投资, 万元")
    planned_first_year: Mapped[Decimal] = mapped_column(comment="首年计划投资, 万元")
    proposed_year: Mapped[int] = mapped_column(Integer, comment="year of the list it is proposed for")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="in_reserve")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    promoted_year: Mapped[int | None] = mapped_column(Integer, default=None)
    promoted_to_stage: Mapped[str | None] = mapped_column(String(24), default=None)
    override_reason: Mapped[str] = mapped_column(String(500), default="", comment="why promoted despite the check")
    promoted_by: Mapped[str] = mapped_column(String(100), default="")
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
