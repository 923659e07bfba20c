"""Region configuration (per region and year) with the shipped defaults. Thresholds differ by
province and year: they are configuration, not code."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from itertools import pairwise

from pydantic import BaseModel, Field, model_validator

from tuijin.kernel.documents.word import FORMAT_FIELD_TITLES, DocumentFormat
from tuijin.kernel.numbers import WAN_DIGITS, WAN_PLACES, Percent, Ratio, Wan, bounded_decimal, money_text
from tuijin.kernel.policies import PolicyStore
from tuijin.registry.dispatches.enums import CadenceKind, DayCount
from tuijin.registry.policies.models import Policy
from tuijin.registry.procedures.enums import EnergyReviewLevel
from tuijin.registry.projects.enums import STAGE_TRANSITIONS, FiveOnes, ListTier, Stage
from tuijin.registry.reports.enums import DueIn, NonWorkingDueDay, PeriodKind
from tuijin.registry.swaps.enums import SWAP_CHAIN, SwapStep

# an energy-use threshold, t standard coal: above zero, like money otherwise (served "5000.00")
PositiveTonnes = bounded_decimal(WAN_DIGITS, WAN_PLACES, label="能耗(吨标准煤)", gt=0, serializer=money_text)


class TierThresholds(BaseModel):
    """List tiers (清水 default): total ≥ 5000万 → city key list; ≥ 1亿 → city major list; ≥ 10亿 and this
    year ≥ 2亿 → provincial major list (万元)."""

    city_key_total: Wan = Decimal("5000")
    city_major_total: Wan = Decimal("10000")
    provincial_major_total: Wan = Decimal("100000")
    provincial_major_year: Wan = Decimal("20000")

    def tier(self, total: Decimal, this_year: Decimal | None) -> ListTier:
        if total >= self.provincial_major_total and (this_year or 0) >= self.provincial_major_year:
            return ListTier.provincial_major
        if total >= self.city_major_total:
            return ListTier.city_major
        if total >= self.city_key_total:
            return ListTier.city_key
        return ListTier.county


class CategoryThreshold(BaseModel):
    """Minimum total and first-year investment (万元) for a reserve project to be selected."""

    total: Wan
    first_year: Wan


class ReserveSelection(BaseModel):
    """Selection check of the reserve library (清水): total ≥ 500万 and this year ≥ 200万; social (社会事业),
    major technical renovation (重大技改) and high-tech (高新技术) projects may be lower — the seed gives no
    figure, so the shipped default for them is 300万 / 100万."""

    ordinary: CategoryThreshold = CategoryThreshold(total=Decimal("500"), first_year=Decimal("200"))
    social: CategoryThreshold = CategoryThreshold(total=Decimal("300"), first_year=Decimal("100"))
    major_renovation: CategoryThreshold = CategoryThreshold(total=Decimal("300"), first_year=Decimal("100"))
    high_tech: CategoryThreshold = CategoryThreshold(total=Decimal("300"), first_year=Decimal("100"))

    def threshold(self, category: str) -> CategoryThreshold:
        return getattr(self, category)


class SwapTolerance(BaseModel):
    """动态管理: a replacement is comparable when its total investment is within ± ``total_ratio`` of the
    project moved out (default 30%, bounds included); ``year_plan_ratio``, when set, bounds this year's
    planned investment the same way (off by default)."""

    total_ratio: Ratio = Decimal("0.30")
    year_plan_ratio: Ratio | None = None


class NodePlanRules(BaseModel):
    """Node plans (时间节点): whether a planned date must fall on a working day (on the working-day
    calendar with its make-up workdays)."""

    planned_on_working_day: bool = True


class EnergyReviewThresholds(BaseModel):
    """节能审查 level by annual energy use in tonnes of standard coal (清水 default): ≥ 5000 t → province;
    1000–5000 t → city; < 1000 t → county registration only (登记备案)."""

    province_min_tce: PositiveTonnes = Decimal("5000")
    city_min_tce: PositiveTonnes = Decimal("1000")

    @model_validator(mode="after")
    def _ordered(self) -> EnergyReviewThresholds:
        if self.city_min_tce > self.province_min_tce:
            raise ValueError("city_min_tce must not exceed province_min_tce")
        return self

    def level(self, energy_use_tce: Decimal) -> EnergyReviewLevel:
        if energy_use_tce >= self.province_min_tce:
            return EnergyReviewLevel.province
        if energy_use_tce >= self.city_min_tce:
            return EnergyReviewLevel.city
        return EnergyReviewLevel.county


class ReportDueRule(BaseModel):
    """When progress reports (月报 / 周报) are due. The default is 栾川's: monthly, due the 22nd of the month
    reported (by the end of that day, not moved off weekends). See :data:`REPORT_DUE_PRESETS` for 楚雄
    and 惠济."""

    period_kind: PeriodKind = PeriodKind.monthly
    due_day: int = Field(
        22, ge=1, le=31,
        description="monthly: day of the month (past the month's end: its last day); weekly: ISO weekday, 1 = Monday",
    )
    due_in: DueIn = Field(DueIn.same, description="the due day lies in the period reported, or in the next one")
    due_time: time | None = Field(
        None, description="Asia/Shanghai time of day the report is due; null: by the end of the day (24:00)"
    )
    non_working_day: NonWorkingDueDay = Field(
        NonWorkingDueDay.keep, description="a due day that is not a working day stays, or moves to a working day"
    )
    verify_by_day: int | None = Field(
        None, ge=1, le=31,
        description="the office verifies by the end of this day, counted like due_day in the due day's month or week",
    )
    reporting_stages: list[Stage] = Field(
        default_factory=lambda: [Stage.preliminary, Stage.new_start, Stage.under_construction, Stage.completed],
        description="stages whose projects are expected to report",
    )

    @model_validator(mode="after")
    def _consistent(self) -> ReportDueRule:
        if self.period_kind == PeriodKind.weekly and (self.due_day > 7 or (self.verify_by_day or 1) > 7):
            raise ValueError("a weekly rule counts days as ISO weekdays 1–7")
        if self.verify_by_day is not None and self.verify_by_day < self.due_day:
            raise ValueError("verify_by_day must not be before due_day")
        return self


# 栾川 (seed 000): by the 22nd; 楚雄 (seed 001): by the 8th for the previous month, verified by the 12th
# (moved to the next working day when on a holiday: our choice, the seed is silent); 惠济 (seed 004):
# weekly, Friday 18:00 (the last working day before when Friday is a holiday: our choice too)
REPORT_DUE_PRESETS: dict[str, ReportDueRule] = {
    "luanchuan": ReportDueRule(),
    "chuxiong": ReportDueRule(
        due_day=8, due_in=DueIn.next, verify_by_day=12, non_working_day=NonWorkingDueDay.next_working_day
    ),
    "huiji": ReportDueRule(
        period_kind=PeriodKind.weekly, due_day=5, due_time=time(18, 0),
        non_working_day=NonWorkingDueDay.previous_working_day,
    ),
}


class WarningLightThresholds(BaseModel):
    """亮灯 thresholds (银川 default). Start light: yellow once the planned start month has ended without a
    start, red once ``start_red_after_months`` more whole months have passed. Progress light: yellow from
    ``progress_yellow_points`` to ``progress_red_points`` points behind 序时进度 (both included), red beyond.
    Procedure light (our default, the seeds give none): yellow while an open procedure is past its
    deadline, red once one is more than ``procedure_red_after_working_days`` working days past it."""

    start_red_after_months: int = Field(3, ge=0, le=36)
    progress_yellow_points: Percent = Decimal("10")
    progress_red_points: Percent = Decimal("30")
    procedure_red_after_working_days: int = Field(10, ge=0, le=250)
    started_stages: list[Stage] = Field(
        default_factory=lambda: [Stage.under_construction, Stage.completed, Stage.in_operation],
        description="stages in which a project counts as started",
    )

    @model_validator(mode="after")
    def _ordered(self) -> WarningLightThresholds:
        if self.progress_yellow_points > self.progress_red_points:
            raise ValueError("progress_yellow_points must not exceed progress_red_points")
        return self


class StepDue(BaseModel):
    """A step's due day in the year before the list's year."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31, description="past the month's end: its last day")


