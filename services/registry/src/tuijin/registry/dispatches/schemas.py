"""Bodies of the dispatches' routes (调度)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.registry.dispatches.enums import CadenceKind, DayCount
from tuijin.registry.projects.enums import Stage

DISPATCH_EXAMPLE = {
    "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "region_code": "532301",
    "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "unit_id": "3f2b7a6c-5e41-4c8e-9f10-0b6f3c1e2a4d",
    "stage": "preliminary", "dispatched_on": "2026-03-09", "dispatched_by": "市重点办 李主任",
    "findings": "用地预审尚未取得，征地补偿方案未公示", "decisions": "国土资源局3月13日前完成用地预审初审",
    "next_steps": "3月16日再次调度征地进度", "created_by": "office-532301", "version": 1,
    "created_at": "2026-03-09T09:30:00Z",
}


class DispatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "dispatched_on": "2026-03-09",
        "dispatched_by": "市重点办 李主任", "findings": "用地预审尚未取得，征地补偿方案未公示",
        "decisions": "国土资源局3月13日前完成用地预审初审", "next_steps": "3月16日再次调度征地进度"}]})

    project_id: uuid.UUID
    dispatched_on: BusinessDate | None = Field(None, description="the day of the dispatch; today if omitted")
    dispatched_by: str = Field(min_length=1, max_length=100, description="调度人: who dispatched (name, post)")
    findings: str = Field("", max_length=10000, description="发现的情况和问题")
    decisions: str = Field("", max_length=10000, description="调度意见 / 决定")
    next_steps: str = Field("", max_length=10000, description="下步工作")


class DispatchOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [DISPATCH_EXAMPLE]})

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(description="the unit that recorded it (null: the office)")
    stage: Stage = Field(description="the project's stage when it was recorded")
    dispatched_on: date
    dispatched_by: str
    findings: str
    decisions: str
    next_steps: str
    created_by: str
    version: int
    created_at: datetime


class DispatchDue(BaseModel):
    """A project whose dispatch is due or overdue on the day, by its stage's cadence."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "CX-2026-001",
        "project_name": "楚雄市城市快速路建设项目", "responsible_unit_id": "3f2b7a6c-5e41-4c8e-9f10-0b6f3c1e2a4d",
        "stage": "new_start", "cadence": "every_n_days", "cadence_days": 10, "days_counted": "working",
        "due_on": "2026-03-23", "overdue": True, "overdue_working_days": 2, "last_dispatch": DISPATCH_EXAMPLE,
        "days_since": 16, "working_days_since": 12}]})

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID
    stage: Stage
    cadence: CadenceKind
    cadence_days: int | None = Field(description="every_n_days: the days between two dispatches")
    days_counted: DayCount = Field(description="how cadence_days are counted")
    due_on: date = Field(description="the day the next dispatch was due")
    overdue: bool = Field(description="the day asked for is past due_on")
    overdue_working_days: int = Field(description="working days past due_on on the region's calendar; 0 if not")
    last_dispatch: DispatchOut | None = Field(description="the latest dispatch on or before the day; null: none")
    days_since: int | None = Field(description="calendar days since the last dispatch; null: none")
    working_days_since: int | None = Field(description="working days since the last dispatch; null: none")
