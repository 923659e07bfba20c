"""Tables of the land demand list (用地需求清单)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import TimestampMixin, new_id
from tuijin.registry.base import Base


class LandDemand(TimestampMixin, Base):
    """Land a project needs in ``year``: area in 亩, kind, whether it is in the land-use plan, needed by a date."""

    __tablename__ = "land_demands"
    __table_args__ = (
        UniqueConstraint("project_id", "year", "land_kind"),
        Index("ix_land_demands_region_code_year", "region_code", "year"),
        CheckConstraint("area_mu > 0", name="area_mu_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    area_mu: Mapped[Decimal] = mapped_column(comment="用地面积, 亩")
    land_kind: Mapped[str] = mapped_column(String(24))
    in_plan: Mapped[bool] = mapped_column(Boolean, comment="纳入土地利用年度计划")
    needed_by: Mapped[date | None] = mapped_column(Date, default=None, comment="需用地时间")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