class ListCycleCalendar(BaseModel):
    """The yearly list cycle's due days (清水 default, seed 003): the guide list by 8月31日; the departments' and
    townships' reserve libraries "by early September" (9月上旬前), which we read as 9月10日; the joint review and the
    county government's approval carry no date in the seed: 9月30日 and 10月20日 are our defaults, leaving the
    office ten days to compile next year's list by 10月31日; the land demand list by 10月31日. A due day that is not
    a working day moves as ``non_working_day`` says (default: to the next working day)."""

    guide_list: StepDue = StepDue(month=8, day=31)
    reserve_libraries: StepDue = StepDue(month=9, day=10)
    joint_review: StepDue = StepDue(month=9, day=30)
    county_approval: StepDue = StepDue(month=10, day=20)
    next_year_list: StepDue = StepDue(month=10, day=31)
    land_demand_list: StepDue = StepDue(month=10, day=31)
    non_working_day: NonWorkingDueDay = NonWorkingDueDay.next_working_day


class QuarterlyReportRule(BaseModel):
    """季度书面报告: whether a region's responsible units hand in a written report on each project every quarter,
    and the due day of each quarter (a month earlier than the quarter's last month, or equal, falls in the next
    year). Off by default. 楚雄 (seed 001): "各责任单位于4月15日、7月15日、10月15日前专题向州人民政府作书面报告,
    2016年1月10日前综合报告各项工作年度目标任务完成情况" — Q1–Q3 by 4月15日, 7月15日, 10月15日, Q4 by 1月10日 of
    the next year. A due day that is not a working day stays (the seed is silent; ``non_working_day`` says)."""

    required: bool = False
    q1_due: StepDue = StepDue(month=4, day=15)
    q2_due: StepDue = StepDue(month=7, day=15)
    q3_due: StepDue = StepDue(month=10, day=15)
    q4_due: StepDue = StepDue(month=1, day=10)
    non_working_day: NonWorkingDueDay = NonWorkingDueDay.keep

    def due_of(self, quarter: int) -> StepDue:
        return (self.q1_due, self.q2_due, self.q3_due, self.q4_due)[quarter - 1]


