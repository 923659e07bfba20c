"""Tables of the registry service: the organisation (regions, units, people, posts), systems (体系)
and the project library (项目库)."""

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

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, make_base, new_id
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)


class Region(Base):
    """An administrative region by its 6-digit code (行政区划代码)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)


class Unit(TimestampMixin, Base):
    """A unit (单位): department, township, park committee, enterprise or leading body."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("region_code", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Person(TimestampMixin, Base):
    """A person who holds posts, serves on teams or heads a unit."""

    __tablename__ = "people"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    title: Mapped[str] = mapped_column(String(100), default="", comment="job title, e.g. 局长")
    phone: Mapped[str] = mapped_column(String(30), default="")


class Post(TimestampMixin, Base):
    """A post (职务), e.g. 副县长（分管交通）. A project's responsible leader is a post: when the holder
    changes, every project of the post follows without an edit (接任者自行替补)."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("region_code", "title"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    rank: Mapped[int] = mapped_column(Integer, default=100, comment="display order of leaders")


class PostHolding(Base):
    """Who held a post when. The open holding (``end_date`` null) is the current holder."""

    __tablename__ = "post_holdings"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        Index("ix_post_holdings_post_id_start_date", "post_id", "start_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class System(TimestampMixin, Base):
    """A system (体系) of a region, e.g. 现代基础设施体系, with the unit that convenes its meeting."""

    __tablename__ = "systems"
    __table_args__ = (UniqueConstraint("region_code", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    convening_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("units.id"), default=None)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


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


class Policy(TimestampMixin, Base):
    """A region's configuration for one year (thresholds, due rules…), as JSON validated by the
    policy's schema. Absent → the shipped default. ``year`` 0 means every year without its own."""

    __tablename__ = "policies"
    __table_args__ = (UniqueConstraint("region_code", "name", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[dict] = mapped_column(JSONType)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
