"""Enums of node plans, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class MilestoneKind(LabeledEnum):
    """Kind of a time node (时间节点). A project has at most one start, one completion and one operation
    node, in that order; intermediate nodes are free."""

    start = ("start", "开工")
    completion = ("completion", "竣工")
    operation = ("operation", "投产")
    intermediate = ("intermediate", "中间节点")


# nodes whose planned dates must keep this order (开工 ≤ 竣工 ≤ 投产)
ORDERED_KINDS = (MilestoneKind.start, MilestoneKind.completion, MilestoneKind.operation)
