"""Enums of warning lights, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class LightKind(LabeledEnum):
    """Which light of a project."""

    start = ("start", "开工灯")
    progress = ("progress", "进度灯")
    procedure = ("procedure", "手续灯")


class LightColour(LabeledEnum):
    green = ("green", "绿灯")
    yellow = ("yellow", "黄灯")
    red = ("red", "红灯")
