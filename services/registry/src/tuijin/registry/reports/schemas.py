"""Request and response bodies of progress reports."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from tuijin.kernel.numbers import Percent as PercentIn
from tuijin.kernel.numbers import percent_text, served
from tuijin.registry.policies import ReportDueRule
from tuijin.registry.projects.schemas import Money, MoneyOut
from tuijin.registry.reports.enums import PeriodKind, ReportAction, ReportStatus
from tuijin.registry.reports.periods import parse_period

REPORT_EXAMPLE = {
    "id": "6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f", "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41",
    "region_code": "410328", "period": "2026-05", "period_kind": "monthly", "period_start": "2026-05-01",
    "period_end": "2026-05-31", "year": 2026, "status": "submitted", "investment_completed": "800.00",
    "funds_in_place": "600.00", "physical_progress": "路基土方完成65%，K3+200桥梁桩基施工中",
    "physical_percent": "45.00",
    "demolition_progress": "征迁完成98%，剩余2户正在协商", "problems": "部分路段临时用地手续未批复",
    "measures": "县自然资源局牵头，6月10日前完成临时用地审批", "photos": ["reports/2026-05/ln-007-01.jpg"],
    "good_practices": "实行“挂图作战”，每周对照节点倒排工期", "suggestions": "建议县自然资源局对临时用地实行并联审批",
    "due_at": "2026-05-22T10:00:00Z", "verify_by_at": "2026-05-26T10:00:00Z",
    "first_submitted_at": "2026-05-20T03:12:00Z", "submitted_at": "2026-05-20T03:12:00Z", "verified_at": None,
    "is_late": False, "late_seconds": None, "is_overdue": False, "verified_late": None, "return_reason": "",
    "created_by": "u-ln-jtj-01", "version": 2, "created_at": "2026-05-18T08:00:00Z",
    "updated_at": "2026-05-20T03:12:00Z",
    "computed": {
        "year_to_date_completed": "2900.00", "since_start_completed": "5300.00", "year_planned_investment": "8000.00",
        "year_plan_rate": "36.25", "total_investment": "12000.00", "total_investment_rate": "44.17",
        "time_progress": "41.67", "behind_points": "5.42",
    },
}

# a percentage to 0.01, Decimal in, string out with two decimals ("37.50", "45.00")
Percent = Annotated[Decimal, *served(percent_text)]
FileRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
PERIOD_EXAMPLES = ["2026-05", "2026-W19"]
TEXT_MAX = 2000  # good practices and suggestions: a paragraph each, like 形象进度


def _check_period(value: str) -> str:
    parse_period(value)  # ValueError → 422 naming the field
    return value


class ReportFields(BaseModel):
    """What a unit reports for a period; totals and rates are computed, never sent."""

    investment_completed: Money = Field(Decimal(0), description="investment completed this period, 万元")
    funds_in_place: Money = Field(Decimal(0), description="funds in place this period (到位资金), 万元")
    physical_progress: str = Field("", max_length=2000, description="形象进度", examples=["主体结构完成至三层"])
    physical_percent: PercentIn | None = Field(None, description="形象进度 in percent", examples=["45"])
    demolition_progress: str = Field("", max_length=2000, description="征迁进展")
    problems: str = Field("", max_length=5000, description="存在问题")
    measures: str = Field("", max_length=5000, description="采取措施")
    photos: list[FileRef] = Field(default_factory=list, max_length=50, description="file references of photos")
    good_practices: str = Field(
        "", max_length=TEXT_MAX, title="好经验、好做法",
        description="good practices of the period, optional (栾川: sent with the monthly report)",
        examples=["实行“挂图作战”，每周对照节点倒排工期"],
    )
    suggestions: str = Field(
        "", max_length=TEXT_MAX, title="意见建议", description="suggestions to the office, optional (栾川)",
        examples=["建议县自然资源局对临时用地实行并联审批"],
    )


class ReportCreate(ReportFields):
    """A report of one period (月报 / 周报): a draft, or submitted at once with ``submit``."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "period": "2026-05", "investment_completed": "800.00", "funds_in_place": "600.00",
        "physical_progress": "路基土方完成65%，K3+200桥梁桩基施工中", "physical_percent": "45",
        "demolition_progress": "征迁完成98%，剩余2户正在协商", "problems": "部分路段临时用地手续未批复",
        "measures": "县自然资源局牵头，6月10日前完成临时用地审批", "photos": ["reports/2026-05/ln-007-01.jpg"],
        "good_practices": "实行“挂图作战”，每周对照节点倒排工期",
        "suggestions": "建议县自然资源局对临时用地实行并联审批", "submit": True,
    }]})

    period: str = Field(description="a month (2026-05) or an ISO week (2026-W19)", examples=PERIOD_EXAMPLES)
    submit: bool = Field(False, description="submit at once instead of keeping a draft")

    _period = field_validator("period")(classmethod(lambda cls, v: _check_period(v)))


