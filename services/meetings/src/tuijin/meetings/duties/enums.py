"""Enums of the duty rules, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class Duty(LabeledEnum):
    """A duty the rules count (one field of the ``duties`` policy each)."""

    leader_visits_per_project_month = ("leader_visits_per_project_month", "领导每月到项目现场调研督导")
    leader_push_meetings_month = ("leader_push_meetings_month", "领导每月主持召开项目推进会")
    leader_visits_per_project_week = ("leader_visits_per_project_week", "领导每周到项目现场办公")
    unit_visits_per_project_week = ("unit_visits_per_project_week", "责任单位每周到项目现场办公")
    unit_visits_per_project_month = ("unit_visits_per_project_month", "责任单位每月到项目现场调研")
