"""Request and response bodies of the reserve library."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.projects.enums import Stage
from tuijin.registry.projects.schemas import Money, MoneyOut
from tuijin.registry.reserve.enums import ReserveCategory, ReserveLevel, ReserveStatus, SelectionRule


class ReserveEntryIn(BaseModel):
    """Put a project of the reserve stage into one of the three libraries."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b", "level": "department",
        "proposing_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "category": "ordinary",
        "planned_total": "11000.00", "planned_first_year": "800.00", "proposed_year": 2027,
        "note": "县发展和改革委员会申报，已完成项目建议书编制",
    }]})

    project_id: uuid.UUID
    level: ReserveLevel
    proposing_unit_id: uuid.UUID = Field(description="the unit that proposed it (a township for the township level)")
    category: ReserveCategory = ReserveCategory.ordinary
    planned_total: Money | None = Field(None, description="计划总投资, 万元; the project's total investment if omitted")
    planned_first_year: Money = Field(description="首年（年度）计划投资, 万元")
    proposed_year: int = Field(ge=2000, le=2100, examples=[2027], description="year of the list it is proposed for")
    note: str = Field("", max_length=2000)


class ReserveEntryPatch(BaseModel):
    """Fields to change while the entry is in the library; rolling it on is a new ``proposed_year``."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"proposed_year": 2028, "planned_first_year": "1200.00", "note": "用地预审未完成，滚动至2028年"},
    ]})

    level: ReserveLevel | None = None
    proposing_unit_id: uuid.UUID | None = None
    category: ReserveCategory | None = None
    planned_total: Money | None = None
    planned_first_year: Money | None = None
    proposed_year: int | None = Field(None, ge=2000, le=2100)
    note: str | None = Field(None, max_length=2000)


class RuleResult(BaseModel):
    """One rule of the selection check with the numbers, so the office sees why."""

    rule: SelectionRule
    value: MoneyOut = Field(description="the entry's figure, 万元")
    threshold: MoneyOut = Field(description="the minimum of the entry's category, 万元")
    passed: bool


class SelectionCheck(BaseModel):
    """The selection check (选定标准) of an entry against its category's thresholds for a year."""

    passed: bool
    year: int = Field(description="year whose policy the check used")
    category: ReserveCategory
    rules: list[RuleResult]


class ReserveEntryOut(BaseModel):
    """An entry of the reserve library with its selection check."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "8e9f0a1b-2c3d-4e5f-9a6b-7c8d9e0f1a2b", "region_code": "410328",
        "project_id": "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b", "project_code": "LN-2026-031",
        "project_name": "洛宁县城乡供水一体化工程", "project_stage": "reserve", "level": "department",
        "proposing_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "category": "ordinary",
        "planned_total": "11000.00", "planned_first_year": "800.00", "proposed_year": 2027,
        "note": "县发展和改革委员会申报，已完成项目建议书编制", "status": "in_reserve",
        "check": {"passed": True, "year": 2027, "category": "ordinary", "rules": [
            {"rule": "total_investment", "value": "11000.00", "threshold": "5000.00", "passed": True},
            {"rule": "first_year_investment", "value": "800.00", "threshold": "500.00", "passed": True}]},
        "created_by": "u-ln-fgw-01", "promoted_year": None, "promoted_to_stage": None, "override_reason": "",
        "promoted_by": "", "promoted_at": None, "created_at": "2026-03-10T02:00:00Z",
        "updated_at": "2026-03-10T02:00:00Z", "version": 1,
    }]})

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    project_code: str
    project_name: str
    project_stage: Stage
    level: ReserveLevel
    proposing_unit_id: uuid.UUID
    category: ReserveCategory
    planned_total: MoneyOut
    planned_first_year: MoneyOut
    proposed_year: int
    note: str
    status: ReserveStatus
    check: SelectionCheck = Field(description="selection check against the policy of proposed_year")
    created_by: str
    promoted_year: int | None
    promoted_to_stage: Stage | None
    override_reason: str
    promoted_by: str
    promoted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class PromotionItem(BaseModel):
    entry_id: uuid.UUID
    to_stage: Literal["preliminary", "new_start"] = Field(
        "new_start", description="前期 or 计划新开工: the stage the project enters the list with"
    )
    override_reason: str = Field(
        "", max_length=500, description="why a project that fails the selection check is promoted anyway"
    )


class PromotionIn(BaseModel):
    """Promote selected reserve entries into year ``year``'s list, all or nothing."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "year": 2027,
        "items": [
            {"entry_id": "8e9f0a1b-2c3d-4e5f-9a6b-7c8d9e0f1a2b", "to_stage": "new_start", "override_reason": ""},
            {"entry_id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "to_stage": "preliminary",
             "override_reason": "县委常委会议定的民生项目，首年投资虽未达标准仍纳入"},
        ],
    }]})

    year: int = Field(ge=2000, le=2100, examples=[2027])
    items: list[PromotionItem] = Field(min_length=1, max_length=500)
