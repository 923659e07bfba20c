"""Bodies of the land demand list's routes. Areas are in 亩 (mu), Decimal, served as strings with two places."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.numbers import WAN_DIGITS, WAN_PLACES, WanOut, bounded_decimal, money_text
from tuijin.registry.land_demands.enums import LandKind

# an area in 亩: above zero, four places at most, served "35.50"
Mu = bounded_decimal(WAN_DIGITS, WAN_PLACES, label="面积(亩)", gt=0, serializer=money_text, examples=["35.5"])
MuOut = WanOut

Year = Field(ge=2000, le=2100, description="the year the land is needed for (the list's year)")


class LandDemandIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "year": 2027, "area_mu": "86.5",
        "land_kind": "new_construction", "in_plan": False, "needed_by": "2027-03-31",
        "note": "需办理农用地转用和土地征收审批"}]})

    project_id: uuid.UUID
    year: int = Year
    area_mu: Mu = Field(description="用地面积, 亩")
    land_kind: LandKind
    in_plan: bool = Field(description="whether it is in the year's land-use plan (纳入土地利用年度计划)")
    needed_by: date | None = Field(None, description="需用地时间")
    note: str = Field("", max_length=2000)


class LandDemandPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"area_mu": "92", "in_plan": True, "note": "已纳入2027年度用地计划"}]})

    area_mu: Mu | None = None
    land_kind: LandKind | None = None
    in_plan: bool | None = None
    needed_by: date | None = None
    note: str | None = Field(None, max_length=2000)


class LandDemandOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "region_code": "620524",
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "QS-2027-012",
        "project_name": "清水县轩辕大道东延段建设项目", "responsible_unit_name": "清水县交通运输局",
        "township_name": "永清镇", "year": 2027, "area_mu": "86.50", "land_kind": "new_construction",
        "in_plan": False, "needed_by": "2027-03-31", "note": "需办理农用地转用和土地征收审批",
        "version": 1, "created_at": "2026-10-20T02:00:00Z"}]})

    id: uuid.UUID
    region_code: str
    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_name: str
    township_name: str | None = Field(description="the project's township (乡镇); null when none is recorded")
    year: int
    area_mu: MuOut
    land_kind: LandKind
    in_plan: bool
    needed_by: date | None
    note: str
    version: int
    created_at: datetime


class LandGroup(BaseModel):
    key: str | None = Field(description="the unit's or township's id; null: no township recorded")
    label: str
    projects: int
    demands: int
    area_mu: MuOut = Field(description="用地面积合计, 亩")
    in_plan_area_mu: MuOut = Field(description="of which in the land-use plan, 亩")


class LandSummary(BaseModel):
    """A region's land demand of a year, summed in total, by responsible unit and by township."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "620524", "year": 2027,
        "total": {"key": None, "label": "合计", "projects": 18, "demands": 21, "area_mu": "1260.50",
                  "in_plan_area_mu": "740.00"},
        "by_unit": [{"key": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "label": "清水县交通运输局", "projects": 4,
                     "demands": 5, "area_mu": "420.00", "in_plan_area_mu": "300.00"}],
        "by_township": [{"key": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "label": "永清镇", "projects": 3,
                         "demands": 3, "area_mu": "186.50", "in_plan_area_mu": "100.00"}]}]})

    region_code: str
    year: int
    total: LandGroup
    by_unit: list[LandGroup] = Field(description="Bounded: one group per responsible unit with a demand, by name")
    by_township: list[LandGroup] = Field(
        description="Bounded: one group per township with a demand, by name, then projects without a township")
