"""Request and response bodies of the registry."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.kernel.numbers import Latitude, Longitude, Wan, WanOut
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.enums import FiveOnes, ListTier, RegionLevel, Stage, TeamRole, UnitKind

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


# ---------------------------------------------------------------- organisation


class RegionIn(BaseModel):
    code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    name: str = Field(min_length=1, max_length=100, examples=["栾川县"])
    level: RegionLevel
    parent_code: str | None = Field(None, pattern=r"^\d{6}$", examples=["410300"])


class RegionOut(ORM):
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


class UnitIn(BaseModel):
    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=100, examples=["栾川县交通运输局"])
    short_name: str = Field("", max_length=40, examples=["县交通局"])
    kind: UnitKind


class UnitPatch(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=100)
    short_name: str | None = Field(None, max_length=40)
    kind: UnitKind | None = None
    is_active: bool | None = None


class UnitOut(ORM):
    id: uuid.UUID
    region_code: str
    name: str
    short_name: str
    kind: UnitKind
    is_active: bool
    version: int


class PersonIn(BaseModel):
    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=50)
    unit_id: uuid.UUID | None = None
    title: str = Field("", max_length=100, examples=["局长"])
    phone: str = Field("", max_length=30)


class PersonOut(ORM):
    id: uuid.UUID
    region_code: str
    name: str
    unit_id: uuid.UUID | None
    title: str
    phone: str


class PostIn(BaseModel):
    region_code: str = Field(pattern=r"^\d{6}$")
    title: str = Field(min_length=1, max_length=100, examples=["副县长（分管交通）"])
    unit_id: uuid.UUID | None = None
    rank: int = Field(100, ge=0, le=100000, description="order in lists, smaller first")


class HolderOut(BaseModel):
    person_id: uuid.UUID
    person_name: str
    start_date: date
    end_date: date | None


class PostOut(ORM):
    id: uuid.UUID
    region_code: str
    title: str
    unit_id: uuid.UUID | None
    rank: int
    holder: HolderOut | None = Field(None, description="the current holder")


class HolderChange(BaseModel):
    """A new holder takes the post from ``start_date``; the previous holding ends the day before."""

    person_id: uuid.UUID
    start_date: BusinessDate


class SystemIn(BaseModel):
    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=100, examples=["现代基础设施体系"])
    convening_unit_id: uuid.UUID | None = None
    sort_order: int = 0


class SystemOut(ORM):
    id: uuid.UUID
    region_code: str
    name: str
    convening_unit_id: uuid.UUID | None
    sort_order: int


# ---------------------------------------------------------------- projects


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
    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    code: str = Field(min_length=1, max_length=40, examples=["LC2026-001"])
    stage: Stage = Stage.preliminary
    total_investment: Money
    responsible_unit_id: uuid.UUID
    co_unit_ids: list[uuid.UUID] = Field(default_factory=list)
    team: list[TeamMemberIn] = Field(default_factory=list)


class ProjectPatch(BaseModel):
    """Fields to change; omitted fields stay. The stage changes through its own action."""

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
    to_stage: Stage
    reason: str = Field("", max_length=500)
    changed_on: BusinessDate | None = Field(None, description="business date of the change; today if omitted")


class StageChangeOut(ORM):
    from_stage: Stage | None
    to_stage: Stage
    changed_on: date
    reason: str
    changed_by: str
    changed_at: datetime


class TierOverride(BaseModel):
    tier: ListTier | None = Field(description="null removes the override")
    reason: str = Field("", max_length=500)


class YearPlanIn(BaseModel):
    planned_investment: Money
    physical_target: str = Field("", max_length=2000)
    planned_start_date: BusinessDate | None = None
    planned_completion_date: BusinessDate | None = None
    planned_operation_date: BusinessDate | None = None


class YearPlanOut(ORM):
    year: int
    planned_investment: MoneyOut
    physical_target: str
    planned_start_date: date | None
    planned_completion_date: date | None
    planned_operation_date: date | None
    in_list: bool = Field(True, description="still on the year's list (false once moved out by 动态管理)")
    version: int


class ProjectSummary(ORM):
    """A project as lists show it."""

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
    ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
