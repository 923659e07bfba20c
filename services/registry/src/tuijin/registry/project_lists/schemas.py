"""Bodies of the 一览表 import and export routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.project_lists.enums import RowAction


class ImportedRow(BaseModel):
    """What one row of the table did."""

    row: int = Field(description="row number in the sheet, as Excel shows it")
    project_id: uuid.UUID
    code: str
    action: RowAction


IMPORT_EXAMPLE = {
    "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "region_code": "410328", "year": 2026,
    "file_name": "洛宁县2026年重点项目一览表.xlsx",
    "file_sha256": "9f2b6c1e0d4a7b3c5e8f1a2d4c6b8e0f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b",
    "row_count": 2, "created_count": 1, "updated_count": 1,
    "imported_by": "office-410328", "imported_at": "2026-02-20T03:10:00Z",
}


class ListImportSummary(BaseModel):
    """A past import of a yearly target table (一览表)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [IMPORT_EXAMPLE]})

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

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        **IMPORT_EXAMPLE,
        "results": [
            {"row": 2, "project_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "code": "LN2026-001",
             "action": "created"},
            {"row": 3, "project_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "code": "LN2025-014",
             "action": "updated"},
        ],
    }]})

    results: list[ImportedRow] = Field(default_factory=list)
