"""Copies of registry records (a reference to another service's record is its id, plus the names and
units a rule or a list needs, refreshed by the registry's events)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.issues.models import Base
from tuijin.kernel.db import UTCDateTime


class ProjectRef(Base):
    """A registry project as this service knows it."""

    __tablename__ = "project_refs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, comment="the registry's project id")
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(24), default="")
    system_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    responsible_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    owner_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    leader_post_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProjectRefUnit(Base):
    """A unit of a project (responsible, owner or co-organising): such a unit sees the project's problems."""

    __tablename__ = "project_ref_units"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project_refs.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)


class ProjectLight(Base):
    """A project's current warning light (亮灯) of one kind, from the registry's "light.changed"."""

    __tablename__ = "project_lights"

    project_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True, comment="start | progress")
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    colour: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
