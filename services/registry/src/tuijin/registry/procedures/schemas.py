"""Request and response bodies of procedures (手续)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.numbers import Percent
from tuijin.kernel.numbers import Tonnes as KernelTonnes
from tuijin.kernel.numbers import TonnesOut as KernelTonnesOut
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.procedures.enums import ApprovalLevel, EnergyReviewLevel, ProcedureSource, ProcedureStatus
from tuijin.registry.projects.enums import Stage

# tonnes of standard coal (吨标准煤): Decimal in, string out with its scale ("5000.00"), like money; bounded
# in a request
Tonnes = KernelTonnes
TonnesOut = KernelTonnesOut


# ---------------------------------------------------------------- catalogue


class ProcedureTypeIn(BaseModel):
    """A procedure of the region's catalogue."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "code": "eia", "name": "环境影响评价",
        "default_lead_unit_id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "sort_order": 50,
        "description": "环评报告书 / 报告表审批或登记表备案", "approval_level": "county",
    }]})

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", examples=["eia"])
    name: str = Field(min_length=1, max_length=100, examples=["环境影响评价"])
    default_lead_unit_id: uuid.UUID | None = None
    sort_order: int = Field(0, ge=0, le=10000)
    description: str = Field("", max_length=500)
    approval_level: ApprovalLevel = Field(ApprovalLevel.county, description="审批层级: who approves it")


class ProcedureTypePatch(BaseModel):
    """Fields to change; the code stays."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "环境影响评价（含登记表备案）", "sort_order": 55},
        {"approval_level": "city"},
    ]})

    name: str | None = Field(None, min_length=1, max_length=100)
    default_lead_unit_id: uuid.UUID | None = None
    sort_order: int | None = Field(None, ge=0, le=10000)
    is_active: bool | None = None
    description: str | None = Field(None, max_length=500)
    approval_level: ApprovalLevel | None = Field(None, description="审批层级: who approves it")


class ProcedureTypeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "region_code": "410328", "code": "eia", "name": "环境影响评价",
        "default_lead_unit_id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "sort_order": 50, "is_active": True,
        "description": "环评报告书 / 报告表审批或登记表备案", "approval_level": "county", "version": 1,
    }]})

    id: uuid.UUID
    region_code: str
    code: str
    name: str
    default_lead_unit_id: uuid.UUID | None
    sort_order: int
    is_active: bool
    description: str
    approval_level: ApprovalLevel
    version: int


class CatalogueDefaults(BaseModel):
    """Install the shipped catalogue (立项, 可研, 规划选址, 用地预审, 环评, 节能审查, 林地, 水保, 规划许可,
    施工许可) in a region; types whose code is already there are left alone."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"region_code": "410328", "lead_units": {"eia": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091"}},
    ]})

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    lead_units: dict[str, uuid.UUID] = Field(
        default_factory=dict, description='default lead unit by procedure code, e.g. {"eia": "<unit id>"}'
    )


# ---------------------------------------------------------------- a project's procedures


class ProcedureIn(BaseModel):
    """A procedure the project needs; the lead unit defaults to the type's."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "procedure_type_id": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
        "lead_unit_id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "deadline": "2026-05-31",
        "note": "洛宁县生态环境分局已受理",
    }]})

    procedure_type_id: uuid.UUID
    lead_unit_id: uuid.UUID | None = None
    deadline: BusinessDate | None = Field(None, examples=["2026-05-31"])
    energy_use_tce: Tonnes | None = Field(None, description="annual energy use (节能审查 only), t standard coal")
    note: str = Field("", max_length=1000)


class ProcedurePatch(BaseModel):
    """Fields to change; omitted fields stay. The status changes through its own action."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"deadline": "2026-06-30", "note": "专家评审会定于6月中旬召开"},
    ]})

    lead_unit_id: uuid.UUID | None = None
    deadline: BusinessDate | None = None
    energy_use_tce: Tonnes | None = None
    note: str | None = Field(None, max_length=1000)


