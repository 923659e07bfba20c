"""The colour of each light, from a project's facts and the region's thresholds. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.numbers import money_text, percent_text
from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.policies import WarningLightThresholds
from tuijin.registry.projects.enums import Stage
from tuijin.registry.reports.periods import Period, percent, time_progress


@dataclass(frozen=True)
class Verdict:
    kind: LightKind
    colour: LightColour
    reason_code: str
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


def start_light(stage: str, planned_start: date | None, today: date, t: WarningLightThresholds) -> Verdict:
    """Yellow once the planned start month has ended without a start; red once more than
    ``start_red_after_months`` months have passed since that month (planned March, default 3: yellow
    from April 1, red from July 1)."""
    kind = LightKind.start
    if stage in t.started_stages:
        return Verdict(kind, LightColour.green, "started", "已开工")
    if stage == Stage.reserve:
        return Verdict(kind, LightColour.green, "reserve", "储备项目，不计开工")
    if stage == Stage.investment_promotion:  # not signed yet: its start is not the region's to promise (our choice)
        return Verdict(kind, LightColour.green, "investment_promotion", "招商项目，尚未签约落地，不计开工")
    if planned_start is None:
        return Verdict(kind, LightColour.green, "no_planned_start", "本年度未定计划开工时间")
    month = f"{planned_start.year}年{planned_start.month}月"
    months_past = (today.year * 12 + today.month) - (planned_start.year * 12 + planned_start.month)
    details = {"planned_start_month": f"{planned_start.year}-{planned_start.month:02d}", "months_past": months_past}
    if months_past <= 0:
        return Verdict(kind, LightColour.green, "before_planned_start", f"计划{month}开工，未到期", details)
    if months_past > t.start_red_after_months:
        return Verdict(
            kind, LightColour.red, "start_overdue_long", f"计划{month}开工，已过{months_past}个月仍未开工", details
        )
    return Verdict(kind, LightColour.yellow, "start_overdue", f"计划{month}开工，已过{months_past}个月未开工", details)


def progress_light(
    stage: str, planned: Decimal | None, year_to_date: Decimal, as_of: Period | None, t: WarningLightThresholds,
    monthly_plan: list[str] | None = None,
) -> Verdict:
    """Points behind 序时进度 at the end of the latest period due (``as_of``): from
    ``progress_yellow_points`` to ``progress_red_points`` (both included) yellow, beyond red. Rates
    and the target are compared as shown, to 0.01. Only a started project (a stage of ``started_stages``) has a
    progress light: one not started yet is judged by its start light alone, so it is never taken for a project
    started and not moving (开而未动) or moving slowly (动而迟缓), which is what the progress light says (栾川, seed
    000)."""
    kind = LightKind.progress
    if stage == Stage.reserve:
        return Verdict(kind, LightColour.green, "reserve", "储备项目，不计进度")
    if stage not in t.started_stages:
        return Verdict(kind, LightColour.green, "not_started", "尚未开工，不计进度（见开工灯）")
    if not planned:
        return Verdict(kind, LightColour.green, "no_year_plan", "本年度无计划投资")
    if as_of is None:
        return Verdict(kind, LightColour.green, "no_report_due", "本年度尚无到期的进度报告")
    target = time_progress(as_of.end, monthly_plan)  # the monthly plan's share where there is one
    rate = percent(year_to_date, planned) or Decimal(0)
    behind = target - rate
    details = {
        "as_of_period": as_of.label,
        "time_progress": percent_text(target),
        "year_plan_rate": percent_text(rate),
        "behind_points": percent_text(behind),
        "year_to_date_completed": money_text(year_to_date),
        "planned_investment": money_text(planned),
    }
    text = f"截至{as_of.label}完成年度计划{rate}%，序时进度{target}%"
    if behind > t.progress_red_points:
        return Verdict(kind, LightColour.red, "far_behind", f"{text}，落后{behind}个百分点", details)
    if behind >= t.progress_yellow_points:
        return Verdict(kind, LightColour.yellow, "behind", f"{text}，落后{behind}个百分点", details)
    return Verdict(kind, LightColour.green, "on_pace", text, details)


def procedure_light(
    overdue: int, oldest_deadline: date | None, today: date, cal: WorkingCalendar, t: WarningLightThresholds
) -> Verdict:
    """Yellow while open procedures (未启动 / 办理中) are past their deadline; red once the oldest is more
    than ``procedure_red_after_working_days`` working days past it (on the working-day calendar)."""
    kind = LightKind.procedure
    if not overdue or oldest_deadline is None:
        return Verdict(kind, LightColour.green, "no_procedure_overdue", "无逾期手续")
    late = cal.working_days_between(oldest_deadline, today)
    details = {"overdue_count": overdue, "oldest_deadline": oldest_deadline.isoformat(), "working_days_late": late}
    text = f"{overdue}项手续逾期未办结，最早一项逾期{late}个工作日"
    if late > t.procedure_red_after_working_days:
        return Verdict(kind, LightColour.red, "procedure_overdue_long", text, details)
    return Verdict(kind, LightColour.yellow, "procedure_overdue", text, details)
