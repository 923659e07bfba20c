"""Tables of procedures (手续): the region's catalogue, each project's required procedures and the
history of their status."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.models import Base


class ProcedureType(TimestampMixin, Base):
    """A kind of procedure in a region's catalogue (立项, 用地预审, 环评, 节能审查…) with the unit that
    usually leads it (手续领办单位)."""

    __tablename__ = "procedure_types"
    __table_args__ = (UniqueConstraint("region_code", "code"), UniqueConstraint("region_code", "name"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    code: Mapped[str] = mapped_column(String(40), comment="machine code, e.g. eia, energy_review")
    name: Mapped[str] = mapped_column(String(100))
    default_lead_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    approval_level: Mapped[str] = mapped_column(
        String(12), default="county", server_default="county", comment="审批层级: county, city, province, national"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectProcedure(TimestampMixin, Base):
    """A procedure a project needs, with its lead unit, status, deadline and approval (批复文号, 日期)."""

    __tablename__ = "project_procedures"
    __table_args__ = (
        UniqueConstraint("project_id", "procedure_type_id"),
        # overdue lists and the joint-approval agenda: open procedures of a region by deadline
        Index("ix_project_procedures_region_code_status_deadline", "region_code", "status", "deadline"),
        CheckConstraint("energy_use_tce IS NULL OR energy_use_tce >= 0", name="energy_use_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    region_code: Mapped[str] = mapped_column(String(6))
    procedure_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure_types.id"), index=True)
    lead_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None, index=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    approval_number: Mapped[str] = mapped_column(String(100), default="", comment="批复文号")
    approval_date: Mapped[date | None] = mapped_column(Date, default=None)
    status_reason: Mapped[str] = mapped_column(String(500), default="", comment="why not needed / reopened")
    source: Mapped[str] = mapped_column(String(24), default="manual")
    energy_use_tce: Mapped[Decimal | None] = mapped_column(
        Numeric(15, 4), default=None, comment="annual energy use, tonnes of standard coal (节能审查)"
    )
    note: Mapped[str] = mapped_column(String(1000), default="")
    overdue_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProcedureStatusChange(Base):
    """Append-only history of a procedure's status: who changed it, when, to what and why."""

    __tablename__ = "procedure_status_changes"
    __table_args__ = (UniqueConstraint("procedure_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_procedures.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, comment="1, 2, … per procedure: the order of the changes")
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    approval_number: Mapped[str] = mapped_column(String(100), default="")
    approval_date: Mapped[date | None] = mapped_column(Date, default=None)
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
