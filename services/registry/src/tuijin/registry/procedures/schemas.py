"""Request and response bodies of procedures (手续)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.numbers import Tonnes as KernelTonnes
from tuijin.kernel.numbers import TonnesOut as KernelTonnesOut
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.procedures.enums import EnergyReviewLevel, ProcedureSource, ProcedureStatus

# tonnes of standard coal (吨标准煤): Decimal in, string out with its scale ("5000.00"), like money; bounded
# in a request
Tonnes = KernelTonnes
TonnesOut = KernelTonnesOut


# ---------------------------------------------------------------- catalogue


class ProcedureTypeIn(BaseModel):
    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", examples=["eia"])
    name: str = Field(min_length=1, max_length=100, examples=["环境影响评价"])
    default_lead_unit_id: uuid.UUID | None = None
    sort_order: int = Field(0, ge=0, le=10000)
    description: str = Field("", max_length=500)


class ProcedureTypePatch(BaseModel):
    """Fields to change; the code stays."""

    name: str | None = Field(None, min_length=1, max_length=100)
    default_lead_unit_id: uuid.UUID | None = None
    sort_order: int | None = Field(None, ge=0, le=10000)
    is_active: bool | None = None
    description: str | None = Field(None, max_length=500)


class ProcedureTypeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    region_code: str
    code: str
    name: str
    default_lead_unit_id: uuid.UUID | None
    sort_order: int
    is_active: bool
    description: str
    version: int


class CatalogueDefaults(BaseModel):
    """Install the shipped catalogue (立项, 可研, 规划选址, 用地预审, 环评, 节能审查, 林地, 水保, 规划许可,
    施工许可) in a region; types whose code is already there are left alone."""

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    lead_units: dict[str, uuid.UUID] = Field(
        default_factory=dict, description='default lead unit by procedure code, e.g. {"eia": "<unit id>"}'
    )


# ---------------------------------------------------------------- a project's procedures


class ProcedureIn(BaseModel):
    """A procedure the project needs; the lead unit defaults to the type's."""

    procedure_type_id: uuid.UUID
    lead_unit_id: uuid.UUID | None = None
    deadline: BusinessDate | None = Field(None, examples=["2026-05-31"])
    energy_use_tce: Tonnes | None = Field(None, description="annual energy use (节能审查 only), t standard coal")
    note: str = Field("", max_length=1000)


class ProcedurePatch(BaseModel):
    """Fields to change; omitted fields stay. The status changes through its own action."""

    lead_unit_id: uuid.UUID | None = None
    deadline: BusinessDate | None = None
    energy_use_tce: Tonnes | None = None
    note: str | None = Field(None, max_length=1000)


class StatusChangeIn(BaseModel):
    """done needs the approval number and date; not_needed needs the reason; reopening a done or not-needed
    procedure needs the reason too."""

    status: ProcedureStatus
    approval_number: str = Field("", max_length=100, examples=["栾发改审批〔2026〕12号"])
    approval_date: BusinessDate | None = None
    reason: str = Field("", max_length=500)


class StatusChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: ProcedureStatus | None
    to_status: ProcedureStatus
    approval_number: str
    approval_date: date | None
    reason: str
    changed_by: str
    changed_at: datetime


class ProcedureOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    region_code: str
    procedure_type_id: uuid.UUID
    procedure_code: str
    procedure_name: str
    lead_unit_id: uuid.UUID | None
    status: ProcedureStatus
    deadline: date | None
    approval_number: str
    approval_date: date | None
    status_reason: str
    source: ProcedureSource
    energy_use_tce: TonnesOut | None
    energy_review_level: EnergyReviewLevel | None = Field(
        None, description="who reviews the energy use, from the region's thresholds"
    )
    note: str
    is_overdue: bool = Field(False, description="deadline passed and not done or not needed")
    days_late: int | None = None
    working_days_late: int | None = None
    version: int
    created_at: datetime
    updated_at: datetime


class RegionProcedureOut(ProcedureOut):
    """A procedure in a region-wide list, with its project."""

    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID


class OpenProcedure(BaseModel):
    id: uuid.UUID
    procedure_type_id: uuid.UUID
    procedure_code: str
    procedure_name: str
    lead_unit_id: uuid.UUID | None
    status: ProcedureStatus
    deadline: date | None
    is_overdue: bool


class ProjectOpenProcedures(BaseModel):
    """A project with its unfinished procedures: one line of the joint approval (联审联批) agenda."""

    project_id: uuid.UUID
    project_code: str
    project_name: str
    system_id: uuid.UUID | None
    responsible_unit_id: uuid.UUID
    leader_post_id: uuid.UUID | None
    overdue_count: int
    open_procedures: list[OpenProcedure]


class EnergyReviewLevelOut(BaseModel):
    region_code: str
    year: int
    energy_use_tce: TonnesOut
    level: EnergyReviewLevel
    label: str
    province_min_tce: TonnesOut
    city_min_tce: TonnesOut
