"""Answers of the duty shortfalls (who is behind on a duty this month)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tuijin.meetings.duties.enums import Duty
from tuijin.meetings.duties.values import DutyRules
from tuijin.meetings.examples import examples_of


class DutyShortfall(BaseModel):
    """One duty of one person (a leader's duties) or one unit (a responsible unit's), for one project where the
    duty is per project: how many the rules require in the month, how many were done, and how many are missing
    (``shortfall`` = required − done, never below 0; for a weekly duty, each week counts up to its own
    requirement)."""

    model_config = ConfigDict(json_schema_extra=examples_of("DutyShortfall"))

    duty: Duty
    person_id: uuid.UUID | None = Field(description="the leader (a leader's duty); null for a unit's duty")
    person_name: str | None = None
    unit_id: uuid.UUID | None = Field(None, description="the responsible unit (a unit's duty)")
    project_id: uuid.UUID | None = Field(description="the project (per-project duties); null for push meetings")
    project_name: str | None = None
    required: int = Field(ge=0)
    done: int = Field(ge=0)
    shortfall: int = Field(ge=0)


class DutyShortfalls(BaseModel):
    """A region's duties for a month (a scoring input: ``items`` by duty, person, unit and project, each with
    required, done and shortfall)."""

    model_config = ConfigDict(json_schema_extra=examples_of("DutyShortfalls"))

    region_code: str
    month: str = Field(examples=["2026-10"])
    as_of: date = Field(description="the business date the counts were made")
    month_closed: bool = Field(description="false while the month runs: what is missing may still be done")
    rules: DutyRules = Field(description="the region's duty rules in effect for the month's year")
    people_behind: int = Field(description="distinct people with a shortfall")
    units_behind: int = Field(description="distinct units with a shortfall")
    items: list[DutyShortfall]
