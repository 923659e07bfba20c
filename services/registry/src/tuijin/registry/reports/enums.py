"""Enums of progress reports, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class PeriodKind(LabeledEnum):
    """How often a region's projects report."""

    monthly = ("monthly", "月报")
    weekly = ("weekly", "周报")


class DueIn(LabeledEnum):
    """Whether the due day lies in the period reported or in the one after it."""

    same = ("same", "当期")
    next = ("next", "次期")


class NonWorkingDueDay(LabeledEnum):
    """What happens when the due day is not a working day (on the working-day calendar)."""

    keep = ("keep", "不顺延")
    next_working_day = ("next_working_day", "顺延至下一工作日")
    previous_working_day = ("previous_working_day", "提前至上一工作日")


class ReportStatus(LabeledEnum):
    """Where a progress report stands: draft → submitted → verified, or returned and submitted again."""

    draft = ("draft", "草稿")
    submitted = ("submitted", "已报送")
    returned = ("returned", "已退回")
    verified = ("verified", "已核实")


class ReportAction(LabeledEnum):
    """A step in a report's history."""

    create = ("create", "创建")
    submit = ("submit", "报送")
    resubmit = ("resubmit", "重新报送")
    verify = ("verify", "核实")
    return_ = ("return", "退回")


# (status now, action) → status after; any other step is refused
REPORT_TRANSITIONS: dict[tuple[ReportStatus, ReportAction], ReportStatus] = {
    (ReportStatus.draft, ReportAction.submit): ReportStatus.submitted,
    (ReportStatus.returned, ReportAction.resubmit): ReportStatus.submitted,
    (ReportStatus.submitted, ReportAction.verify): ReportStatus.verified,
    (ReportStatus.submitted, ReportAction.return_): ReportStatus.returned,
}

# statuses whose figures count in year-to-date and since-start totals (a draft or a returned report
# is not yet the unit's statement, except in the totals of its own view)
COUNTED_STATUSES = (ReportStatus.submitted, ReportStatus.verified)
# statuses a unit may still edit
EDITABLE_STATUSES = (ReportStatus.draft, ReportStatus.returned)
