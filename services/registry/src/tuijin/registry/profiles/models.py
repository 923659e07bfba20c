"""The table of profile applications: which profile (and version) a region took for a year, who applied it, when,
and which of the registry's policies it changed."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import JSONType, UTCDateTime, new_id
from tuijin.registry.base import Base


class ProfileApplication(Base):
    """One application of a profile to a region and year; never changed once written."""

    __tablename__ = "profile_applications"
    __table_args__ = (Index("ix_profile_applications_region_code_year", "region_code", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    profile: Mapped[str] = mapped_column(String(40), comment="the profile's code, e.g. huiji-2022")
    version: Mapped[int] = mapped_column(Integer, comment="the profile's version applied")
    changed: Mapped[list] = mapped_column(JSONType, comment="the registry's policies the application wrote")
    unchanged: Mapped[list] = mapped_column(JSONType, comment="the registry's policies that were already so")
    event: Mapped[str] = mapped_column(String(60), comment="the event that asked the other services for their parts")
    applied_by: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
