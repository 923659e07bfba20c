"""Tables of warning lights: the current light of each project and kind, and the append-only history of
colour changes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, UTCDateTime, new_id
from tuijin.registry.models import Base


class WarningLight(Base):
    """A project's current light of one kind (亮灯), with the reason, as the last recomputation left it."""

    __tablename__ = "warning_lights"
    __table_args__ = (
        UniqueConstraint("project_id", "kind"),
        # a region's lights of one colour (the red list)
        Index("ix_warning_lights_region_code_colour", "region_code", "colour"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(12))
    colour: Mapped[str] = mapped_column(String(8))
    reason_code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="when the colour last changed")


class WarningLightChange(Base):
    """Append-only history: a light took a colour (``from_colour`` null: its first computation)."""

    __tablename__ = "warning_light_changes"
    __table_args__ = (Index("ix_warning_light_changes_project_id_changed_at", "project_id", "changed_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(12))
    from_colour: Mapped[str | None] = mapped_column(String(8))
    to_colour: Mapped[str] = mapped_column(String(8))
    reason_code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
