"""Request and response bodies of the problem ledger."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues import examples as ex
from tuijin.issues.problems.enums import ActionSource, ProblemAction, ProblemCategory, ProblemLevel, ProblemStatus
from tuijin.kernel.validation import BusinessDate

Reason = Field("", max_length=2000)


class ProblemCreate(BaseModel):
    """A problem raised against a project. The responsible unit defaults to the project's; the answer is due
    within the region's answer timer (working days) and the problem starts at ``level`` (default team)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_CREATE))

    project_id: uuid.UUID
    category: ProblemCategory
    description: str = Field(min_length=1, max_length=5000, examples=["项目用地预审未批复，影响开工"])
    responsible_unit_id: uuid.UUID | None = Field(None, description="the unit asked to solve it (default: project's)")
    co_unit_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    level: ProblemLevel = Field(ProblemLevel.team, description="a level of the region's ladder (default team)")
    deadline: BusinessDate | None = Field(None, description="solve by this day at the level (default: its rule)")


class AssignIn(BaseModel):
    """交办: ask a unit to solve the problem by ``deadline`` (default: the level's rule from today)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ASSIGN))

    unit_id: uuid.UUID
    deadline: BusinessDate | None = None
    co_unit_ids: list[uuid.UUID] | None = Field(None, max_length=20, description="replaces the co-units when given")
    reason: str = Reason


class AnswerIn(BaseModel):
    """The asked unit's answer: how and by when it will be solved (解决思路和时限)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.ANSWER))

    answer: str = Field(min_length=1, max_length=5000)
    planned_resolution_on: BusinessDate | None = None


class DocumentsRequestIn(BaseModel):
    """Missing documents, listed all at once (一次性告知)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.DOCUMENTS_REQUEST))

    documents: list[str] = Field(min_length=1, max_length=50, examples=[["用地红线图", "环评批复"]])
    note: str = Reason


class NoteIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.NOTE))

    note: str = Reason


class ResolveIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.RESOLVE))

    resolution: str = Field(min_length=1, max_length=5000)
    meeting_id: uuid.UUID | None = Field(None, description="the meeting whose decision solved it, if any")


class ReasonIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.REASON))

    reason: str = Field(min_length=1, max_length=2000)


class SendDownIn(BaseModel):
    """Send the problem back down to a lower level, to be solved there by ``deadline``."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.SEND_DOWN))

    deadline: BusinessDate
    to_level: ProblemLevel | None = Field(None, description="default: one level down")
    unit_id: uuid.UUID | None = Field(None, description="assign it to this unit at the same time")
    reason: str = Field(min_length=1, max_length=2000)


class ProblemOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_OUT), from_attributes=True)

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    project_code: str = ""
    project_name: str = ""
    system_id: uuid.UUID | None
    category: ProblemCategory
    description: str
    raised_by: str
    raised_by_unit_id: uuid.UUID | None
    raised_at: datetime
    raised_on: date
    responsible_unit_id: uuid.UUID
    co_unit_ids: list[uuid.UUID] = Field(default_factory=list)
    level: ProblemLevel
    level_name: str = Field("", description="the region's name of the level (its ladder, e.g. 州重点办协调会)")
    level_since: date
    deadline: date | None = Field(description="solve by this day at the current level, else it goes up a level")
    status: ProblemStatus
    answer_due_on: date | None
    answer_overdue: bool = Field(False, description="the answer was (or is) late")
    documents_due_on: date | None
    documents_requested: bool
    answer: str
    resolution: str
    resolved_on: date | None
    resolved_meeting_id: uuid.UUID | None
    closed_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class ProblemEventOut(BaseModel):
    """One step of the timeline."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_EVENT_OUT), from_attributes=True)

    id: uuid.UUID
    action: ProblemAction
    source: ActionSource
    actor: str
    actor_unit_id: uuid.UUID | None
    at: datetime
    occurred_on: date
    reason: str
    from_status: ProblemStatus | None
    to_status: ProblemStatus | None
    from_level: ProblemLevel | None
    to_level: ProblemLevel | None
    unit_id: uuid.UUID | None
    deadline: date | None
    days_at_level: int | None
    days_open: int | None
    late: bool
    meeting_id: uuid.UUID | None
    details: dict[str, Any] = Field(
        description="what the step recorded besides the fields above; its keys depend on the action, e.g. "
        "answer_due_on (assigned or sent down), answer and planned_resolution_on (answered), documents (documents "
        "requested), resolution and meeting_id (resolved), missed_deadline (escalated automatically past its deadline)",
        examples=[{"answer": "已协调自然资源局，预计十日内完成用地预审", "planned_resolution_on": "2026-10-25"}],
    )


class ProblemTimeline(BaseModel):
    """One problem's whole timeline, oldest step first (bulk read of several problems' timelines)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_TIMELINE))

    problem_id: uuid.UUID
    events: list[ProblemEventOut]


