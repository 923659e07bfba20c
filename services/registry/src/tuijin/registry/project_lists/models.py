"""The record of every yearly target table (一览表) imported: who, when, which file, what it did."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, UTCDateTime, new_id
from tuijin.registry.base import Base


class ListImport(Base):
    """One successful import of a region's 一览表 for a year (a failed import writes nothing, this
    row included). ``results`` lists, per sheet row, the project it created or updated."""

    __tablename__ = "list_imports"
    __table_args__ = (Index("ix_list_imports_region_code_year_imported_at", "region_code", "year", "imported_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    year: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    created_count: Mapped[int] = mapped_column(Integer)
    updated_count: Mapped[int] = mapped_column(Integer)
    results: Mapped[list] = mapped_column(JSONType, default=list)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
