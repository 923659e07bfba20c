"""Enums of efficiency complaints (行政效能投诉), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class ComplaintStatus(LabeledEnum):
    """received → investigating → concluded."""

    received = ("received", "已受理")
    investigating = ("investigating", "调查核实中")
    concluded = ("concluded", "已办结")


class ComplaintFinding(LabeledEnum):
    """The office's finding on the complaint."""

    substantiated = ("substantiated", "投诉属实")
    partly_substantiated = ("partly_substantiated", "部分属实")
    not_substantiated = ("not_substantiated", "投诉不属实")
