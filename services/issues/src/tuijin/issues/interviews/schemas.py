"""Request and response bodies of interviews (约谈)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues import examples as ex
from tuijin.issues.interviews.enums import IntervieweeKind, InterviewReason
from tuijin.issues.problems.enums import ProblemLevel
from tuijin.kernel.validation import BusinessDate


class InterviewCreate(BaseModel):
    """The record of an interview held (who was interviewed, by whom, why, what was said and promised)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INTERVIEW_CREATE))

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    project_id: uuid.UUID | None = None
    interviewee_kind: IntervieweeKind
    interviewee_name: str = Field(min_length=1, max_length=50, examples=["王某某"])
    interviewee_title: str = Field("", max_length=100, examples=["县交通运输局局长"])
    unit_id: uuid.UUID | None = Field(None, description="the interviewee's unit")
    reasons: list[InterviewReason] = Field(min_length=1)
    held_on: BusinessDate
    location: str = Field("", max_length=200)
    interviewer: str = Field(min_length=1, max_length=100, examples=["县委书记、县长"])
    summary: str = Field(min_length=1, max_length=10000)
    commitments: str = Field("", max_length=10000, description="整改承诺")
    rectification_due_on: BusinessDate | None = Field(None, description="限期整改到位的日期")
    problem_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class InterviewOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INTERVIEW_OUT), from_attributes=True)

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID | None
    project_code: str
    project_name: str
    interviewee_kind: IntervieweeKind
    interviewee_name: str
    interviewee_title: str
    unit_id: uuid.UUID | None
    unit_name: str
    reasons: list[InterviewReason]
    held_on: date
    location: str
    interviewer: str
    summary: str
    commitments: str
    rectification_due_on: date | None
    problem_ids: list[uuid.UUID]
    recorded_by: str
    recorder_name: str = Field("", description="the recorder (记录人) by name, from the registry's people")
    recorder_post: str = Field("", description="the recorder's unit and post, e.g. 栾川县重点项目办督查科长")
    recorded_at: datetime


class UnsolvedProblem(BaseModel):
    problem_id: uuid.UUID
    level: ProblemLevel
    raised_on: date
    open_working_days: int


class InterviewCandidate(BaseModel):
    """A project whose leader or responsible unit head the service proposes to interview, and why."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INTERVIEW_CANDIDATE))

    project_id: uuid.UUID
    project_code: str
    project_name: str
    stage: str
    responsible_unit_id: uuid.UUID | None
    leader_post_id: uuid.UUID | None
    reasons: list[InterviewReason]
    lights: dict[str, str] = Field(description='the project\'s current lights, e.g. {"progress": "red"}')
    unsolved_problems: list[UnsolvedProblem]
    last_interview_on: date | None = Field(None, description="the latest interview recorded about the project")
