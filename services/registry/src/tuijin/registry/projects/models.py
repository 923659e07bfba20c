"""Tables of the project library (项目库): projects, their co-organising units, service teams, year plans
and stage history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, new_id
from tuijin.registry.base import Base


class Project(TimestampMixin, Base):
    """A key project (重点项目)."""

    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("region_code", "code"),
        UniqueConstraint("national_code"),
        Index("ix_projects_region_code_stage", "region_code", "stage"),
        # the list's order: a page across many regions (a province office) reads it in order, no sort
        Index("ix_projects_code_id", "code", "id"),
        CheckConstraint("total_investment >= 0", name="total_investment_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    code: Mapped[str] = mapped_column(String(40), comment="local code, e.g. LC2026-001")
    national_code: Mapped[str | None] = mapped_column(String(24), default=None, comment="项目代码")
    name: Mapped[str] = mapped_column(String(200))
    system_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("systems.id"), default=None, index=True)
    industry: Mapped[str] = mapped_column(String(50), default="")
    township_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    location: Mapped[str] = mapped_column(String(200), default="", comment="建设地点")
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6), default=None)
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6), default=None)
    stage: Mapped[str] = mapped_column(String(24))
    is_poverty_alleviation: Mapped[bool] = mapped_column(Boolean, default=False, comment="扶贫项目")
    content: Mapped[str] = mapped_column(Text, default="", comment="建设内容及规模")
    total_investment: Mapped[Decimal] = mapped_column(comment="总投资, 万元")
    owner_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    responsible_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), index=True)
    leader_post_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posts.id"), default=None, index=True)
    push_plan: Mapped[str] = mapped_column(Text, default="", comment="推进方案 (text or file reference)")
    ledger: Mapped[str] = mapped_column(Text, default="", comment="工作台账 (file reference)")
    tier_override: Mapped[str | None] = mapped_column(String(24), default=None)
    tier_override_reason: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectCoUnit(Base):
    """A co-organising unit (协办单位) of a project."""

    __tablename__ = "project_co_units"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class TeamMember(Base):
    """A member of a project's service team (服务团队)."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str] = mapped_column(String(20))


class YearPlan(TimestampMixin, Base):
    """A project's plan for one year (五定: investment, physical target, dates)."""

    __tablename__ = "year_plans"
    __table_args__ = (
        UniqueConstraint("project_id", "year"),
        CheckConstraint("planned_investment >= 0", name="planned_investment_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    year: Mapped[int] = mapped_column(Integer)
    planned_investment: Mapped[Decimal] = mapped_column(comment="年度计划投资, 万元")
    physical_target: Mapped[str] = mapped_column(Text, default="", comment="年度形象进度目标")
    planned_start_date: Mapped[date | None] = mapped_column(Date, default=None)
    planned_completion_date: Mapped[date | None] = mapped_column(Date, default=None)
    planned_operation_date: Mapped[date | None] = mapped_column(Date, default=None)
    # 动态管理: a project moved out of the year's list keeps its plan row with in_list false (never deleted)
    in_list: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), comment="on the year's list")
    # 分月计划投资: twelve amounts (万元, as text with their scale) adding up to planned_investment, or none (序时进度
    # is then months ÷ 12)
    monthly_plan: Mapped[list[str] | None] = mapped_column(
        JSONType, default=None, comment="分月计划投资 (12 amounts, 万元), or null"
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class StageChange(Base):
    """Append-only history of a project's stage."""

    __tablename__ = "stage_changes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24))
    changed_on: Mapped[date] = mapped_column(Date, comment="business date of the change")
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