class StageCadence(BaseModel):
    """One stage's dispatch cadence: every working day, every ``days`` days, or once a month."""

    stage: Stage
    every: CadenceKind
    days: int | None = Field(None, ge=2, le=90, description="every_n_days only: the days between two dispatches")

    @model_validator(mode="after")
    def _days(self) -> StageCadence:
        if (self.every == CadenceKind.every_n_days) != (self.days is not None):
            raise ValueError("days is given for every_n_days, and only for it")
        return self


class DispatchCadence(BaseModel):
    """调度频次 by stage: how often the office dispatches (调度) a project of each stage. A stage not listed is not
    dispatched on a cadence; the default lists none (off: the seeds other than 楚雄's give no cadence by stage).
    楚雄 (seed 001 四(三)): "做到未动工项目天天促，即将动工项目十天一调度，已动工项目一月一调度". ``days_counted``
    says how an ``every_n_days`` cadence counts its days (working days on the region's calendar by default)."""

    stages: list[StageCadence] = Field(default_factory=list)
    days_counted: DayCount = DayCount.working

    @model_validator(mode="after")
    def _one_per_stage(self) -> DispatchCadence:
        seen = [c.stage for c in self.stages]
        if len(seen) != len(set(seen)):
            raise ValueError("one cadence per stage")
        return self

    def of(self, stage: str) -> StageCadence | None:
        return next((c for c in self.stages if c.stage.value == stage), None)


class ProcedureDeadlines(BaseModel):
    """Procedure deadlines by level and the poverty-alleviation projects' completion day, in the list's year; each
    is off while null (the default: only 栾川's seed sets them). 栾川 (seed 000 二(二)): "确保5月底前县内手续办理完毕，
    全部手续6月底前大头落地"; (三(二)): "确保易地扶贫搬迁、产业扶贫、休闲农业乡村旅游精准扶贫等项目在6月底前全部完工".
    大头落地 ("the bulk landed") we read as ``all_share`` percent of a project's procedures done (our choice: 80)."""

    county_by: StepDue | None = Field(None, description="county-level procedures done by this day")
    all_by: StepDue | None = Field(None, description="all procedures mostly done (all_share) by this day")
    all_share: Percent = Field(Decimal("80"), description="大头落地: the share (percent) of procedures done")
    poverty_completed_by: StepDue | None = Field(None, description="poverty-alleviation projects completed by")


