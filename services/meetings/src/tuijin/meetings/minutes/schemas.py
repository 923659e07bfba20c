"""Request and response bodies of minutes and decided items."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.meetings.examples import examples_of
from tuijin.meetings.minutes.enums import DecidedItemStatus, FollowUpAction, MinutesStatus, Outcome


class OutcomeIn(BaseModel):
    """What was decided on one agenda item; ``assigned`` needs the unit and the deadline (it becomes a decided
    item of that unit)."""

    model_config = ConfigDict(json_schema_extra=examples_of("OutcomeIn"))

    agenda_item_id: uuid.UUID
    outcome: Outcome
    unit_id: uuid.UUID | None = None
    deadline: BusinessDate | None = None
    note: str = Field("", max_length=5000, examples=["由县自然资源局于10月30日前完成用地预审"])


class ExtraItemIn(BaseModel):
    """A decided item (议定事项) beyond the assigned outcomes."""

    model_config = ConfigDict(json_schema_extra=examples_of("ExtraItemIn"))

    title: str = Field(min_length=1, max_length=500)
    owner_unit_id: uuid.UUID
    due_date: BusinessDate
    project_id: uuid.UUID | None = None


class Recipient(BaseModel):
    """Where the minutes go (主送/抄送): a unit, or a body such as 县委办 by name."""

    model_config = ConfigDict(json_schema_extra=examples_of("Recipient"))

    name: str = Field(min_length=1, max_length=100, examples=["县委办公室"])
    unit_id: uuid.UUID | None = None


class MinutesIn(BaseModel):
    """The draft minutes, replaced as a whole while the meeting is held and the minutes not published."""

    model_config = ConfigDict(json_schema_extra=examples_of("MinutesIn"))

    summary: str = Field("", max_length=20000)
    outcomes: list[OutcomeIn] = Field(default_factory=list, max_length=500)
    decided_items: list[ExtraItemIn] = Field(default_factory=list, max_length=500)
    distribution: list[Recipient] = Field(default_factory=list, max_length=500)


class OutcomeOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("OutcomeOut"), from_attributes=True)

    agenda_item_id: uuid.UUID
    position: int
    problem_id: uuid.UUID | None
    project_id: uuid.UUID | None
    outcome: Outcome
    unit_id: uuid.UUID | None
    deadline: date | None
    note: str


class AddendumIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AddendumIn"))

    text: str = Field(min_length=2, max_length=20000)


class AddendumOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AddendumOut"), from_attributes=True)

    seq: int
    text: str
    added_by: str
    added_at: datetime


class DecidedItemOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("DecidedItemOut"), from_attributes=True)

    id: uuid.UUID
    region_code: str
    meeting_id: uuid.UUID | None = Field(description="the meeting whose minutes decided it; null: a site visit's")
    minutes_id: uuid.UUID | None
    site_visit_id: uuid.UUID | None = Field(
        None, description="the site visit (现场调研 / 现场办公) that decided it; null: a meeting's")
    seq: int
    title: str
    owner_unit_id: uuid.UUID
    project_id: uuid.UUID | None
    problem_id: uuid.UUID | None
    due_date: date
    status: DecidedItemStatus
    is_overdue: bool = Field(False, description="open and past its due date")
    done_on: date | None
    verified_at: datetime | None
    verified_by: str
    version: int


class MinutesOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("MinutesOut"))

    id: uuid.UUID
    meeting_id: uuid.UUID
    status: MinutesStatus
    summary: str
    distribution: list[Recipient]
    outcomes: list[OutcomeOut]
    draft_decided_items: list[ExtraItemIn] = Field(description="decided items beyond the outcomes, while a draft")
    decided_items: list[DecidedItemOut] = Field(description="once published")
    addenda: list[AddendumOut]
    published_at: datetime | None
    published_by: str
    version: int


class FollowUpIn(BaseModel):
    """A step of the follow-up: progress (a note), done (the owner unit or the office), verify or reopen (the
    office only; reopening needs the note)."""

    model_config = ConfigDict(json_schema_extra=examples_of("FollowUpIn"))

    action: FollowUpAction
    note: str = Field("", max_length=1000)


class FollowUpOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("FollowUpOut"), from_attributes=True)

    action: FollowUpAction
    from_status: DecidedItemStatus
    to_status: DecidedItemStatus
    note: str
    by: str
    at: datetime


class DecidedItemDetail(DecidedItemOut):
    model_config = ConfigDict(json_schema_extra=examples_of("DecidedItemDetail"))

    follow_ups: list[FollowUpOut]


class UnitDecidedStats(BaseModel):
    """Per owner unit over the decided items due in the period (a scoring input)."""

    model_config = ConfigDict(json_schema_extra=examples_of("UnitDecidedStats"))

    unit_id: uuid.UUID
    due: int
    done_on_time: int
    done_late: int
    overdue: int = Field(description="past due and not done by the due date (still open, or done late)")
    open_overdue: int = Field(description="still open past the due date")


class ProjectDecidedStats(BaseModel):
    """Per project over the decided items about it due in the period (a scoring input for project rankings)."""

    model_config = ConfigDict(json_schema_extra=examples_of("ProjectDecidedStats"))

    project_id: uuid.UUID
    due: int
    done_on_time: int
    done_late: int
    overdue: int = Field(description="past due and not done by the due date (still open, or done late)")
    open_overdue: int = Field(description="still open past the due date")


class DecidedItemStats(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("DecidedItemStats"))

    region_code: str
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    as_of: date
    units: list[UnitDecidedStats]
    projects: list[ProjectDecidedStats] = Field(default_factory=list, description="items that name a project")
