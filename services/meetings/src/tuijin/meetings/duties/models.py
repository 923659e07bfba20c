"""The table of a region's meetings policies (the duty rules)."""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, new_id
from tuijin.meetings.models import Base


class MeetingPolicy(TimestampMixin, Base):
    """A region's value of one policy of the meetings service for one year (``year`` 0: every year without its
    own). Absent → the shipped default."""

    __tablename__ = "meeting_policies"
    __table_args__ = (UniqueConstraint("region_code", "name", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[dict] = mapped_column(JSONType)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