QUARTERLY_REPORT_PRESETS: dict[str, QuarterlyReportRule] = {"chuxiong": QuarterlyReportRule(required=True)}


def _no_repeats(values: list, what: str) -> None:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise ValueError(f"{what} 中“{getattr(seen[0], 'label', seen[0])}”出现了两次 ({seen[0]} twice)")


class FiveOnesRule(BaseModel):
    """The 五个一 a region requires of each project (a project's ``missing_five_ones`` lists those it lacks). The
    default is 栾川's (seed 000, 一): "明确一名县级责任领导、成立一个服务团队、编制一套推进方案、建立一本台账、制定一个
    路线图时间表". 楚雄 (seed 001): "一个项目、一个责任领导、一个责任单位、一个工作班子、一个倒排工期计划" — the
    project itself is the first, so its set is leader, responsible_unit, work_team, reverse_schedule."""

    required_items: list[FiveOnes] = Field(
        default_factory=lambda: [FiveOnes.leader, FiveOnes.team, FiveOnes.push_plan, FiveOnes.ledger,
                                 FiveOnes.timetable],
        min_length=1, description="the items each project must have, in the order they are listed",
    )

    @model_validator(mode="after")
    def _distinct(self) -> FiveOnesRule:
        _no_repeats(self.required_items, "required_items")
        return self


class SwapChain(BaseModel):
    """The approval chain of a swap (动态管理), in order: the first step is the responsible unit's request, the last
    step's approval changes the list. The default is 栾川's (seed 000, 八): "责任单位、业主单位要及时向分包领导汇报,
    并报县发改委备案,经县委、县政府同意,报请县人大常委会审议通过后,调整出重点项目管理范围". A request keeps the
    chain it was made with (stored on it) when the policy changes later. A chain of the unit alone is refused (our
    rule: the unit cannot move its own project off the list without anyone else's consent)."""

    steps: list[SwapStep] = Field(
        default_factory=lambda: list(SWAP_CHAIN), min_length=2,
        description="the steps in order; the first is the responsible unit's (unit)",
    )

    @model_validator(mode="after")
    def _well_formed(self) -> SwapChain:
        if self.steps[0] != SwapStep.unit:
            raise ValueError("审批流程须以“责任单位（业主单位）提出”开始 (the chain starts with unit)")
        _no_repeats(self.steps, "steps")
        return self


