"""The table of accountability records (问责记录)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, UTCDateTime, new_id


class AccountabilityRecord(Base):
    """A sanction decided against a unit or a post, with its grounds."""

    __tablename__ = "accountability_records"
    __table_args__ = (Index("ix_accountability_records_region_code_decided_on", "region_code", "decided_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    sanction: Mapped[str] = mapped_column(String(32))
    target_kind: Mapped[str] = mapped_column(String(8), comment="unit | post")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    post_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    target_name: Mapped[str] = mapped_column(String(200), default="", comment="the unit's name or the post's title")
    project_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    summary: Mapped[str] = mapped_column(Text, comment="问责事由")
    grounds: Mapped[list[Any]] = mapped_column(JSONType, default=list, comment="[{kind, id, note}]")
    decided_by: Mapped[str] = mapped_column(String(100), comment="who decided, e.g. 县委、县政府")
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
