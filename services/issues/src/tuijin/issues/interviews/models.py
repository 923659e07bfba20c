"""The table of interview records (约谈记录)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, UTCDateTime, new_id


class Interview(Base):
    """The record of interviewing a project's leader or a unit head."""

    __tablename__ = "interviews"
    __table_args__ = (Index("ix_interviews_region_code_held_on", "region_code", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    interviewee_kind: Mapped[str] = mapped_column(String(16))
    interviewee_name: Mapped[str] = mapped_column(String(50))
    interviewee_title: Mapped[str] = mapped_column(String(100), default="")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    reasons: Mapped[list[Any]] = mapped_column(JSONType)
    held_on: Mapped[date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(200), default="")
    interviewer: Mapped[str] = mapped_column(String(100), comment="who conducted it, e.g. 县长")
    summary: Mapped[str] = mapped_column(Text)
    commitments: Mapped[str] = mapped_column(Text, default="", comment="整改承诺")
    rectification_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    problem_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorder_name: Mapped[str] = mapped_column(String(100), default="", comment="the recorder's name (记录人)")
    recorder_post: Mapped[str] = mapped_column(String(200), default="", comment="the recorder's unit and post")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RankingStanding(Base):
    """A subject on the criticism list (通报批评) of the latest published ranking of a scoring scheme, as the
    scoring service announced it (``ranking.published``); a newer publication of the scheme replaces them."""

    __tablename__ = "ranking_standings"
    __table_args__ = (Index("ix_ranking_standings_region_code_subject_id", "region_code", "subject_id"),)

    run_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, comment="a project or a unit")
    scheme_id: Mapped[uuid.UUID] = mapped_column(index=True)
    scheme_name: Mapped[str] = mapped_column(String(100), default="")
    region_code: Mapped[str] = mapped_column(String(6))
    subject_kind: Mapped[str] = mapped_column(String(20), comment="project | department | township")
    subject_name: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int]
    total: Mapped[str] = mapped_column(String(20), comment="the published total, as published")
    published_on: Mapped[date] = mapped_column(Date, comment="Asia/Shanghai business date of the publication")
