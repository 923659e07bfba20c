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

# a percentage to 0.01, Decimal in, string out with two decimals ("37.50", "45.00")
Percent = Annotated[Decimal, *served(percent_text)]
FileRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
PERIOD_EXAMPLES = ["2026-05", "2026-W19"]


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


class ReportCreate(ReportFields):
    period: str = Field(description="a month (2026-05) or an ISO week (2026-W19)", examples=PERIOD_EXAMPLES)
    submit: bool = Field(False, description="submit at once instead of keeping a draft")

    _period = field_validator("period")(classmethod(lambda cls, v: _check_period(v)))


class ReportPatch(BaseModel):
    """Fields to change while the report is a draft or returned; omitted fields stay."""

    investment_completed: Money | None = None
    funds_in_place: Money | None = None
    physical_progress: str | None = Field(None, max_length=2000)
    physical_percent: PercentIn | None = None
    demolition_progress: str | None = Field(None, max_length=2000)
    problems: str | None = Field(None, max_length=5000)
    measures: str | None = Field(None, max_length=5000)
    photos: list[FileRef] | None = Field(None, max_length=50)


class ReturnIn(BaseModel):
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
    time_progress: Percent = Field(description="序时进度 at the period's end: elapsed months ÷ 12, %")
    behind_points: Percent | None = Field(
        None, description="序时进度 minus the year plan rate, in points (positive: behind)"
    )


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    model_config = ConfigDict(from_attributes=True)

    action: ReportAction
    from_status: ReportStatus | None
    to_status: ReportStatus
    reason: str
    actor: str
    actor_unit_id: uuid.UUID | None
    at: datetime


class LatestReportsIn(BaseModel):
    project_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
    include_drafts: bool = Field(False, description="also consider drafts and returned reports")


class OverdueReportOut(BaseModel):
    """A project that had not submitted its report of the period by the due instant."""

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
    region_code: str
    period: str
    due_at: datetime
    units: list[UnitTimeliness]


class ProjectYearTotals(BaseModel):
    """A project on the year's list with its plan of the year and its monthly reports from January through a
    month, summed in SQL: what a scoring run reads for a whole region in one call."""

    project_id: uuid.UUID
    code: str
    name: str
    stage: str
    responsible_unit_id: uuid.UUID
    township_unit_id: uuid.UUID | None
    total_investment: MoneyOut
    planned_investment: MoneyOut = Field(description="年度计划投资 of the year, 万元")
    investment_completed: MoneyOut = Field(
        description="submitted or verified monthly reports, January through `through`"
    )
    late_reports: int = Field(description="monthly reports from `late_from` through `through` first submitted late")


class ReportDueRuleOut(BaseModel):
    """A region's due rule for a year, and the due instants of one period."""

    region_code: str
    year: int
    rule: ReportDueRule = Field(description="the rule in force (the region's own, else the default)")
    period: str | None = None
    due_date: date | None = None
    due_at: datetime | None = None
    verify_by_at: datetime | None = None
