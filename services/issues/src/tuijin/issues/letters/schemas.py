"""Request and response bodies of supervision letters."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues import examples as ex
from tuijin.issues.letters.enums import LetterGrade, LetterReason, LetterSource, LetterStatus, LetterSubject
from tuijin.kernel.validation import BusinessDate


class LetterCreate(BaseModel):
    """A letter issued by hand (office or supervision office), about a problem, a decided item or a project."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.LETTER_CREATE))

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    grade: LetterGrade
    unit_id: uuid.UUID = Field(description="the unit the letter is addressed to")
    subject_kind: LetterSubject
    problem_id: uuid.UUID | None = Field(None, description="required when the subject is a problem")
    decided_item_id: uuid.UUID | None = Field(None, description="required when the subject is a decided item")
    meeting_id: uuid.UUID | None = None
    rectification_id: uuid.UUID | None = Field(None, description="required when the subject is a rectification")
    project_id: uuid.UUID | None = Field(None, description="required when the subject is a project")
    title: str = Field(min_length=1, max_length=200, examples=["关于加快推进栾川至双堂高速连接线项目建设的督办函"])
    body: str = Field(min_length=1, max_length=10000)
    reply_due_on: BusinessDate | None = Field(None, description="default: the region's reply timer in working days")


class ReplyIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.REPLY))

    reply: str = Field(min_length=1, max_length=10000, examples=["已于10月15日完成用地预审报件，预计10月底取得批复。"])


class LetterOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.LETTER_OUT), from_attributes=True)

    id: uuid.UUID
    region_code: str
    year: int
    serial: int
    number: str = Field(examples=["督办〔2026〕12号"])
    grade: LetterGrade
    reason: LetterReason
    source: LetterSource
    subject_kind: LetterSubject
    problem_id: uuid.UUID | None
    decided_item_id: uuid.UUID | None
    meeting_id: uuid.UUID | None
    rectification_id: uuid.UUID | None = Field(None, description="the rectification (整改) the letter chases")
    project_id: uuid.UUID | None
    project_code: str
    project_name: str
    unit_id: uuid.UUID
    unit_name: str
    title: str
    body: str
    issuer: str
    issued_at: datetime
    issued_on: date
    issued_by: str
    reply_due_on: date
    status: LetterStatus
    reply: str
    replied_at: datetime | None
    replied_on: date | None
    replied_by: str | None
    reply_overdue: bool = Field(False, description="no reply yet and the reply is past due, or it came late")
    version: int


class GradeCounts(BaseModel):
    reminder: int = 0
    push: int = 0
    supervision: int = 0
    total: int = 0
    replied_late: int = 0
    unreplied_overdue: int = Field(0, description="not replied and past the reply date (as of today)")


class UnitLetterCounts(GradeCounts):
    unit_id: uuid.UUID


class ProjectLetterCounts(GradeCounts):
    project_id: uuid.UUID


class LetterStats(BaseModel):
    """Letters issued in [from, to] by grade, per addressed unit and per project named (what scoring reads)."""

    region_code: str
    from_: date = Field(alias="from")
    to: date
    totals: GradeCounts
    by_unit: list[UnitLetterCounts]
    by_project: list[ProjectLetterCounts] = Field(default_factory=list, description="letters that name a project")

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.LETTER_STATS), populate_by_name=True)
