"""Tables of scoring schemes: a scheme and its immutable, numbered versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import new_id
from tuijin.kernel.numbers import POINTS_COLUMN
from tuijin.scoring.models import Base


class Scheme(Base):
    """What is ranked (subject kind) over which period; its rules live in versions."""

    __tablename__ = "scoring_schemes"
    __table_args__ = (UniqueConstraint("region_code", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(20))
    period_kind: Mapped[str] = mapped_column(String(20))
    latest_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class SchemeVersion(Base):
    """One published version of a scheme's rules; never changed once written (runs keep the one they used)."""

    __tablename__ = "scoring_scheme_versions"
    __table_args__ = (UniqueConstraint("scheme_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    scheme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_schemes.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    total_points: Mapped[Decimal] = mapped_column(POINTS_COLUMN)
    dimensions: Mapped[list[Any]]
    praise_size: Mapped[int] = mapped_column(default=3)
    criticism_size: Mapped[int] = mapped_column(default=3)
    note: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(200), default="")
