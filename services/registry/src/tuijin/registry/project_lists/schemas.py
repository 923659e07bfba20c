"""Bodies of the 一览表 import and export routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.enums import LabeledEnum


class RowAction(LabeledEnum):
    """What an imported row did to the project library."""

    created = ("created", "新增")
    updated = ("updated", "更新")
    unchanged = ("unchanged", "无变化")


class ImportedRow(BaseModel):
    """What one row of the table did."""

    row: int = Field(description="row number in the sheet, as Excel shows it")
    project_id: uuid.UUID
    code: str
    action: RowAction


class ListImportSummary(BaseModel):
    """A past import of a yearly target table (一览表)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    region_code: str
    year: int
    file_name: str
    file_sha256: str
    row_count: int = Field(description="project rows read from the sheet")
    created_count: int = Field(description="rows that registered a new project")
    updated_count: int = Field(description="rows that changed a registered project or its year plan; the other "
                               "matched rows changed nothing")
    imported_by: str
    imported_at: datetime


class ListImportOut(ListImportSummary):
    """An import with the project each row created or updated."""

    results: list[ImportedRow] = Field(default_factory=list)
