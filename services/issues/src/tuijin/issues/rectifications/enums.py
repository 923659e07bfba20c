"""Enums of rectifications (整改), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class RectificationSource(LabeledEnum):
    """What required the rectification: an interview (约谈, 限期整改到位) or a finding of an inspection (督查发现
    问题, 跟踪督促限期整改)."""

    interview = ("interview", "约谈")
    inspection_finding = ("inspection_finding", "督查发现问题")


class RectificationStatus(LabeledEnum):
    """open → reported_done → verified; the office may reopen a reported or verified one (→ reopened, with a new
    deadline), which the unit reports done again."""

    open = ("open", "整改中")
    reported_done = ("reported_done", "已报整改完成待核验")
    verified = ("verified", "已核验整改到位")
    reopened = ("reopened", "核验未通过重新整改")


# statuses in which the unit still owes the rectification (a passed deadline draws a letter)
UNVERIFIED: tuple[str, ...] = (
    RectificationStatus.open.value, RectificationStatus.reported_done.value, RectificationStatus.reopened.value,
)
