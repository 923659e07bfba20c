"""Tables of site visits: the visit, and what it names (people, projects, units) as rows that the lists and the
duty counts filter and count on."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, new_id
from tuijin.meetings.models import Base


class SiteVisit(TimestampMixin, Base):
    """A visit to one or more projects (现场调研督导 / 现场办公) led by one person, with what was seen; what was
    decided becomes decided items (议定事项) that name the visit."""

    __tablename__ = "site_visits"
    __table_args__ = (Index("ix_site_visits_region_code_visited_on", "region_code", "visited_on", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    visited_on: Mapped[date] = mapped_column(Date, comment="business date of the visit")
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    leading_person_id: Mapped[uuid.UUID] = mapped_column(comment="带队领导 (registry person id)")
    observations: Mapped[str] = mapped_column(Text, default="", comment="what was seen (现场查看情况)")
    conclusions: Mapped[str] = mapped_column(Text, default="", comment="what was decided, in words")
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_by_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SiteVisitLink(Base):
    """A person on the visit, a project visited or a unit present (``kind``), by its registry id."""

    __tablename__ = "site_visit_links"
    __table_args__ = (Index("ix_site_visit_links_kind_ref_id", "kind", "ref_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site_visits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    ref_id: Mapped[uuid.UUID] = mapped_column()
    position: Mapped[int] = mapped_column(Integer, default=0)
