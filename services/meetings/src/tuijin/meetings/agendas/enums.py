"""Enums of agendas, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class AgendaSource(LabeledEnum):
    """Where an agenda item comes from: built from what is stuck, submitted by a unit, or added by hand."""

    problem = ("problem", "问题台账")
    procedures = ("procedures", "未办结手续")
    progress_summary = ("progress_summary", "进展情况汇总")
    submission = ("submission", "单位报送")
    manual = ("manual", "手工添加")


BUILT_SOURCES = (AgendaSource.problem, AgendaSource.procedures, AgendaSource.progress_summary)


class ProblemLevel(LabeledEnum):
    """Levels of the issues service's escalation ladder that have a meeting."""

    system_meeting = ("system_meeting", "体系例会")
    county_meeting = ("county_meeting", "县委县政府项目例会")


class SubmissionStatus(LabeledEnum):
    """A unit's submission for a meeting, approved by its leader."""

    submitted = ("submitted", "已报送")
    approved = ("approved", "领导已审核")
    rejected = ("rejected", "退回")
