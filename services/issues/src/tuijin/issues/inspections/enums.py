"""Enums of inspections (督查), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class InspectionKind(LabeledEnum):
    """The three kinds of inspection (清水, seed 003: 日常督查、定期督查、专项督查相结合)."""

    routine = ("routine", "日常督查")
    """By the office (县发改局), at any time, against the year's push list; a written report and a problem list to
    the leader in charge."""
    periodic = ("periodic", "定期督查")
    """By the joint group (县委办、政府办、发改局、财政局), every month, covering every project that is behind; checks
    physical work and funds disbursed on site; the 《项目督查专报》 and a problem list to the county committee and
    government."""
    special = ("special", "专项督查")
    """Led by a county leader, on a theme (funds not in place, land not approved, progress far behind), 四不两直:
    unannounced, so the inspected do not see it before it is recorded."""


class InspectionStatus(LabeledEnum):
    planned = ("planned", "计划中")
    recorded = ("recorded", "已录入")
    closed = ("closed", "已办结")


class FindingDisposition(LabeledEnum):
    """What became of a finding: closed on the spot, or put on the ladder as a problem with a deadline."""

    on_the_spot = ("on_the_spot", "当场整改")
    problem = ("problem", "限期整改")


class FindingState(LabeledEnum):
    """Where a finding's rectification stands, read from its problem (a finding closed on the spot is rectified)."""

    rectified = ("rectified", "已整改")
    rectifying = ("rectifying", "整改中")
    overdue = ("overdue", "逾期未整改")
