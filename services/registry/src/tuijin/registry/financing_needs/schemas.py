"""Bodies of the financing needs list's routes. Amounts are in 万元, Decimal, served as strings with their scale."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.numbers import WAN_DIGITS, WAN_PLACES, WanOut, bounded_decimal, money_text
from tuijin.registry.financing_needs.enums import FinancingChannel, FinancingStatus

# a financing need, 万元: above zero
Amount = bounded_decimal(WAN_DIGITS, WAN_PLACES, label="金额(万元)", gt=0, serializer=money_text, examples=["8000.00"])


class FinancingNeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "year": 2027, "amount": "8000.00",
        "channel": "policy_bank_loan", "status": "proposed", "note": "拟向国家开发银行申请项目贷款"}]})

    project_id: uuid.UUID
    year: int = Field(ge=2000, le=2100, description="the year the financing is sought for")
    amount: Amount = Field(description="融资需求, 万元")
    channel: FinancingChannel
    status: FinancingStatus = FinancingStatus.proposed
    note: str = Field("", max_length=2000)


class FinancingNeedPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "secured", "note": "已与国家开发银行签订贷款合同"}]})

    amount: Amount | None = None
    channel: FinancingChannel | None = None
    status: FinancingStatus | None = None
    note: str | None = Field(None, max_length=2000)


class FinancingNeedOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "region_code": "620524",
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "QS-2027-012",
        "project_name": "清水县轩辕大道东延段建设项目", "responsible_unit_name": "清水县交通运输局",
        "township_name": "永清镇", "year": 2027, "amount": "8000.00", "channel": "policy_bank_loan",
        "status": "recommended", "note": "已通过甘肃信易贷平台推介", "version": 2,
        "created_at": "2026-10-20T02:00:00Z"}]})

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_name: str
    township_name: str | None = Field(description="the project's township (乡镇); null when none is recorded")
    year: int
    amount: WanOut
    channel: FinancingChannel
    status: FinancingStatus
    note: str
    version: int
    created_at: datetime


class FinancingGroup(BaseModel):
    key: str | None = Field(description="the unit's or township's id; null: no township recorded")
    label: str
    projects: int
    needs: int
    amount: WanOut = Field(description="融资需求合计, 万元")
    secured_amount: WanOut = Field(description="of which secured (已落实), 万元")


class FinancingSummary(BaseModel):
    """A region's financing needs of a year, summed in total, by responsible unit and by township."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "620524", "year": 2027,
        "total": {"key": None, "label": "合计", "projects": 12, "needs": 15, "amount": "96000.00",
                  "secured_amount": "20000.00"},
        "by_unit": [{"key": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "label": "清水县交通运输局", "projects": 3,
                     "needs": 4, "amount": "36000.00", "secured_amount": "8000.00"}],
        "by_township": [{"key": None, "label": "未指定乡镇", "projects": 2, "needs": 2, "amount": "5000.00",
                         "secured_amount": "0.00"}]}]})

    region_code: str
    year: int
    total: FinancingGroup
    by_unit: list[FinancingGroup] = Field(
        description="Bounded: one group per responsible unit with a need, by name")
    by_township: list[FinancingGroup] = Field(
        description="Bounded: one group per township with a need, by name, then projects without a township")
