"""Tables of observation scoring (观摩打分): a round hands sheets to scorers, one per project per criterion."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import new_id
from tuijin.kernel.numbers import SCORE_COLUMN
from tuijin.scoring.models import Base


class ScoringRound(Base):
    """One observation round of a region and period, with its criteria, deadline and trimming rule."""

    __tablename__ = "scoring_rounds"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(10))
    deadline: Mapped[date]
    criteria: Mapped[list[Any]]
    trim_each_end: Mapped[int] = mapped_column(default=1)
    min_scorers_to_trim: Mapped[int] = mapped_column(default=5)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class ScoreSheet(Base):
    """One scorer's score of one project on one criterion; empty until filled."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("round_id", "scorer", "project_id", "criterion"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scoring_rounds.id", ondelete="CASCADE"), index=True)
    scorer: Mapped[str] = mapped_column(String(200), index=True)
    scorer_name: Mapped[str] = mapped_column(String(100), default="")
    project_id: Mapped[uuid.UUID]
    project_name: Mapped[str] = mapped_column(String(300), default="")
    criterion: Mapped[str] = mapped_column(String(40))
    score: Mapped[Decimal | None] = mapped_column(SCORE_COLUMN)
    scored_at: Mapped[datetime | None]
    route_order: Mapped[int] = mapped_column(default=0, server_default="0",
                                             comment="the project's place on the observation route (0 first)")
    submitted_at: Mapped[datetime | None] = mapped_column(
        default=None, comment="when the scorer submitted the round's sheets; no change after")