class ReportPatch(BaseModel):
    """Fields to change while the report is a draft or returned; omitted fields stay."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"investment_completed": "820.00", "physical_progress": "路基土方完成70%，K3+200桥梁桩基完成"},
    ]})

    investment_completed: Money | None = None
    funds_in_place: Money | None = None
    physical_progress: str | None = Field(None, max_length=2000)
    physical_percent: PercentIn | None = None
    demolition_progress: str | None = Field(None, max_length=2000)
    problems: str | None = Field(None, max_length=5000)
    measures: str | None = Field(None, max_length=5000)
    photos: list[FileRef] | None = Field(None, max_length=50)
    good_practices: str | None = Field(None, max_length=TEXT_MAX, title="好经验、好做法")
    suggestions: str | None = Field(None, max_length=TEXT_MAX, title="意见建议")


class ReturnIn(BaseModel):
    """Why the office returns a submitted report."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "完成投资与财务数据不符，请核实"}]})

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] = Field(
        description="why the office returns the report", examples=["完成投资与财务数据不符，请核实"]
    )


class ReportComputed(BaseModel):
    """Computed from the reports (submitted and verified ones, and this one), never typed in."""

    year_to_date_completed: MoneyOut = Field(description="this year's periods up to this one, 万元")
    since_start_completed: MoneyOut = Field(description="every reported period up to this one, 万元")
    year_planned_investment: MoneyOut | None = Field(None, description="年度计划投资 of the report's year")
    year_plan_rate: Percent | None = Field(None, description="year to date ÷ this year's plan, %")
    total_investment: MoneyOut
    total_investment_rate: Percent | None = Field(None, description="since start ÷ total investment, %")
    time_progress: Percent = Field(
        description="序时进度 at the period's end: the share of the year's monthly investment plan due by then, or "
        "elapsed months ÷ 12 without one, %"
    )
    behind_points: Percent | None = Field(
        None, description="序时进度 minus the year plan rate, in points (positive: behind)"
    )


class ReportOut(BaseModel):
    """A report with its lateness and computed totals and rates."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [REPORT_EXAMPLE]})

    id: uuid.UUID
    project_id: uuid.UUID
    region_code: str
    period: str
    period_kind: PeriodKind
    period_start: date
    period_end: date
    year: int
    status: ReportStatus
    investment_completed: MoneyOut
    funds_in_place: MoneyOut
    physical_progress: str
    physical_percent: Percent | None
    demolition_progress: str
    problems: str
    measures: str
    photos: list[str]
    good_practices: str = Field(title="好经验、好做法")
    suggestions: str = Field(title="意见建议")
    due_at: datetime = Field(description="the due instant (on time: first submitted at or before it)")
    verify_by_at: datetime | None
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    verified_at: datetime | None
    is_late: bool = Field(description="first submitted after the due instant")
    late_seconds: int | None = Field(None, description="how late the first submission was")
    is_overdue: bool = Field(description="not submitted and the due instant has passed")
    verified_late: bool | None = Field(None, description="verified after the verify-by instant (null: not yet / none)")
    return_reason: str
    created_by: str
    version: int
    created_at: datetime
    updated_at: datetime
    computed: ReportComputed


class ReportStepOut(BaseModel):
    """One step of a report's history."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "action": "return", "from_status": "submitted", "to_status": "returned",
        "reason": "完成投资与财务数据不符，请核实",
        "actor": "u-ln-office-01", "actor_unit_id": "4a5b6c7d-8e9f-4012-a345-6789abcdef01",
        "at": "2026-05-21T02:30:00Z",
    }]})

    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus
    reason: str
    actor: str
    actor_unit_id: uuid.UUID | None
    at: datetime


