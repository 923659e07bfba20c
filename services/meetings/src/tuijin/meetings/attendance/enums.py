"""Enums of attendance, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class AttendanceStatus(LabeledEnum):
    """How an invited unit attended. The head must attend in person (不得替会)."""

    present = ("present", "主要负责人出席")
    on_leave = ("on_leave", "请假（经召集单位批准）")
    absent = ("absent", "缺席")
    proxy = ("proxy", "替会")


# listed in the bulletin (通报) and counted against the unit in scoring
UNEXCUSED = (AttendanceStatus.absent, AttendanceStatus.proxy)


class LeaveStatus(LabeledEnum):
    """Leave asked of the convener."""

    requested = ("requested", "待批准")
    approved = ("approved", "已批准")
    rejected = ("rejected", "不予批准")
