"""Tables of the yearly list cycle (年度项目清单编制)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.base import Base


class ListCycle(TimestampMixin, Base):
    """The cycle that builds ``target_year``'s list in a region; its steps fall in the year before. Every step's
    completion bumps the cycle's version (the ETag a completion must name)."""

    __tablename__ = "list_cycles"
    __table_args__ = (UniqueConstraint("region_code", "target_year"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    target_year: Mapped[int] = mapped_column(Integer, comment="year of the list the cycle builds")
    opened_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ListCycleStep(Base):
    """A step of a cycle with its due date (fixed when the cycle opens, from the region's policy) and, once done,
    who approved it, on which day, with a note, and who recorded it when."""

    __tablename__ = "list_cycle_steps"
    __table_args__ = (UniqueConstraint("cycle_id", "step"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("list_cycles.id", ondelete="CASCADE"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    step: Mapped[str] = mapped_column(String(24))
    seq: Mapped[int] = mapped_column(Integer, comment="the step's place in the cycle, 1…")
    due_date: Mapped[date] = mapped_column(Date, comment="as the policy sets it (before moving off a holiday)")
    status: Mapped[str] = mapped_column(String(12), default="pending")
    approved_by: Mapped[str] = mapped_column(String(100), default="", comment="who approved it (a person or body)")
    approved_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
