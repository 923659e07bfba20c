"""Request and response bodies of site visits (现场调研督导 / 现场办公)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.meetings.examples import examples_of
from tuijin.meetings.minutes.schemas import DecidedItemOut
from tuijin.meetings.site_visits.enums import VisitKind

MAX_NAMED = 50  # people, projects or units on one visit


class DecisionIn(BaseModel):
    """What the visit decided (现场议定事项): it becomes a decided item (议定事项) of the owner unit, due on
    ``due_date``, followed up and chased like a meeting's."""

    model_config = ConfigDict(json_schema_extra=examples_of("DecisionIn"))

    title: str = Field(min_length=1, max_length=500)
    owner_unit_id: uuid.UUID
    due_date: BusinessDate
    project_id: uuid.UUID | None = Field(None, description="one of the visit's projects")


class SiteVisitIn(BaseModel):
    """A visit to one or more projects, recorded by the leader, a unit head, or the office on their behalf."""

    model_config = ConfigDict(json_schema_extra=examples_of("SiteVisitIn"))

    region_code: str = Field(pattern=r"^\d{6}$")
    visited_on: BusinessDate = Field(description="business date of the visit (not after today)")
    kind: VisitKind
    title: str = Field(min_length=2, max_length=200)
    leading_person_id: uuid.UUID = Field(description="the person who led the visit (带队领导)")
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_NAMED,
                                        description="the others on the visit (随行人员)")
    project_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_NAMED)
    unit_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_NAMED,
                                      description="units present on site (到场单位)")
    observations: str = Field("", max_length=20000, description="what was seen (现场查看情况)")
    conclusions: str = Field("", max_length=20000, description="what was decided, in words")
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=100)


class SiteVisitPatch(BaseModel):
    """A change of a visit: the fields given replace theirs; ``new_decisions`` adds decided items (the ones
    already made are followed up as decided items, not edited here)."""

    model_config = ConfigDict(json_schema_extra=examples_of("SiteVisitPatch"))

    visited_on: BusinessDate | None = None
    kind: VisitKind | None = None
    title: str | None = Field(None, min_length=2, max_length=200)
    leading_person_id: uuid.UUID | None = None
    person_ids: list[uuid.UUID] | None = Field(None, max_length=MAX_NAMED)
    project_ids: list[uuid.UUID] | None = Field(None, min_length=1, max_length=MAX_NAMED)
    unit_ids: list[uuid.UUID] | None = Field(None, max_length=MAX_NAMED)
    observations: str | None = Field(None, max_length=20000)
    conclusions: str | None = Field(None, max_length=20000)
    new_decisions: list[DecisionIn] = Field(default_factory=list, max_length=100)


class SiteVisitOut(BaseModel):
    """A visit with the people, projects and units it names and the decided items it made."""

    model_config = ConfigDict(json_schema_extra=examples_of("SiteVisitOut"))

    id: uuid.UUID
    region_code: str
    visited_on: date
    kind: VisitKind
    title: str
    leading_person_id: uuid.UUID
    person_ids: list[uuid.UUID] = Field(description="everyone on the visit, the leading person first")
    project_ids: list[uuid.UUID]
    unit_ids: list[uuid.UUID]
    observations: str
    conclusions: str
    decided_items: list[DecidedItemOut]
    recorded_by: str
    recorded_by_unit_id: uuid.UUID | None
    created_at: datetime
    version: int
