"""The table of a region's policies (configuration per region and year)."""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, new_id
from tuijin.registry.base import Base


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