class StageGroup(BaseModel):
    """A group of stages with the number of projects the list aims at (楚雄's 3个30: 30 在建, 30 新开工,
    30 重大前期)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", examples=["under_construction_30"])
    name: str = Field(min_length=1, max_length=40, examples=["30个在建项目"])
    stages: list[Stage] = Field(min_length=1)
    target: int | None = Field(None, ge=0, le=100000, description="projects of the year's list aimed at; null: none")


class StagePolicy(BaseModel):
    """The project stages a region uses (a project cannot be registered at, or moved to, another one: 422 naming the
    field) and its groups of stages with target counts. The default is every stage but 招商 (investment_promotion),
    which only 惠济 (seed 004, 一) names: "续建项目……新开工项目……前期项目……招商项目". The used stages must chain: each
    one but the last (in the enum's order) can move on to a later used one, so that no project gets stuck."""

    used_stages: list[Stage] = Field(
        default_factory=lambda: [s for s in Stage if s != Stage.investment_promotion], min_length=1,
        description="the stages the region's projects may be at",
    )
    stage_groups: list[StageGroup] = Field(default_factory=list, description="groups with target counts")

    @model_validator(mode="after")
    def _consistent(self) -> StagePolicy:
        _no_repeats(self.used_stages, "used_stages")
        order = list(Stage)
        used = sorted(self.used_stages, key=order.index)
        for stage, after in pairwise(used):
            ahead = {s for s in used if order.index(s) > order.index(stage)}
            if not STAGE_TRANSITIONS[stage] & ahead:
                raise ValueError(f"“{stage.label}”之后没有可转入的已用阶段 (no used stage follows {stage.value}; "
                                 f"it cannot move to {after.value})")
        _no_repeats([g.code for g in self.stage_groups], "stage_groups")
        for group in self.stage_groups:
            unused = [s.value for s in group.stages if s not in self.used_stages]
            if unused:
                raise ValueError(f"分组“{group.name}”含本地区不使用的阶段 (group {group.code} names stages the "
                                 f"region does not use: {', '.join(unused)})")
        return self

    def uses(self, stage: Stage | str) -> bool:
        return Stage(stage) in self.used_stages


POLICIES: dict[str, type[BaseModel]] = {
    "tiers": TierThresholds,
    "reserve_selection": ReserveSelection,
    "swap_tolerance": SwapTolerance,
    "node_plan": NodePlanRules,
    "energy_review": EnergyReviewThresholds,
    "report_due": ReportDueRule,
    "warning_lights": WarningLightThresholds,
    "list_cycle": ListCycleCalendar,
    "quarterly_reports": QuarterlyReportRule,
    "dispatch_cadence": DispatchCadence,
    "procedure_deadlines": ProcedureDeadlines,
    "documents": DocumentFormat,
    "five_ones": FiveOnesRule,
    "swap_chain": SwapChain,
    "stages": StagePolicy,
}


# each field's Chinese name, the label a settings form shows
FIELD_TITLES: dict[str, str] = {
    "city_key_total": "市重点项目总投资下限(万元)",
    "city_major_total": "市重大项目总投资下限(万元)",
    "provincial_major_total": "省重点项目总投资下限(万元)",
    "provincial_major_year": "省重点项目年度投资下限(万元)",
    "ordinary": "一般项目入库条件",
    "social": "社会事业项目入库条件",
    "major_renovation": "重大改造项目入库条件",
    "high_tech": "高新技术项目入库条件",
    "total_ratio": "总投资调整容差(比例)",
    "year_plan_ratio": "年度计划调整容差(比例)",
    "planned_on_working_day": "节点计划日须为工作日",
    "province_min_tce": "省级节能审查能耗下限(吨标准煤)",
    "city_min_tce": "市级节能审查能耗下限(吨标准煤)",
    "period_kind": "报送周期",
    "due_day": "报送截止日",
    "due_in": "截止日所在期",
    "due_time": "报送截止时间",
    "non_working_day": "截止日遇非工作日",
    "verify_by_day": "审核截止日",
    "reporting_stages": "须报送的建设阶段",
    "start_red_after_months": "逾期未开工亮红灯(月)",
    "progress_yellow_points": "进度滞后亮黄灯(百分点)",
    "progress_red_points": "进度滞后亮红灯(百分点)",
    "procedure_red_after_working_days": "手续超期亮红灯(工作日)",
    "started_stages": "视为已开工的阶段",
    "guide_list": "指导目录编制截止日",
    "reserve_libraries": "部门、乡镇储备库截止日",
    "joint_review": "储备项目联审截止日",
    "county_approval": "县政府审定截止日",
    "next_year_list": "下年度重点项目清单截止日",
    "land_demand_list": "用地需求清单截止日",
    "required": "须报送季度书面报告",
    "q1_due": "一季度书面报告截止日",
    "q2_due": "二季度书面报告截止日",
    "q3_due": "三季度书面报告截止日",
    "q4_due": "四季度书面报告截止日(次年)",
    "required_items": "须落实的“五个一”",
    "steps": "调整审批环节(依次)",
    "used_stages": "使用的建设阶段",
    "stage_groups": "阶段分组及目标个数",
    "target": "目标项目个数",
    "stages": "各阶段调度频次",
    "stage": "项目阶段",
    "every": "调度频次",
    "days": "间隔天数",
    "days_counted": "间隔天数计法",
    "county_by": "县内手续办结截止日",
    "all_by": "全部手续大头落地截止日",
    "all_share": "大头落地办结比例(%)",
    "poverty_completed_by": "扶贫项目完工截止日",
    "month": "月",
    "day": "日",
    **FORMAT_FIELD_TITLES,
}
STORE = PolicyStore(Policy, POLICIES, FIELD_TITLES)
load_policy = STORE.load  # the region's policy for a year (its own row, else the all-years row, else the default)
