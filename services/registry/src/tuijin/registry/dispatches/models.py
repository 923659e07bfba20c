"""The table of dispatches (调度): the office's or the responsible unit's dispatch of a key project."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, new_id
from tuijin.registry.base import Base


class Dispatch(TimestampMixin, Base):
    """One dispatch of a project: on which day, who dispatched it, what was found and decided, the next step."""

    __tablename__ = "dispatches"
    __table_args__ = (
        # the due list reads each project's latest dispatch
        Index("ix_dispatches_project_id_dispatched_on", "project_id", "dispatched_on"),
        Index("ix_dispatches_region_code_dispatched_on", "region_code", "dispatched_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="the unit that recorded it")
    stage: Mapped[str] = mapped_column(String(24), comment="the project's stage on the day")
    dispatched_on: Mapped[date] = mapped_column(Date, comment="business date of the dispatch")
    dispatched_by: Mapped[str] = mapped_column(String(100), comment="调度人: who dispatched (name, post)")
    findings: Mapped[str] = mapped_column(Text, default="", comment="发现的情况和问题")
    decisions: Mapped[str] = mapped_column(Text, default="", comment="调度意见 / 决定")
    next_steps: Mapped[str] = mapped_column(Text, default="", comment="下步工作")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
