"""Enums of scoring schemes (who is ranked, over which period, how a dimension scores), each member with its
zh-CN label."""

from tuijin.kernel.enums import LabeledEnum


class SubjectKind(LabeledEnum):
    """Who a scheme ranks."""

    project = ("project", "项目")
    department = ("department", "县直部门")
    township = ("township", "乡镇")


class PeriodKind(LabeledEnum):
    """How long one scored period is: a month (2026-09), two months (双月, 2026-B2 = March–April: 郸城 reviews its
    projects every two months, seed 002 "单月调度，双月点评"), a quarter (2026-Q3), a half-year (2026-H1) or a year."""

    month = ("month", "月度")
    bimonth = ("bimonth", "双月")
    quarter = ("quarter", "季度")
    half_year = ("half_year", "半年")
    year = ("year", "年度")


class DimensionKind(LabeledEnum):
    """The small safe set of ways a dimension scores."""

    ratio = ("ratio", "比例计分（封顶）")
    bands = ("bands", "分档计分")
    category = ("category", "分类计分")
    deductions = ("deductions", "按次扣分")
    sheets = ("sheets", "观摩打分平均")
    rollup = ("rollup", "期间结果加权汇总")
    reserve = ("reserve", "谋划储备（储备库入库与纳入清单）")
    funds = ("funds", "资金争取（到位资金与争取上级资金）")
    schedule = ("schedule", "实施进度（节点计划与形象进度）")


class ScoredEvent(LabeledEnum):
    """Events a deduction dimension counts, each with its points in the scheme. ``proxy_attendance``: an invited unit
    whose head sent someone else (替会; 郸城, seed 002: "坚持一把手参会，不得缺席，不得替会") — given the points of an
    unexcused absence it counts like one, or its own. ``duty_shortfall``: each site visit a project's leader or
    responsible unit owed it and did not make in a month of the period (the meetings service's duty shortfalls,
    清水 "每月深入项目现场…不少于2次"); a unit counts its own on-site duties. ``accountability``: each
    accountability record (问责, the issues service's) decided in the period, at the points the dimension gives its
    sanction (``per_sanction``; a sanction not listed there at the points of ``per_event.accountability``): a unit
    counts the records against it, a project those naming it; records against a post carry no unit and are not
    counted for a unit (docs/scoring-deductions.md)."""

    late_report = ("late_report", "进度报告迟报漏报")
    unexcused_absence = ("unexcused_absence", "无故缺席会议")
    proxy_attendance = ("proxy_attendance", "会议替会")
    letter_received = ("letter_received", "收到督办函件")
    overdue_decided_item = ("overdue_decided_item", "议定事项逾期")
    overdue_problem = ("overdue_problem", "问题办理逾期")
    duty_shortfall = ("duty_shortfall", "现场履职不到位")
    accountability = ("accountability", "被问责")


class SanctionKind(LabeledEnum):
    """The sanctions of an accountability record as the issues service names them (its ``SanctionKind``): the
    keys of a deduction dimension's ``per_sanction``, written by their labels in explanations."""

    circulated_criticism = ("circulated_criticism", "通报批评")
    interview = ("interview", "约谈")
    admonishment = ("admonishment", "诫勉谈话")
    organisational_measure = ("organisational_measure", "组织处理")
    discipline_referral = ("discipline_referral", "移交纪委监委")
    preferential_policy_loss = ("preferential_policy_loss", "取消优惠政策")


def sanction_label(sanction: str) -> str:
    """The zh-CN label of a sanction code (the code itself when the issues service has added one since)."""
    try:
        return SanctionKind(sanction).label
    except ValueError:
        return sanction


class RatioInput(LabeledEnum):
    """Amounts a ratio or bands dimension reads (万元)."""

    investment_completed = ("investment_completed", "年度累计完成投资")
    funds_in_place = ("funds_in_place", "年度累计到位资金")
    annual_plan = ("annual_plan", "年度计划投资")
    total_investment = ("total_investment", "总投资")
    projects = ("projects", "项目个数")


class ProjectStage(LabeledEnum):
    """A project's stage as the registry names it (its ``Stage``): the keys of a category dimension's points,
    written by their labels in explanations and documents."""

    reserve = ("reserve", "储备")
    investment_promotion = ("investment_promotion", "招商")
    preliminary = ("preliminary", "前期")
    new_start = ("new_start", "计划新开工")
    under_construction = ("under_construction", "在建（续建）")
    completed = ("completed", "竣工")
    in_operation = ("in_operation", "投产")


def stage_label(stage: str | None) -> str:
    """The zh-CN label of a stage code (the code itself when the registry has added a stage since)."""
    if not stage:
        return "无"
    try:
        return ProjectStage(stage).label
    except ValueError:
        return stage


class ReserveLevel(LabeledEnum):
    """The registry's three rolling reserve libraries (its ``ReserveLevel``; 清水, seed 003 §1 "建立年度县级、部门、
    乡镇三级重点建设项目综合滚动储备库"): the keys of a reserve dimension's ``per_entry``."""

    county = ("county", "县级储备库")
    department = ("department", "部门储备库")
    township = ("township", "乡镇储备库")


class FundingChannel(LabeledEnum):
    """Where a project's financing comes from, as the registry's financing needs list names it (its
    ``FinancingChannel``): the channels a funds dimension counts as money won (争取) once the need is secured."""

    central_budget = ("central_budget", "中央预算内投资")
    special_bonds = ("special_bonds", "地方政府专项债券")
    provincial_subsidy = ("provincial_subsidy", "省级财政补助资金")
    industry_funds = ("industry_funds", "行业专项资金")
    policy_bank_loan = ("policy_bank_loan", "政策性银行贷款")
    commercial_bank_loan = ("commercial_bank_loan", "商业银行贷款")
    social_capital = ("social_capital", "社会资本")
    other = ("other", "其他")
