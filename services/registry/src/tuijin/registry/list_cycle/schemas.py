"""Bodies of the yearly list cycle's routes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.list_cycle.enums import CycleStep, StepStatus

_STEP_EXAMPLE = {
    "step": "guide_list", "seq": 1, "due_date": "2026-08-31", "effective_due_date": "2026-08-31",
    "status": "done", "is_overdue": False, "days_late": None, "working_days_late": None,
    "waiting_for": [], "approved_by": "县发改局 王局长", "approved_on": "2026-08-28",
    "note": "《清水县2027年中央预算内投资和地方政府专项债券项目谋划储备名录》已印发",
    "recorded_by": "qs.office", "recorded_at": "2026-08-28T08:30:00Z",
}


class CycleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"region_code": "620524", "target_year": 2027}]})

    region_code: str = Field(pattern=r"^\d{6}$")
    target_year: int = Field(ge=2000, le=2100, description="the year of the list the cycle builds")


class StepCompletion(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"approved_by": "县政府常务会议", "approved_on": "2026-10-18",
         "note": "县政府第12次常务会议审定通过储备项目联审结果"}]})

    approved_by: str = Field(min_length=1, max_length=100, description="who approved the step (a person or body)")
    approved_on: date = Field(description="the day it was approved; not after today")
    note: str = Field("", max_length=2000)


class StepOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_STEP_EXAMPLE]})

    step: CycleStep
    seq: int
    due_date: date = Field(description="the due day of the region's policy")
    effective_due_date: date = Field(description="the due day moved off a non-working day as the policy says")
    status: StepStatus
    is_overdue: bool = Field(description="pending after its effective due date")
    days_late: int | None
    working_days_late: int | None
    waiting_for: list[CycleStep] = Field(description="steps that must be done first and are not")
    approved_by: str
    approved_on: date | None
    note: str
    recorded_by: str
    recorded_at: datetime | None


class CycleOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6a1f0c2e-7b3d-4e5f-8a9b-0c1d2e3f4a5b", "region_code": "620524", "region_name": "清水县",
        "target_year": 2027, "opened_by": "qs.office", "created_at": "2026-08-01T01:00:00Z", "version": 2,
        "steps": [_STEP_EXAMPLE],
    }]})

    id: uuid.UUID
    region_code: str
    target_year: int
    opened_by: str
    created_at: datetime
    version: int
    steps: list[StepOut] = Field(description="Bounded: the cycle's six steps, in order")


class OverdueStepOut(StepOut):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_STEP_EXAMPLE, "status": "pending", "is_overdue": True, "days_late": 3, "working_days_late": 2,
        "approved_by": "", "approved_on": None, "note": "", "recorded_by": "", "recorded_at": None,
        "cycle_id": "6a1f0c2e-7b3d-4e5f-8a9b-0c1d2e3f4a5b", "region_code": "620524", "target_year": 2027}]})

    cycle_id: uuid.UUID
    region_code: str
    target_year: int
