"""Request and response bodies of the project library."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.kernel.numbers import Latitude, Longitude, Wan, WanOut
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.organisation.schemas import HolderOut
from tuijin.registry.projects.enums import FiveOnes, ListTier, Stage, TeamRole

# Money in 万元: Decimal in, string out (JSON never carries it as a float). In a request at most 11 integer
# digits and 4 places, never negative (what both databases hold exactly); in an answer with its scale, at
# least two decimals and at most four: "800.00", "1200.50", "287.2345".
Money = Wan
MoneyOut = WanOut

# national project code (项目代码): 2411-130202-89-01-637015, or the older form with a 4-digit year
NATIONAL_CODE = re.compile(r"^(\d{4}-\d{6}-\d{2}-\d{2}-\d{6})$")


def _check_national_code(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip()
    if not NATIONAL_CODE.match(value):
        raise ValueError("must look like 2411-130202-89-01-637015 (time or year, area, industry, type, serial)")
    return value


class ORM(BaseModel):
    model_config = ConfigDict(from_attributes=True)


PROJECT_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
UNIT_ID = "5f0c3a52-7d1e-4c43-9b8e-2a1f6c0d9e11"
POST_ID = "c3d9f1a7-2b64-4e0d-a518-7f9e3b2c6d05"
PERSON_ID = "0b7e2d4f-91a3-4c6e-8f25-6d3c1a9b7e42"
SYSTEM_ID = "8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"
YEAR_PLAN_EXAMPLE = {
    "year": 2026, "planned_investment": "800.00", "physical_target": "完成路基工程12公里",
    "planned_start_date": "2026-03-15", "planned_completion_date": "2027-10-31", "planned_operation_date": None,
    "in_list": True, "monthly_plan": None, "version": 1,
}
# 分月计划投资 of an 800万 year: little in winter, most in the building season
MONTHLY_PLAN_EXAMPLE = ["0.00", "0.00", "30.00", "60.00", "80.00", "100.00", "100.00", "100.00", "100.00", "100.00",
                        "80.00", "50.00"]
SUMMARY_EXAMPLE = {
    "id": PROJECT_ID, "region_code": "410328", "code": "LN2026-001", "national_code": "2411-410328-48-01-637015",
    "name": "洛宁县抽水蓄能电站配套道路工程", "stage": "new_start", "system_id": SYSTEM_ID, "industry": "交通",
    "township_unit_id": None, "total_investment": "12000.00", "responsible_unit_id": UNIT_ID,
    "leader_post_id": POST_ID, "is_poverty_alleviation": False, "latitude": "34.387512", "longitude": "111.653204",
    "version": 3,
}
PROJECT_EXAMPLE = {
    **SUMMARY_EXAMPLE,
    "location": "洛宁县上戈镇", "content": "新建二级公路18.6公里，桥梁3座", "owner_unit_id": UNIT_ID,
    "push_plan": "按月倒排工期，县交通局牵头推进", "ledger": "ledgers/LN2026-001.xlsx", "co_unit_ids": [],
    "team": [{"person_id": PERSON_ID, "role": "team_leader", "person_name": "王建国"}],
    "leader": {"person_id": PERSON_ID, "person_name": "李明", "start_date": "2026-03-01", "end_date": None},
    "leader_post_title": "副县长（分管交通）", "year_plans": [YEAR_PLAN_EXAMPLE], "missing_five_ones": [],
    "tier": "city_major", "tier_computed": "city_major", "tier_override": None, "tier_override_reason": "",
    "created_at": "2026-01-12T02:30:00Z", "updated_at": "2026-03-02T08:15:00Z",
}


class TeamMemberIn(BaseModel):
    person_id: uuid.UUID
    role: TeamRole


class TeamMemberOut(ORM):
    person_id: uuid.UUID
    role: TeamRole
    person_name: str = ""


class ProjectBase(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["栾川至双堂高速公路连接线"])
    national_code: str | None = Field(None, examples=["2411-410324-48-01-637015"])
    system_id: uuid.UUID | None = None
    industry: str = Field("", max_length=50, examples=["交通"])
    township_unit_id: uuid.UUID | None = None
    location: str = Field("", max_length=200)
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    is_poverty_alleviation: bool = False
    content: str = Field("", max_length=5000)
    owner_unit_id: uuid.UUID | None = None
    leader_post_id: uuid.UUID | None = None
    push_plan: str = Field("", max_length=5000)
    ledger: str = Field("", max_length=2000)

    _national = field_validator("national_code")(classmethod(lambda cls, v: _check_national_code(v)))


class ProjectCreate(ProjectBase):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "code": "LN2026-001", "name": "洛宁县抽水蓄能电站配套道路工程",
        "national_code": "2411-410328-48-01-637015", "stage": "new_start", "total_investment": "12000.00",
        "industry": "交通", "location": "洛宁县上戈镇", "content": "新建二级公路18.6公里，桥梁3座",
        "responsible_unit_id": UNIT_ID, "leader_post_id": POST_ID, "system_id": SYSTEM_ID,
        "co_unit_ids": [], "team": [{"person_id": PERSON_ID, "role": "team_leader"}],
    }]})

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    code: str = Field(min_length=1, max_length=40, examples=["LC2026-001"])
    stage: Stage = Stage.preliminary
    total_investment: Money
    responsible_unit_id: uuid.UUID
    co_unit_ids: list[uuid.UUID] = Field(default_factory=list)
    team: list[TeamMemberIn] = Field(default_factory=list)


class ProjectPatch(BaseModel):
    """Fields to change; omitted fields stay. The stage changes through its own action."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"total_investment": "12800.00", "push_plan": "按月倒排工期，县交通局牵头推进"},
    ]})

    name: str | None = Field(None, min_length=1, max_length=200)
    national_code: str | None = None
    system_id: uuid.UUID | None = None
    industry: str | None = Field(None, max_length=50)
    township_unit_id: uuid.UUID | None = None
    location: str | None = Field(None, max_length=200)
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    is_poverty_alleviation: bool | None = None
    content: str | None = Field(None, max_length=5000)
    total_investment: Money | None = None
    owner_unit_id: uuid.UUID | None = None
    responsible_unit_id: uuid.UUID | None = None
    leader_post_id: uuid.UUID | None = None
    push_plan: str | None = Field(None, max_length=5000)
    ledger: str | None = Field(None, max_length=2000)
    co_unit_ids: list[uuid.UUID] | None = None
    team: list[TeamMemberIn] | None = None

    _national = field_validator("national_code")(classmethod(lambda cls, v: _check_national_code(v)))


class StageChangeIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"to_stage": "under_construction", "reason": "已取得施工许可，正式开工", "changed_on": "2026-04-08"},
    ]})

    to_stage: Stage
    reason: str = Field("", max_length=500)
    changed_on: BusinessDate | None = Field(None, description="business date of the change; today if omitted")


class StageChangeOut(ORM):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "from_stage": "new_start", "to_stage": "under_construction", "changed_on": "2026-04-08",
        "reason": "已取得施工许可，正式开工", "changed_by": "office-410328", "changed_at": "2026-04-08T02:00:00Z",
    }]})

    from_stage: Stage | None
    to_stage: Stage
    changed_on: date
    reason: str
    changed_by: str
    changed_at: datetime


class TierOverride(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"tier": "provincial_major", "reason": "列入省重点项目名单（豫发改重点〔2026〕12号）"},
        {"tier": None, "reason": ""},
    ]})

    tier: ListTier | None = Field(description="null removes the override")
    reason: str = Field("", max_length=500)


class YearPlanIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "planned_investment": "800.00", "physical_target": "完成路基工程12公里",
        "planned_start_date": "2026-03-15", "planned_completion_date": "2027-10-31",
        "monthly_plan": MONTHLY_PLAN_EXAMPLE,
    }]})

    planned_investment: Money
    physical_target: str = Field("", max_length=2000)
    planned_start_date: BusinessDate | None = None
    planned_completion_date: BusinessDate | None = None
    planned_operation_date: BusinessDate | None = None
    monthly_plan: list[Money] | None = Field(
        None, min_length=12, max_length=12, title="分月计划投资(万元)",
        description="the planned investment of each month, January to December (万元), adding up to exactly "
        "planned_investment; 序时进度 then follows it instead of months ÷ 12. Null: no monthly plan",
        examples=[MONTHLY_PLAN_EXAMPLE],
    )


class YearPlanOut(ORM):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [YEAR_PLAN_EXAMPLE]})

    year: int
    planned_investment: MoneyOut
    physical_target: str
    planned_start_date: date | None
    planned_completion_date: date | None
    planned_operation_date: date | None
    in_list: bool = Field(True, description="still on the year's list (false once moved out by 动态管理)")
    monthly_plan: list[MoneyOut] | None = Field(
        None, title="分月计划投资(万元)", description="January to December, or null (序时进度 is months ÷ 12)"
    )
    version: int


class ProjectSummary(ORM):
    """A project as lists show it."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [SUMMARY_EXAMPLE]})

    id: uuid.UUID
    region_code: str
    code: str
    national_code: str | None
    name: str
    stage: Stage
    system_id: uuid.UUID | None
    industry: str
    township_unit_id: uuid.UUID | None
    total_investment: MoneyOut
    responsible_unit_id: uuid.UUID
    leader_post_id: uuid.UUID | None
    is_poverty_alleviation: bool
    latitude: Decimal | None
    longitude: Decimal | None
    version: int


class ProjectOut(ProjectSummary):
    """A project with its team, co-units, leader, plan of the year, 五个一 and tier."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [PROJECT_EXAMPLE]})

    location: str
    content: str
    owner_unit_id: uuid.UUID | None
    push_plan: str
    ledger: str
    co_unit_ids: list[uuid.UUID] = Field(default_factory=list)
    team: list[TeamMemberOut] = Field(default_factory=list)
    leader: HolderOut | None = Field(None, description="current holder of the leader post")
    leader_post_title: str | None = None
    year_plans: list[YearPlanOut] = Field(default_factory=list)
    missing_five_ones: list[FiveOnes] = Field(default_factory=list, description="五个一 the project lacks")
    tier: ListTier | None = Field(None, description="list tier of the current year (override wins)")
    tier_computed: ListTier | None = None
    tier_override: ListTier | None = None
    tier_override_reason: str = ""
    created_at: datetime
    updated_at: datetime


class BulkIds(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [PROJECT_ID]}]})

    ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