class AgendaItem(BaseModel):
    """A problem on a meeting's agenda (read by the meetings service)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.AGENDA_ITEM))

    problem_id: uuid.UUID
    project_id: uuid.UUID
    project_code: str
    project_name: str
    system_id: uuid.UUID | None
    level: ProblemLevel
    category: ProblemCategory
    description: str
    responsible_unit_id: uuid.UUID
    deadline: date | None
    raised_at: datetime
    status: ProblemStatus


class ProblemCounts(BaseModel):
    raised: int = 0
    escalated: int = 0
    resolved: int = 0
    closed: int = 0
    reopened: int = 0
    overdue_answers: int = 0
    late_answers: int = 0


class UnitProblemCounts(ProblemCounts):
    unit_id: uuid.UUID


class ProjectProblemCounts(ProblemCounts):
    project_id: uuid.UUID


class ProblemStats(BaseModel):
    """Counts of timeline steps in [from, to] (business dates), by the unit responsible at the step and by
    project: what scoring reads."""

    region_code: str
    from_: date = Field(alias="from")
    to: date
    totals: ProblemCounts
    by_unit: list[UnitProblemCounts]
    by_project: list[ProjectProblemCounts]

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_STATS), populate_by_name=True)


class LevelOpenCounts(BaseModel):
    level: ProblemLevel
    name: str = Field("", description="the region's name of the level (its ladder)", examples=["州重点办协调会"])
    open: int = Field(description="problems not yet resolved at this level")
    past_deadline: int = Field(description="open and past the deadline of this level (逾期未解决)")
    answer_overdue: int = Field(description="still awaiting an answer past its answer date (答复逾期)")


class OpenProblemSummary(BaseModel):
    """The open problems of a region the caller may see, by level of the escalation ladder (counted in SQL)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.OPEN_SUMMARY))

    region_code: str
    as_of: date
    open: int
    past_deadline: int
    answer_overdue: int
    by_level: list[LevelOpenCounts] = Field(description="every level of the region's ladder, lowest first")


class LevelTime(BaseModel):
    level: ProblemLevel
    name: str = Field("", description="the region's name of the level (its ladder)", examples=["体系例会"])
    exits: int = Field(description="times a problem left the level (up, down or closed) in the period")
    total_working_days: int
    average_working_days: float | None


class GroupMetrics(BaseModel):
    closed: int
    average_days_to_close: float | None = Field(description="working days from raise to close")
    overdue_answers: int
    working_days_by_level: dict[str, float] = Field(description="average working days spent at each level")


class UnitMetrics(GroupMetrics):
    unit_id: uuid.UUID


class ProjectMetrics(GroupMetrics):
    project_id: uuid.UUID


class ProblemMetrics(BaseModel):
    """Figures from the timeline in [from, to]: time at each level, days to close, overdue answers."""

    region_code: str
    from_: date = Field(alias="from")
    to: date
    levels: list[LevelTime]
    average_days_to_close: float | None
    overdue_answers: int
    by_unit: list[UnitMetrics]
    by_project: list[ProjectMetrics]

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.PROBLEM_METRICS), populate_by_name=True)
