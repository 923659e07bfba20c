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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "out_project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41",
        "replacement_project_id": "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b",
        "year": 2026,
        "reason": "用地手续受生态保护红线调整影响，年内无法开工",
        "replacement_stage": "new_start",
        "replacement_planned_investment": "800.00",
    }]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"step": "leader", "decision": "approve", "comment": "同意调整"},
        {"step": "congress", "decision": "approve", "comment": "", "document_number": "洛人常〔2026〕8号",
         "decided_on": "2026-06-18"},
    ]})

    step: SwapStep = Field(description="the step being decided; it must be the step the request waits for")
    decision: SwapDecision
    comment: str = Field("", max_length=1000, description="required when refusing")
    document_number: str | None = Field(None, max_length=100, examples=["栾发〔2026〕8号"])
    decided_on: BusinessDate | None = Field(None, description="date of the body's decision; today if omitted")


class WithdrawalIn(BaseModel):
    """Why the request is withdrawn (optional)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"comment": "项目已解决用地问题，撤回调整申请"}]})

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


SWAP_EXAMPLE = {
    "id": "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b", "region_code": "410328", "year": 2026,
    "status": "pending", "chain": ["unit", "leader", "office_filing", "county_committee", "congress"],
    "current_step": "leader",
    "out_project": {"id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "code": "LN-2026-007",
                    "name": "洛宁县抽水蓄能电站配套道路工程", "stage": "new_start"},
    "replacement_project": {"id": "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b", "code": "LN-2026-031",
                            "name": "洛宁县城乡供水一体化工程", "stage": "reserve"},
    "reason": "用地手续受生态保护红线调整影响，年内无法开工", "replacement_stage": "new_start",
    "out_total_investment": "12000.00", "out_planned_investment": "800.00",
    "replacement_total_investment": "11000.00", "replacement_planned_investment": "800.00",
    "comparison": {"passed": True, "total_ratio": "0.30", "year_plan_ratio": None, "rules": [
        {"rule": "total_investment", "out_value": "12000.00", "replacement_value": "11000.00",
         "lower": "8400.00", "upper": "15600.00", "passed": True}]},
    "requested_by": "u-fgw-01", "created_at": "2026-06-02T02:15:00Z", "closed_at": None, "version": 2,
}


class SwapSummary(BaseModel):
    """A swap request as lists show it."""

    model_config = ConfigDict(json_schema_extra={"examples": [SWAP_EXAMPLE]})

    id: uuid.UUID
    region_code: str
    year: int
    status: SwapStatus
    chain: list[SwapStep] = Field(description="the request's approval steps in order: the region's chain "
                                  "(``swap_chain`` policy) when it was made")
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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **SWAP_EXAMPLE,
        "history": [
            {"seq": 1, "action": "submitted", "step": None, "actor": "u-fgw-01", "actor_role": "unit",
             "actor_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "actor_person_id": None,
             "document_number": "", "decided_on": None, "comment": "用地手续受生态保护红线调整影响，年内无法开工",
             "recorded_at": "2026-06-02T02:15:00Z"},
            {"seq": 2, "action": "approved", "step": "unit", "actor": "u-fgw-01", "actor_role": "unit",
             "actor_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "actor_person_id": None,
             "document_number": "", "decided_on": None, "comment": "县发展和改革委员会同意调整",
             "recorded_at": "2026-06-03T01:00:00Z"}],
    }]})

    history: list[SwapActionOut] = Field(default_factory=list)
