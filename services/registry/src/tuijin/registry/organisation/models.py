"""Tables of the organisation: regions, units, people, posts with who held them when, and systems (体系)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, UTCDateTime, new_id
from tuijin.registry.base import Base


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