class LatestReportsIn(BaseModel):
    """The projects whose latest report is wanted."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_ids": ["0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b"],
        "include_drafts": False,
    }]})

    project_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
    include_drafts: bool = Field(False, description="also consider drafts and returned reports")


class OverdueReportOut(BaseModel):
    """A project that had not submitted its report of the period by the due instant."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "project_code": "LN-2026-007",
        "project_name": "洛宁县抽水蓄能电站配套道路工程", "responsible_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
        "period": "2026-05", "due_at": "2026-05-22T10:00:00Z",
        "report_id": "6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f", "report_status": "draft",
    }]})

    project_id: uuid.UUID
    project_code: str
    project_name: str
    responsible_unit_id: uuid.UUID
    period: str
    due_at: datetime
    report_id: uuid.UUID | None = Field(None, description="the unsubmitted draft or returned report, if any")
    report_status: ReportStatus | None = None


class UnitTimeliness(BaseModel):
    """Report timeliness of one responsible unit for a period (楚雄 logs each report for the assessment)."""

    unit_id: uuid.UUID
    unit_name: str
    expected: int = Field(description="projects expected to report, plus any other project that reported")
    on_time: int
    late: int
    missing: int = Field(description="not submitted, due instant passed")
    pending: int = Field(description="not submitted yet, due instant still ahead")


class TimelinessOut(BaseModel):
    """Report timeliness of a region's responsible units for one period."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "period": "2026-05", "due_at": "2026-05-22T10:00:00Z",
        "units": [{"unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "unit_name": "县发展和改革委员会",
                   "expected": 12, "on_time": 10, "late": 1, "missing": 1, "pending": 0}],
    }]})

    region_code: str
    period: str
    due_at: datetime
    units: list[UnitTimeliness]


class ProjectYearTotals(BaseModel):
    """A project on the year's list with its plan of the year and its reports (monthly or weekly) from January
    through a month, summed in SQL: what a scoring run reads for a whole region in one call."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "code": "LN-2026-007",
        "name": "洛宁县抽水蓄能电站配套道路工程", "stage": "under_construction",
        "responsible_unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "township_unit_id": None,
        "total_investment": "12000.00", "planned_investment": "8000.00", "investment_completed": "2900.00",
        "late_reports": 1, "missing_reports": 0, "funds_in_place": "2600.00", "physical_percent": "45.00",
        "physical_period_start": "2026-05-01",
    }]})

    project_id: uuid.UUID
    code: str
    name: str
    stage: str
    responsible_unit_id: uuid.UUID
    township_unit_id: uuid.UUID | None
    total_investment: MoneyOut
    planned_investment: MoneyOut = Field(description="年度计划投资 of the year, 万元")
    investment_completed: MoneyOut = Field(
        description="submitted or verified reports, January through `through` (a week counts in its Thursday's month)"
    )
    late_reports: int = Field(description="reports from `late_from` through `through` first submitted late")
    missing_reports: int = Field(
        0, description="periods of the region's cadence from `late_from` through `through` whose due instant passed "
        "without a report from the project (expected of it: in a reporting stage, registered by the due instant)"
    )
    funds_in_place: MoneyOut = Field(
        Decimal(0), description="到位资金 stated by the same reports as `investment_completed`, summed alike, 万元"
    )
    physical_percent: Percent | None = Field(
        None, description="形象进度 % of the latest of those reports that states one (null: none does)",
        examples=["45.00"],
    )
    physical_period_start: date | None = Field(None, description="the first day of that report's period")


