"""Bodies of the quarterly written reports' routes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.quarterly_reports.enums import QuarterlyReportStatus

Text = Field("", max_length=10000)


class QuarterlyReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "year": 2026, "quarter": 1,
        "progress": "一季度完成投资1200万元，主体工程完成30%", "problems": "征地拆迁进度滞后",
        "next_steps": "二季度完成剩余征地，推进主体施工"}]})

    project_id: uuid.UUID
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4, description="1–4")
    progress: str = Field("", max_length=10000, description="进展情况")
    problems: str = Field("", max_length=10000, description="存在问题")
    next_steps: str = Field("", max_length=10000, description="下步打算")


class QuarterlyReportPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"progress": "一季度完成投资1500万元", "next_steps": "二季度力争主体完工"}]})

    progress: str | None = Field(None, max_length=10000, description="进展情况")
    problems: str | None = Field(None, max_length=10000, description="存在问题")
    next_steps: str | None = Field(None, max_length=10000, description="下步打算")


class QuarterlyReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "region_code": "532300",
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "unit_id": "3f2b7a6c-5e41-4c8e-9f10-0b6f3c1e2a4d",
        "year": 2026, "quarter": 1, "status": "submitted", "progress": "一季度完成投资1200万元",
        "problems": "征地拆迁进度滞后", "next_steps": "二季度完成剩余征地", "due_date": "2026-04-15",
        "submitted_at": "2026-04-10T02:00:00Z", "reviewed_at": None, "reviewed_by": "", "return_reason": "",
        "version": 2, "created_at": "2026-04-08T02:00:00Z"}]})

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    unit_id: uuid.UUID | None
    year: int
    quarter: int
    status: QuarterlyReportStatus
    progress: str
    problems: str
    next_steps: str
    due_date: date
    submitted_at: datetime | None
    reviewed_at: datetime | None
    reviewed_by: str
    return_reason: str
    version: int
    created_at: datetime


class QuarterlyReportDue(BaseModel):
    """A project whose report for the quarter is missing (none submitted yet), with its due day."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "CX-2026-001",
        "project_name": "楚雄市城市快速路建设项目", "responsible_unit_id": "3f2b7a6c-5e41-4c8e-9f10-0b6f3c1e2a4d",
        "year": 2026, "quarter": 1, "due_date": "2026-04-15", "overdue": True, "overdue_working_days": 3}]})

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID | None
    year: int
    quarter: int
    due_date: date
    overdue: bool = Field(description="today is past the due day")
    overdue_working_days: int = Field(description="working days past the due day on the region's calendar; 0 if not")
