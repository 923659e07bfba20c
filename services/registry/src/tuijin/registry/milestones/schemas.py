"""Request and response bodies of node plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.registry.milestones.enums import MilestoneKind

PROJECT_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
ANCHOR_ID = "6b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
MILESTONE_EXAMPLE = {
    "id": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "project_id": PROJECT_ID, "region_code": "410328",
    "name": "主体完工", "kind": "intermediate", "planned_date": "2026-09-30", "actual_date": None, "sort_order": 2,
    "anchor_milestone_id": ANCHOR_ID, "offset_working_days": -20, "note": "路基及桥梁主体完工",
    "is_overdue": False, "days_late": None, "working_days_late": None, "version": 1,
    "created_at": "2026-03-02T01:00:00Z", "updated_at": "2026-03-02T01:00:00Z",
}


class RelativeDate(BaseModel):
    """A planned date counted on the working-day calendar from another node of the same project."""

    milestone_id: uuid.UUID = Field(description="the anchor node")
    working_days: int = Field(ge=-2000, le=2000, description="after the anchor (+) or before it (-)", examples=[-20])


class MilestoneIn(BaseModel):
    """A new node: give ``planned_date`` or ``relative_to``, not both."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "开工", "kind": "start", "planned_date": "2026-03-16"},
        {"name": "主体完工", "relative_to": {"milestone_id": ANCHOR_ID, "working_days": -20},
         "note": "路基及桥梁主体完工"},
    ]})

    name: str = Field(min_length=1, max_length=100, examples=["主体完工"])
    kind: MilestoneKind = MilestoneKind.intermediate
    planned_date: BusinessDate | None = Field(None, examples=["2026-09-30"])
    relative_to: RelativeDate | None = None
    actual_date: BusinessDate | None = Field(None, description="when the node was reached; not in the future")
    sort_order: int | None = Field(None, ge=0, le=10000, description="position in the plan; last if omitted")
    note: str = Field("", max_length=500)


class MilestonePatch(BaseModel):
    """Fields to change; omitted fields stay. A new ``planned_date`` detaches the node from its anchor;
    ``relative_to`` re-anchors it; ``actual_date: null`` clears a recorded date. Nodes anchored to this
    one move with it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"actual_date": "2026-03-18"}, {"planned_date": "2026-10-09"}]}
    )

    name: str | None = Field(None, min_length=1, max_length=100)
    kind: MilestoneKind | None = None
    planned_date: BusinessDate | None = None
    relative_to: RelativeDate | None = None
    actual_date: BusinessDate | None = None
    sort_order: int | None = Field(None, ge=0, le=10000)
    note: str | None = Field(None, max_length=500)


class MilestoneOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [MILESTONE_EXAMPLE]})

    id: uuid.UUID
    project_id: uuid.UUID
    region_code: str
    name: str
    kind: MilestoneKind
    planned_date: date
    actual_date: date | None
    sort_order: int
    anchor_milestone_id: uuid.UUID | None = Field(description="node this one is counted from, if any")
    offset_working_days: int | None
    note: str
    is_overdue: bool = Field(False, description="not reached and its planned date is before today")
    days_late: int | None = Field(None, description="calendar days since the planned date, when overdue")
    working_days_late: int | None = Field(
        None, description="working days after the planned date up to and including today, when overdue"
    )
    version: int
    created_at: datetime
    updated_at: datetime


class RegionMilestoneOut(MilestoneOut):
    """A node in a region-wide list, with its project."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **MILESTONE_EXAMPLE, "project_code": "LN2026-001", "project_name": "洛宁县抽水蓄能电站配套道路工程",
        "responsible_unit_id": "5f0c3a52-7d1e-4c43-9b8e-2a1f6c0d9e11", "leader_post_id": None,
    }]})

    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID
    leader_post_id: uuid.UUID | None


class ScheduleStep(BaseModel):
    """A node before the target, in chronological order, with the working days from it to the next node
    (the following step, or the target for the last step)."""

    name: str = Field(min_length=1, max_length=100, examples=["主体完工"])
    kind: MilestoneKind = MilestoneKind.intermediate
    working_days_before_next: int = Field(ge=0, le=2000, examples=[20])


class BackwardSchedule(BaseModel):
    """倒排工期: the target node and the steps before it; planned dates are counted back from the target
    on the working-day calendar, and each node stays anchored to the next, so moving the target later moves
    the whole plan."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "target_name": "竣工", "target_kind": "completion", "target_date": "2026-10-12",
        "steps": [{"name": "开工", "kind": "start", "working_days_before_next": 120},
                  {"name": "主体完工", "working_days_before_next": 20}],
        "replace": False,
    }]})

    target_name: str = Field("竣工", min_length=1, max_length=100)
    target_kind: MilestoneKind = MilestoneKind.completion
    target_date: BusinessDate = Field(examples=["2026-10-12"])
    steps: list[ScheduleStep] = Field(default_factory=list, max_length=100)
    replace: bool = Field(False, description="replace an existing plan none of whose nodes is reached yet")
