"""Request and response bodies of agendas and submissions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tuijin.meetings.agendas.enums import AgendaSource, SubmissionStatus
from tuijin.meetings.examples import examples_of


class AgendaItemOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AgendaItemOut"), from_attributes=True)

    id: uuid.UUID
    position: int
    source: AgendaSource
    problem_id: uuid.UUID | None
    project_id: uuid.UUID | None
    project_code: str
    project_name: str
    title: str
    description: str
    category: str
    responsible_unit_id: uuid.UUID | None
    problem_deadline: date | None
    presenter_unit_id: uuid.UUID | None
    presenter_name: str
    duration_minutes: int
    details: dict[str, Any] = Field(description="free-form: what the item was built from (the problem's level and "
                                    "deadline, the procedure's status…); its keys depend on `kind`")
    submission_id: uuid.UUID | None


class AgendaItemIn(BaseModel):
    """An item added by hand (e.g. the one problem of a coordination meeting, a project of an observation route)."""

    model_config = ConfigDict(json_schema_extra=examples_of("AgendaItemIn"))

    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)
    project_id: uuid.UUID | None = None
    problem_id: uuid.UUID | None = None
    presenter_unit_id: uuid.UUID | None = None
    presenter_name: str = Field("", max_length=50)
    duration_minutes: int = Field(10, ge=1, le=240)
    position: int | None = Field(None, ge=1, description="1 = first; last if omitted")


class AgendaItemPatch(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AgendaItemPatch"))

    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=5000)
    presenter_unit_id: uuid.UUID | None = None
    presenter_name: str | None = Field(None, max_length=50)
    duration_minutes: int | None = Field(None, ge=1, le=240)


class AgendaOrder(BaseModel):
    """Every item of the agenda, once, in the new order."""

    model_config = ConfigDict(json_schema_extra=examples_of("AgendaOrder"))

    item_ids: list[uuid.UUID] = Field(max_length=500)


class SubmissionIn(BaseModel):
    """A unit's progress, problems and requests for the meeting (the office may submit for a unit)."""

    model_config = ConfigDict(json_schema_extra=examples_of("SubmissionIn"))

    unit_id: uuid.UUID | None = Field(None, description="the caller's unit if omitted")
    project_id: uuid.UUID | None = None
    progress: str = Field("", max_length=5000, examples=["一期主体封顶"])
    problems: str = Field("", max_length=5000)
    requests: str = Field("", max_length=5000, examples=["请县自然资源局协调用地指标"])


class SubmissionDecision(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("SubmissionDecision"))

    approve: bool
    note: str = Field("", max_length=500)


class SubmissionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("SubmissionOut"), from_attributes=True)

    id: uuid.UUID
    meeting_id: uuid.UUID
    unit_id: uuid.UUID
    project_id: uuid.UUID | None
    progress: str
    problems: str
    requests: str
    status: SubmissionStatus
    is_late: bool = Field(description="submitted after the meeting's submission due date")
    submitted_by: str
    submitted_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_note: str
