"""Enums of observation rounds (观摩打分), each member with its zh-CN label."""

from tuijin.kernel.enums import LabeledEnum


class RoundStatus(LabeledEnum):
    """An observation round (观摩打分) is open until its deadline."""

    open = ("open", "打分中")
    closed = ("closed", "已截止")
