"""Tables of dynamic management (动态管理): swap requests and their append-only history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, new_id
from tuijin.registry.models import Base


class ProjectSwap(TimestampMixin, Base):
    """A request to move a project out of year ``year``'s list and a comparable one in. The investment
    figures are those the request was made on, refreshed when the final approval applies it; ``chain`` is the
    region's approval chain (its ``swap_chain`` policy) when the request was made, kept for the request's life."""

    __tablename__ = "project_swaps"
    __table_args__ = (Index("ix_project_swaps_region_code_status", "region_code", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    out_project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    replacement_project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, comment="why the project cannot proceed")
    replacement_stage: Mapped[str | None] = mapped_column(
        String(24), default=None, comment="stage a reserve replacement enters the list with"
    )
    out_total_investment: Mapped[Decimal]
    out_planned_investment: Mapped[Decimal]
    replacement_total_investment: Mapped[Decimal]
    replacement_planned_investment: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    chain: Mapped[list[str]] = mapped_column(
        JSONType, comment="the approval steps in order, as the region's policy gave them"
    )
    current_step: Mapped[str | None] = mapped_column(String(32), default=None, comment="step waiting; null once closed")
    requested_by: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectSwapAction(Base):
    """Append-only history of a swap: submitted, each step's decision, withdrawn (who, when, what, why)."""

    __tablename__ = "project_swap_actions"
    __table_args__ = (UniqueConstraint("swap_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    swap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_swaps.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    step: Mapped[str | None] = mapped_column(String(32), default=None)
    actor: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(16))
    actor_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_person_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    document_number: Mapped[str] = mapped_column(String(100), default="", comment="e.g. 栾发〔2026〕8号")
    decided_on: Mapped[date | None] = mapped_column(Date, default=None, comment="date of the body's decision")
    comment: Mapped[str] = mapped_column(String(1000), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
