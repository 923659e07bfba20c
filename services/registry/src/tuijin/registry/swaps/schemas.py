"""Request and response bodies of dynamic management (动态管理)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.validation import BusinessDate
from tuijin.registry.projects.enums import Stage
from tuijin.registry.projects.schemas import Money, MoneyOut
from tuijin.registry.swaps.enums import ComparisonRule, SwapAction, SwapDecision, SwapStatus, SwapStep


class SwapIn(BaseModel):
    """Move ``out_project_id`` out of the year's list and ``replacement_project_id`` in."""

    out_project_id: uuid.UUID
    replacement_project_id: uuid.UUID = Field(
        description="a project of the reserve library, or a candidate of the region not on the year's list"
    )
    year: int | None = Field(None, ge=2000, le=2100, description="year of the list; this year if omitted")
    reason: str = Field(min_length=1, max_length=2000, description="why the project cannot proceed")
    replacement_stage: Literal["preliminary", "new_start"] | None = Field(
        None, description="stage a reserve replacement enters the list with (计划新开工 if omitted)"
    )
    replacement_planned_investment: Money | None = Field(
        None,
        description="the replacement's planned investment for the year, 万元; defaults to its reserve entry's "
        "first-year investment or its existing plan for the year",
    )


class SwapDecisionIn(BaseModel):
    """A step's decision. The county committee and government and the people's congress standing
    committee are recorded by the office on their behalf, with the document number of their decision."""

    step: SwapStep = Field(description="the step being decided; it must be the step the request waits for")
    decision: SwapDecision
    comment: str = Field("", max_length=1000, description="required when refusing")
    document_number: str | None = Field(None, max_length=100, examples=["栾发〔2026〕8号"])
    decided_on: BusinessDate | None = Field(None, description="date of the body's decision; today if omitted")


class WithdrawalIn(BaseModel):
    comment: str = Field("", max_length=1000)


class ComparisonResult(BaseModel):
    """One comparability rule with the numbers: the replacement must lie within [lower, upper]."""

    rule: ComparisonRule
    out_value: MoneyOut
    replacement_value: MoneyOut
    lower: MoneyOut
    upper: MoneyOut
    passed: bool


class Comparison(BaseModel):
    """Is the replacement comparable (投资额相当)? Tolerances come from the region's policy for the year."""

    passed: bool
    total_ratio: Decimal
    year_plan_ratio: Decimal | None
    rules: list[ComparisonResult]


class SwapProject(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    stage: Stage


class SwapActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    action: SwapAction
    step: SwapStep | None
    actor: str
    actor_role: str
    actor_unit_id: uuid.UUID | None
    actor_person_id: uuid.UUID | None
    document_number: str
    decided_on: date | None
    comment: str
    recorded_at: datetime


class SwapSummary(BaseModel):
    """A swap request as lists show it."""

    id: uuid.UUID
    region_code: str
    year: int
    status: SwapStatus
    current_step: SwapStep | None = Field(description="the step the request waits for; null once closed")
    out_project: SwapProject
    replacement_project: SwapProject
    reason: str
    replacement_stage: Stage | None
    out_total_investment: MoneyOut
    out_planned_investment: MoneyOut
    replacement_total_investment: MoneyOut
    replacement_planned_investment: MoneyOut
    comparison: Comparison
    requested_by: str
    created_at: datetime
    closed_at: datetime | None
    version: int


class SwapOut(SwapSummary):
    """A swap request with its history (append-only)."""

    history: list[SwapActionOut] = Field(default_factory=list)