class StatusChangeIn(BaseModel):
    """done needs the approval number and date; not_needed needs the reason; reopening a done or not-needed
    procedure needs the reason too."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "done", "approval_number": "洛环审〔2026〕12号", "approval_date": "2026-05-20", "reason": ""},
        {"status": "not_needed", "reason": "项目不涉及占用林地"},
    ]})

    status: ProcedureStatus
    approval_number: str = Field("", max_length=100, examples=["栾发改审批〔2026〕12号"])
    approval_date: BusinessDate | None = None
    reason: str = Field("", max_length=500)


class StatusChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "from_status": "in_progress", "to_status": "done", "approval_number": "洛环审〔2026〕12号",
        "approval_date": "2026-05-20", "reason": "", "changed_by": "u-lnx-office-01",
        "changed_at": "2026-05-21T02:00:00Z",
    }]})

    from_status: ProcedureStatus | None
    to_status: ProcedureStatus
    approval_number: str
    approval_date: date | None
    reason: str
    changed_by: str
    changed_at: datetime


PROCEDURE_EXAMPLE = {
    "id": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293", "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41",
    "region_code": "410328", "procedure_type_id": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
    "procedure_code": "eia", "procedure_name": "环境影响评价",
    "lead_unit_id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "status": "in_progress", "deadline": "2026-05-31",
    "approval_number": "", "approval_date": None, "status_reason": "", "source": "manual",
    "energy_use_tce": None, "energy_review_level": None, "note": "洛宁县生态环境分局已受理",
    "is_overdue": False, "days_late": None, "working_days_late": None, "version": 2,
    "created_at": "2026-03-02T01:30:00Z", "updated_at": "2026-04-10T07:45:00Z",
}


class ProcedureOut(BaseModel):
    """A procedure of a project, with its lateness."""

    model_config = ConfigDict(json_schema_extra={"examples": [PROCEDURE_EXAMPLE]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **PROCEDURE_EXAMPLE, "project_code": "LN-2026-007", "project_name": "洛宁县抽水蓄能电站配套道路工程",
        "responsible_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
    }]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "LN-2026-007",
        "project_name": "洛宁县抽水蓄能电站配套道路工程", "system_id": None,
        "responsible_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "leader_post_id": None, "overdue_count": 1,
        "open_procedures": [{
            "id": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293", "procedure_type_id": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
            "procedure_code": "eia", "procedure_name": "环境影响评价",
            "lead_unit_id": "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", "status": "in_progress",
            "deadline": "2026-05-31", "is_overdue": True}],
    }]})


    project_id: uuid.UUID
    project_code: str
    project_name: str
    system_id: uuid.UUID | None
    responsible_unit_id: uuid.UUID
    leader_post_id: uuid.UUID | None
    overdue_count: int
    open_procedures: list[OpenProcedure]


class EnergyReviewLevelOut(BaseModel):
    """Who reviews an energy use (节能审查) under the region's thresholds."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "year": 2026, "energy_use_tce": "1200.00", "level": "city", "label": "市级节能审查",
        "province_min_tce": "5000.00", "city_min_tce": "1000.00",
    }]})

    region_code: str
    year: int
    energy_use_tce: TonnesOut
    level: EnergyReviewLevel
    label: str
    province_min_tce: TonnesOut
    city_min_tce: TonnesOut


# ---------------------------------------------------------------- deadlines by level (栾川)


class LateProcedure(BaseModel):
    """A county-level procedure still open after the county deadline."""

    id: uuid.UUID
    procedure_code: str
    procedure_name: str
    lead_unit_id: uuid.UUID | None
    status: ProcedureStatus
    deadline: date | None = Field(description="the procedure's own deadline, if it has one")


class ProjectProcedureDeadlines(BaseModel):
    """One project of the year's list against the region's ``procedure_deadlines`` policy: its county-level
    procedures open after the county deadline, the share of its procedures done against the 大头落地 target, and,
    for a poverty-alleviation project, whether it was completed by its day. A part whose day the policy leaves null
    is null (or empty) here."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "LC2018-012",
        "project_name": "栾川县易地扶贫搬迁安置点配套工程",
        "responsible_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
        "stage": "under_construction", "is_poverty_alleviation": True,
        "county_due": "2018-05-31", "county_open_late": [{
            "id": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293", "procedure_code": "land_planning_permit",
            "procedure_name": "建设用地规划许可证", "lead_unit_id": None, "status": "in_progress",
            "deadline": "2018-05-20"}],
        "all_due": "2018-06-30", "procedures_needed": 5, "procedures_done": 3, "done_share": "60.00",
        "share_target": "80.00", "meets_share_target": False, "behind_share_target": False,
        "poverty_due": "2018-06-30", "completed_on": None, "poverty_not_completed": False}]})

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID
    stage: Stage
    is_poverty_alleviation: bool
    county_due: date | None = Field(description="county-level procedures done by this day (null: no such deadline)")
    county_open_late: list[LateProcedure] = Field(
        description="county-level procedures not done (nor not needed) on the day asked for, past county_due")
    all_due: date | None = Field(description="all procedures mostly done (大头落地) by this day")
    procedures_needed: int = Field(description="the project's procedures, without those not needed")
    procedures_done: int
    done_share: Percent | None = Field(description="procedures done ÷ needed, percent; null: none needed")
    share_target: Percent = Field(description="大头落地: the share to reach by all_due")
    meets_share_target: bool = Field(description="done_share reaches share_target (no procedure needed: true)")
    behind_share_target: bool = Field(description="past all_due and the share target not met")
    poverty_due: date | None = Field(description="a poverty-alleviation project is completed by this day")
    completed_on: date | None = Field(description="the day the project was moved to completed (竣工), if it was")
    poverty_not_completed: bool = Field(
        description="a poverty-alleviation project past poverty_due and not completed by it")
