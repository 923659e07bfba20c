"""Request and response bodies of node plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.registry.milestones.enums import MilestoneKind


class RelativeDate(BaseModel):
    """A planned date counted on the working-day calendar from another node of the same project."""

    milestone_id: uuid.UUID = Field(description="the anchor node")
    working_days: int = Field(ge=-2000, le=2000, description="after the anchor (+) or before it (-)", examples=[-20])


class MilestoneIn(BaseModel):
    """A new node: give ``planned_date`` or ``relative_to``, not both."""

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

    name: str | None = Field(None, min_length=1, max_length=100)
    kind: MilestoneKind | None = None
    planned_date: BusinessDate | None = None
    relative_to: RelativeDate | None = None
    actual_date: BusinessDate | None = None
    sort_order: int | None = Field(None, ge=0, le=10000)
    note: str | None = Field(None, max_length=500)


class MilestoneOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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

    target_name: str = Field("竣工", min_length=1, max_length=100)
    target_kind: MilestoneKind = MilestoneKind.completion
    target_date: BusinessDate = Field(examples=["2026-10-12"])
    steps: list[ScheduleStep] = Field(default_factory=list, max_length=100)
    replace: bool = Field(False, description="replace an existing plan none of whose nodes is reached yet")
