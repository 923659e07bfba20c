"""Enums of the provincial platform adapter, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class PlatformItemStatus(LabeledEnum):
    """Status of an approval item (审批事项) on the provincial platform, as the contract names it."""

    received = ("received", "已收件")
    accepted = ("accepted", "已受理")
    in_progress = ("in_progress", "办理中")
    done = ("done", "已办结")
    not_approved = ("not_approved", "不予批准")
    needs_correction = ("needs_correction", "需补正")
    withdrawn = ("withdrawn", "已撤回")
    returned = ("returned", "已退回")


# platform status → local procedure status (手续状态); the platform's own status is kept beside it
LOCAL_STATUS = {
    PlatformItemStatus.received: "in_progress",
    PlatformItemStatus.accepted: "in_progress",
    PlatformItemStatus.in_progress: "in_progress",
    PlatformItemStatus.needs_correction: "in_progress",
    PlatformItemStatus.done: "done",
    PlatformItemStatus.not_approved: "not_started",
    PlatformItemStatus.withdrawn: "not_started",
    PlatformItemStatus.returned: "not_started",
}


class LinkStatus(LabeledEnum):
    """A project's link to the platform by its national code (项目代码)."""

    linked = ("linked", "已关联")
    unlinked = ("unlinked", "已解除关联")


class SyncChannel(LabeledEnum):
    """How an item change came in."""

    pull = ("pull", "定时拉取")
    webhook = ("webhook", "平台推送")
    replay = ("replay", "重放")


class SyncOutcome(LabeledEnum):
    """What became of an incoming item change."""

    applied = ("applied", "已应用")
    duplicate = ("duplicate", "重复（已跳过）")
    stale = ("stale", "过期版本（已跳过）")
    failed = ("failed", "失败")


class UnitReportKind(LabeledEnum):
    """A project-unit report the platform asks of provincial-list projects."""

    start = ("start", "开工")
    progress = ("progress", "进度")
    suspension = ("suspension", "停工")
    resumption = ("resumption", "复工")
    completion = ("completion", "竣工")


class DeliveryStatus(LabeledEnum):
    """Where an outgoing report stands."""

    pending = ("pending", "待发送")
    delivered = ("delivered", "已送达")
    dead = ("dead", "发送失败（待重放）")
    rejected = ("rejected", "被省平台拒收（更正后重放）")  # a 4xx about the report itself: not retried
