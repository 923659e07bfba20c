"""Request and response bodies of inspections (督查)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues import examples as ex
from tuijin.issues.inspections.enums import FindingDisposition, FindingState, InspectionKind, InspectionStatus
from tuijin.issues.problems.enums import ProblemCategory, ProblemStatus
from tuijin.issues.rectifications.enums import RectificationStatus
from tuijin.kernel.numbers import Percent, Wan, WanOut
from tuijin.kernel.validation import BusinessDate

Text = Field("", max_length=5000)


class Inspector(BaseModel):
    """A member of the inspection team (督查组成员): a person by name and title, with their unit when it is one of
    the region's."""

    name: str = Field(min_length=1, max_length=50, examples=["李华"])
    title: str = Field("", max_length=100, examples=["督查科科长"])
    unit_id: uuid.UUID | None = None


class InspectorOut(Inspector):
    unit_name: str = ""


class InspectionCreate(BaseModel):
    """An inspection planned: its kind, theme, team, day and the projects to visit. A special inspection
    (专项督查) is unannounced (四不两直): the inspected units and leaders do not see it until it is recorded."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INSPECTION_CREATE))

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    kind: InspectionKind
    theme: str = Field(min_length=1, max_length=200, examples=["资金未落实项目专项督查"])
    lead: str = Field("", max_length=100, description="带队领导", examples=["王建国"])
    team: list[Inspector] = Field(default_factory=list, max_length=50)
    inspected_on: BusinessDate = Field(description="the day planned for the visit")
    project_ids: list[uuid.UUID] = Field(min_length=1, max_length=100, description="the projects to visit")


class InspectionPatch(BaseModel):
    """A change to a planned inspection (the fields given replace the plan's)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INSPECTION_PATCH))

    kind: InspectionKind | None = None
    theme: str | None = Field(None, min_length=1, max_length=200)
    lead: str | None = Field(None, max_length=100)
    team: list[Inspector] | None = Field(None, max_length=50)
    inspected_on: BusinessDate | None = None
    project_ids: list[uuid.UUID] | None = Field(None, min_length=1, max_length=100)


class InspectionCheckIn(BaseModel):
    """What was checked at one project: physical work against the latest report, funds disbursed (万元)."""

    project_id: uuid.UUID
    reported_progress: str = Field("", max_length=2000, description="形象进度 as the latest report says")
    observed_progress: str = Field("", max_length=2000, description="形象进度 as seen on site")
    reported_percent: Percent | None = None
    observed_percent: Percent | None = None
    funds_reported: Wan | None = Field(None, description="funds disbursed as reported, 万元")
    funds_disbursed: Wan | None = Field(None, description="funds disbursed as verified on site (资金拨付), 万元")
    note: str = Field("", max_length=2000)


class InspectionFindingIn(BaseModel):
    """A finding at a project visited: closed on the spot (当场整改), or a problem put on the ladder, asked of the
    responsible unit (default: the project's) with a rectification deadline (整改期限)."""

    project_id: uuid.UUID
    category: ProblemCategory = ProblemCategory.other
    description: str = Field(min_length=1, max_length=5000)
    disposition: FindingDisposition
    measures: str = Field("", max_length=5000, description="整改意见, or what was done on the spot")
    responsible_unit_id: uuid.UUID | None = Field(None, description="the unit to rectify (default: the project's)")
    rectification_due_on: BusinessDate | None = Field(None, description="整改期限; required for a problem")
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                            description="evidence: files attached to this inspection")


class InspectionRecord(BaseModel):
    """The inspection as held: the day, the overall picture, what was checked per project and the findings. All or
    nothing: every finding to rectify becomes a problem in the same transaction, or nothing is written."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INSPECTION_RECORD))

    inspected_on: BusinessDate | None = Field(None, description="the day it was held (default: the planned day)")
    summary: str = Text
    checks: list[InspectionCheckIn] = Field(default_factory=list, max_length=100)
    findings: list[InspectionFindingIn] = Field(default_factory=list, max_length=200)


class InspectionCheckOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID | None
    checked: bool
    reported_progress: str
    observed_progress: str
    reported_percent: Percent | None
    observed_percent: Percent | None
    funds_reported: WanOut | None
    funds_disbursed: WanOut | None
    note: str


class InspectionFindingOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INSPECTION_FINDING_OUT))

    id: uuid.UUID
    position: int
    project_id: uuid.UUID
    project_code: str
    project_name: str
    category: ProblemCategory
    description: str
    disposition: FindingDisposition
    measures: str
    responsible_unit_id: uuid.UUID | None
    responsible_unit_name: str
    rectification_due_on: date | None
    problem_id: uuid.UUID | None = Field(description="the problem put on the ladder (none when closed on the spot)")
    attachment_ids: list[uuid.UUID]
    problem_status: ProblemStatus | None
    rectification_id: uuid.UUID | None = Field(
        default=None, description="the rectification (整改) chased by letters (none when closed on the spot)")
    rectification_status: RectificationStatus | None = None
    state: FindingState


class InspectionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.INSPECTION_OUT))

    id: uuid.UUID
    region_code: str
    kind: InspectionKind
    status: InspectionStatus
    theme: str
    lead: str
    team: list[InspectorOut]
    inspected_on: date
    summary: str
    projects: list[InspectionCheckOut]
    findings: list[InspectionFindingOut]
    created_by: str
    recorded_by: str | None
    recorded_at: datetime | None
    closed_by: str | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class BehindProject(BaseModel):
    """A project behind (亮灯: its start or progress light not green): one a periodic inspection (定期督查) covers."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.BEHIND_PROJECT))

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID | None
    lights: dict[str, str] = Field(description='the project\'s lights that are not green, e.g. {"progress": "red"}')
    reasons: list[str] = Field(description="why each light is on, as the registry said")
