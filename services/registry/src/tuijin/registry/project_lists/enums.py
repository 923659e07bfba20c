"""Enums of the project lists, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class RowAction(LabeledEnum):
    """What an imported row did to the project library."""

    created = ("created", "新增")
    updated = ("updated", "更新")
    unchanged = ("unchanged", "无变化")
