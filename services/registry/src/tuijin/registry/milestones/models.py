"""Tables of node plans (时间节点 / 倒排工期)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.base import Base


class Milestone(TimestampMixin, Base):
    """A time node of a project: planned and actual business dates. A node planned relative to another
    (``offset_working_days`` working days from its anchor) moves when the anchor moves: that is how a
    backward-scheduled plan (倒排工期) follows its target."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        # overdue lists of a region and the overdue sweep: unreached nodes by planned date
        Index("ix_milestones_region_code_planned_date", "region_code", "planned_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    region_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    planned_date: Mapped[date] = mapped_column(Date)
    actual_date: Mapped[date | None] = mapped_column(Date, default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    anchor_milestone_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL"), default=None
    )
    offset_working_days: Mapped[int | None] = mapped_column(
        Integer, default=None, comment="working days after (+) or before (-) the anchor"
    )
    note: Mapped[str] = mapped_column(String(500), default="")
    overdue_announced_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=None, comment="when milestone.overdue was published (once per lateness)"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
