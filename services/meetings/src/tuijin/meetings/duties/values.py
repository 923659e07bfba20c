"""The duty rules (值守/履职规则) of a region, per year: how often a project's responsible leader (包抓领导) and its
responsible unit must be on site, and how many push meetings (推进会) a leader chairs. Every number is
configuration per region and year (stored in ``meeting_policies``), never a constant in a rule; 0 means no such
duty.

Shipped default (a new region's starting set): a leader visits each of their projects at least once a month, and
nothing else is required — the smallest rule every seed shares, so that a county that has set nothing still sees
who has not been to a project all month. The seeds' rules, set by the office as the region's own values
(``PUT /api/v1/meeting-policies/{region_code}/duties``), are :data:`SEED_PRESETS`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tuijin.meetings.scheduling.templates import MeetingSeriesPolicy
from tuijin.meetings.site_visits.enums import VisitKind


class DutyRules(BaseModel):
    """Duty rules (履职规则): minimum site visits per leader per project per month, push meetings chaired per
    leader per month, visits by the leader and by the responsible unit per project per week, and visits by the
    responsible unit per project per month. 0: no such duty. A site visit counts for every project it names,
    for every person on it (the leading person and the others) and for every unit present; a push meeting counts
    for its chair once it is held."""

    leader_visits_per_project_month: int = Field(
        1, ge=0, le=31, description="site visits a project's leader makes to it each month (清水 2, 惠济 1)")
    leader_push_meetings_month: int = Field(
        0, ge=0, le=31, description="push meetings (推进会) a leader with projects chairs each month (清水 1)")
    leader_visits_per_project_week: int = Field(
        0, ge=0, le=7, description="site visits a project's leader makes to it each week (郸城 1)")
    unit_visits_per_project_week: int = Field(
        0, ge=0, le=7, description="visits at which a project's responsible unit is on site each week (郸城 1)")
    unit_visits_per_project_month: int = Field(
        0, ge=0, le=31, description="visits at which a project's responsible unit is on site each month (楚雄 1)")
    counted_kinds: list[VisitKind] = Field(
        default_factory=lambda: [VisitKind.inspection, VisitKind.on_site_office], min_length=1,
        description="the kinds of visit that count")


# the seeds' rules (docs/site-visits-and-duties.md): what an office of such a county sets
SEED_PRESETS: dict[str, DutyRules] = {
    # 清水 (seed 003, 6.): 每月深入项目现场开展调研督导工作不少于2次，组织召开项目推进会不少于1次
    "qingshui": DutyRules(leader_visits_per_project_month=2, leader_push_meetings_month=1),
    # 惠济 (seed 004, (五)): 区级领导要每月不少于一次深入项目单位进行调研和督导
    "huiji": DutyRules(leader_visits_per_project_month=1),
    # 郸城 (seed 002): 处级分包领导和责任单位每周至少现场办公1次
    "dancheng": DutyRules(leader_visits_per_project_month=0, leader_visits_per_project_week=1,
                          unit_visits_per_project_week=1),
    # 楚雄 (seed 001): 州、县市各职能和责任部门……每月开展1次项目现场调研
    "chuxiong": DutyRules(leader_visits_per_project_month=0, unit_visits_per_project_month=1),
}

POLICIES: dict[str, type[BaseModel]] = {"duties": DutyRules, "meeting_series": MeetingSeriesPolicy}
