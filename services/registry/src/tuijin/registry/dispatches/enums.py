"""Enums of dispatches (调度) and the dispatch cadence, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class CadenceKind(LabeledEnum):
    """How often a stage's projects are dispatched (调度频次)."""

    daily = ("daily", "天天调度")
    every_n_days = ("every_n_days", "每N天一调度")
    monthly = ("monthly", "一月一调度")


class DayCount(LabeledEnum):
    """How the days of an ``every_n_days`` cadence are counted."""

    working = ("working", "工作日")
    calendar = ("calendar", "自然日")
