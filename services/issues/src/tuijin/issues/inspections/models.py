"""Tables of inspections (督查): the inspection, the projects it visits (with what was checked at each) and its
findings (each closed on the spot or put on the ladder as a problem)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime
from tuijin.kernel.numbers import WAN_COLUMN
from tuijin.kernel.outbox import ordered_uuid

PERCENT_COLUMN = Numeric(5, 2, asdecimal=True)


class Inspection(TimestampMixin, Base):
    """An inspection (督查): planned by the office or a supervisor, recorded once after the visit."""

    __tablename__ = "inspections"
    __table_args__ = (Index("ix_inspections_region_code_inspected_on", "region_code", "inspected_on"),)

    # in creation order: two inspections of the same day (a frozen clock) list and print in the order made
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    region_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    theme: Mapped[str] = mapped_column(String(200), comment="督查主题, e.g. 资金未落实项目专项督查")
    lead: Mapped[str] = mapped_column(String(100), default="", comment="带队领导 (a special inspection's leader)")
    team: Mapped[list[Any]] = mapped_column(JSONType, default=list, comment="[{name, title, unit_id, unit_name}]")
    inspected_on: Mapped[date] = mapped_column(Date, comment="planned day; the day it was held once recorded")
    summary: Mapped[str] = mapped_column(Text, default="", comment="总体情况, written when recorded")
    created_by: Mapped[str] = mapped_column(String(100))
    recorded_by: Mapped[str | None] = mapped_column(String(100), default=None)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class InspectionProject(Base):
    """A project the inspection visits, and what was checked there (现场核查实物工程量和资金拨付情况)."""

    __tablename__ = "inspection_projects"

    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                                     primary_key=True)
    project_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    region_code: Mapped[str] = mapped_column(String(6))
    project_code: Mapped[str] = mapped_column(String(40), default="")
    project_name: Mapped[str] = mapped_column(String(200), default="")
    responsible_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    checked: Mapped[bool] = mapped_column(default=False)
    reported_progress: Mapped[str] = mapped_column(Text, default="", comment="形象进度 as the latest report says")
    observed_progress: Mapped[str] = mapped_column(Text, default="", comment="形象进度 as seen on site")
    reported_percent: Mapped[Decimal | None] = mapped_column(PERCENT_COLUMN, default=None)
    observed_percent: Mapped[Decimal | None] = mapped_column(PERCENT_COLUMN, default=None)
    funds_reported: Mapped[Decimal | None] = mapped_column(WAN_COLUMN, default=None, comment="万元, as reported")
    funds_disbursed: Mapped[Decimal | None] = mapped_column(WAN_COLUMN, default=None, comment="万元, 资金拨付 verified")
    note: Mapped[str] = mapped_column(Text, default="")


class InspectionFinding(Base):
    """A finding (发现的问题) at one project: closed on the spot, or a problem on the ladder with a deadline."""

    __tablename__ = "inspection_findings"
    __table_args__ = (Index("ix_inspection_findings_inspection_id_position", "inspection_id", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    disposition: Mapped[str] = mapped_column(String(16))
    measures: Mapped[str] = mapped_column(Text, default="", comment="整改意见 / what was done on the spot")
    responsible_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    responsible_unit_name: Mapped[str] = mapped_column(String(100), default="")
    rectification_due_on: Mapped[date | None] = mapped_column(Date, default=None, comment="整改期限")
    problem_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    attachment_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