class ReportDueRuleOut(BaseModel):
    """A region's due rule for a year, and the due instants of one period."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "year": 2026,
        "rule": {"period_kind": "monthly", "due_day": 22, "due_in": "same", "due_time": None,
                 "non_working_day": "keep", "verify_by_day": 26,
                 "reporting_stages": ["preliminary", "new_start", "under_construction", "completed"]},
        "period": "2026-05", "due_date": "2026-05-22", "due_at": "2026-05-22T16:00:00Z",
        "verify_by_at": "2026-05-26T16:00:00Z",
    }]})

    region_code: str
    year: int
    rule: ReportDueRule = Field(description="the rule in force (the region's own, else the default)")
    period: str | None = None
    due_date: date | None = None
    due_at: datetime | None = None
    verify_by_at: datetime | None = None


class ReportPrefill(BaseModel):
    """What a unit's report form of one period starts from (报表预填): the report of the period if one exists, the
    project's last submitted or verified report before it (its figures to copy), and the sums of the counted
    reports before the period, so the form shows the year-to-date and since-start totals and the rates as the
    liaison types (this period's figure + the sums before)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "period": "2026-06", "period_kind": "monthly",
        "due_at": "2026-06-22T16:00:00Z", "report": None, "last": REPORT_EXAMPLE,
        "year_to_date_before": "2900.00", "since_start_before": "5300.00", "year_planned_investment": "8000.00",
        "total_investment": "12000.00", "time_progress": "50.00",
    }]})

    project_id: uuid.UUID
    period: str = Field(examples=PERIOD_EXAMPLES)
    period_kind: PeriodKind
    due_at: datetime = Field(description="the period's due instant under the rule in force")
    report: ReportOut | None = Field(description="the project's report of this period, if started (draft, returned…)")
    last: ReportOut | None = Field(description="the latest submitted or verified report before the period")
    year_to_date_before: MoneyOut = Field(description="submitted and verified reports of the year before the period")
    since_start_before: MoneyOut = Field(description="submitted and verified reports before the period")
    year_planned_investment: MoneyOut | None = Field(description="年度计划投资 of the period's year")
    total_investment: MoneyOut
    time_progress: Percent = Field(description="序时进度 at the period's end, %")


class BulkReportItem(ReportFields):
    """One project's report in a bulk submission."""

    project_id: uuid.UUID


class BulkReportsIn(BaseModel):
    """One period's reports of many projects, all written or none (批量报送)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "period": "2026-05", "submit": True,
        "items": [
            {"project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "investment_completed": "800.00",
             "funds_in_place": "600.00", "physical_progress": "路基土方完成65%", "physical_percent": "45"},
            {"project_id": "7c9e2f4a-1b3d-4e5f-8a6b-9c0d1e2f3a4b", "investment_completed": "120.00",
             "funds_in_place": "100.00", "physical_progress": "主体结构完成至三层"},
        ],
    }]})

    period: str = Field(description="a month (2026-05) or an ISO week (2026-W19)", examples=PERIOD_EXAMPLES)
    submit: bool = Field(True, description="submit every report (else keep them as drafts)")
    items: list[BulkReportItem] = Field(min_length=1, max_length=200, description="one per project, at most 200")

    _period = field_validator("period")(classmethod(lambda cls, v: _check_period(v)))


class BulkReportsOut(BaseModel):
    """The reports written by a bulk submission, in the order of the items."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"period": "2026-05", "items": [REPORT_EXAMPLE]}]})

    period: str
    items: list[ReportOut]
