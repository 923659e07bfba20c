"""Enums of quarterly written reports, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class QuarterlyReportStatus(LabeledEnum):
    """Where a quarterly written report stands: draft → submitted → accepted, or returned and submitted again."""

    draft = ("draft", "草稿")
    submitted = ("submitted", "已报送")
    returned = ("returned", "已退回")
    accepted = ("accepted", "已采纳")


class QuarterlyReportAction(LabeledEnum):
    """A step of a quarterly written report."""

    submit = ("submit", "报送")
    accept = ("accept", "采纳")
    return_ = ("return", "退回")


# (status now, action) → status after; any other step is refused
TRANSITIONS: dict[tuple[QuarterlyReportStatus, QuarterlyReportAction], QuarterlyReportStatus] = {
    (QuarterlyReportStatus.draft, QuarterlyReportAction.submit): QuarterlyReportStatus.submitted,
    (QuarterlyReportStatus.returned, QuarterlyReportAction.submit): QuarterlyReportStatus.submitted,
    (QuarterlyReportStatus.submitted, QuarterlyReportAction.accept): QuarterlyReportStatus.accepted,
    (QuarterlyReportStatus.submitted, QuarterlyReportAction.return_): QuarterlyReportStatus.returned,
}
EDITABLE = (QuarterlyReportStatus.draft, QuarterlyReportStatus.returned)
# a report in these statuses is no longer missing for the due list
HANDED_IN = (QuarterlyReportStatus.submitted.value, QuarterlyReportStatus.accepted.value)
