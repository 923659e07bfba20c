"""Enums of site visits, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class VisitKind(LabeledEnum):
    """What kind of visit: an investigation and supervision visit (清水, 惠济, 楚雄) or office hours held on the
    site (郸城 现场办公)."""

    inspection = ("inspection", "现场调研督导")
    on_site_office = ("on_site_office", "现场办公")


class LinkKind(LabeledEnum):
    """What a visit names: the people on it, the projects visited, the units present."""

    person = ("person", "参加人员")
    project = ("project", "调研项目")
    unit = ("unit", "到场单位")
