"""Tables of runs: a computation of one scheme version for a period and region, with its input snapshot,
and one result row per subject."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import new_id
from tuijin.kernel.numbers import POINTS_COLUMN
from tuijin.scoring.models import Base


class Run(Base):
    """Draft until published; a published run and its results are never changed (recomputing makes a new
    version of the run for the same scheme, region and period)."""

    __tablename__ = "scoring_runs"
    __table_args__ = (UniqueConstraint("scheme_id", "region_code", "period", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    scheme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_schemes.id"), index=True)
    scheme_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_scheme_versions.id"))
    scheme_version: Mapped[int]
    subject_kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date]
    period_end: Mapped[date]
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    total_points: Mapped[Decimal] = mapped_column(POINTS_COLUMN)
    inputs: Mapped[dict[str, Any]]
    changes: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime | None]
    published_by: Mapped[str] = mapped_column(String(200), default="")


class Result(Base):
    """One subject's scores in a run: per dimension score and explanation, the total and the rank."""

    __tablename__ = "scoring_results"
    __table_args__ = (UniqueConstraint("run_id", "subject_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_runs.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[uuid.UUID]
    subject_code: Mapped[str] = mapped_column(String(100))
    subject_name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[uuid.UUID | None]
    dimensions: Mapped[list[Any]]
    total: Mapped[Decimal]
    rank: Mapped[int]
    explanation: Mapped[str] = mapped_column(String(4000), default="")
