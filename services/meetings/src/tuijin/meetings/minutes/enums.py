"""Enums of minutes and decided items, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class MinutesStatus(LabeledEnum):
    draft = ("draft", "草稿")
    published = ("published", "已印发")


class Outcome(LabeledEnum):
    """What the meeting decided on an agenda item."""

    solved = ("solved", "当场解决")
    assigned = ("assigned", "交办责任单位限期解决")
    escalated = ("escalated", "提交上一级会议")
    deferred = ("deferred", "暂缓")


# outcomes the issues service applies to the problems (minutes.published decisions)
EVENT_OUTCOMES = (Outcome.solved, Outcome.assigned, Outcome.escalated)


class DecidedItemStatus(LabeledEnum):
    """A decided item (议定事项): open → done → verified; overdue is an open item past its due date."""

    open = ("open", "办理中")
    done = ("done", "已办结")
    verified = ("verified", "已核实")


class FollowUpAction(LabeledEnum):
    """A step on a decided item's record."""

    progress = ("progress", "进展")
    done = ("done", "办结")
    verify = ("verify", "核实")
    reopen = ("reopen", "退回重办")
