"""Enums of the project library, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class Stage(LabeledEnum):
    """Project stage (项目阶段), in the order a project normally moves through."""

    reserve = ("reserve", "储备")
    # 招商项目: a project still sought from investors, not signed yet (惠济, seed 004 (一): "续建项目……新开工
    # 项目……前期项目……招商项目抓好与投资单位的跟踪对接，确保项目尽早签约落地"); used where the ``stages`` policy says
    investment_promotion = ("investment_promotion", "招商")
    preliminary = ("preliminary", "前期")
    new_start = ("new_start", "计划新开工")
    under_construction = ("under_construction", "在建（续建）")
    completed = ("completed", "竣工")
    in_operation = ("in_operation", "投产")


# stage → stages it may move to; anything else is refused (stages only move forward, except that a
# preliminary or planned project may fall back to the reserve library)
STAGE_TRANSITIONS: dict[Stage, set[Stage]] = {
    Stage.reserve: {Stage.preliminary, Stage.new_start, Stage.investment_promotion},
    # a 招商 project, once signed (签约落地), enters the preliminary work or the planned new starts; it may also fall
    # back to the reserve library like a preliminary one (our choice: the seed names only its way forward)
    Stage.investment_promotion: {Stage.preliminary, Stage.new_start, Stage.reserve},
    Stage.preliminary: {Stage.new_start, Stage.under_construction, Stage.reserve},
    Stage.new_start: {Stage.under_construction, Stage.preliminary, Stage.reserve},
    Stage.under_construction: {Stage.completed},
    Stage.completed: {Stage.in_operation},
    Stage.in_operation: set(),
}


class TeamRole(LabeledEnum):
    """Role in a project's service team (服务团队)."""

    team_leader = ("team_leader", "团队负责人")
    member = ("member", "成员")
    liaison = ("liaison", "联络员")
    legal_officer = ("legal_officer", "政法服务官")
    agent = ("agent", "代办员")


class FiveOnes(LabeledEnum):
    """The items of the 五个一 a project may be required to have; which ones a region requires is its ``five_ones``
    policy (栾川 (seed 000): 一名县级责任领导、一个服务团队、一套推进方案、一本台账、一个路线图时间表; 楚雄 (seed 001):
    一个项目、一个责任领导、一个责任单位、一个工作班子、一个倒排工期计划). How each is checked:
    :func:`tuijin.registry.projects.service.missing_five_ones`."""

    leader = ("leader", "一名责任领导")
    team = ("team", "一个服务团队")
    push_plan = ("push_plan", "一套推进方案")
    ledger = ("ledger", "一本工作台账")
    timetable = ("timetable", "一张路线图时间表")
    responsible_unit = ("responsible_unit", "一个责任单位")
    work_team = ("work_team", "一个工作班子")
    reverse_schedule = ("reverse_schedule", "一个倒排工期计划")


class ListTier(LabeledEnum):
    """Which key list a project is on (清水: thresholds by total and this year's investment)."""

    county = ("county", "县级重点项目")
    city_key = ("city_key", "市级重点项目（推荐）")
    city_major = ("city_major", "市级重大项目")
    provincial_major = ("provincial_major", "省级重大项目")
