"""Enums of the reserve library, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class ReserveLevel(LabeledEnum):
    """Which of the three rolling reserve libraries (三级滚动储备库, 清水) an entry belongs to."""

    county = ("county", "县级储备库")
    department = ("department", "部门储备库")
    township = ("township", "乡镇储备库")


class ReserveCategory(LabeledEnum):
    """Category for the selection thresholds: social, major renovation and high-tech may be lower."""

    ordinary = ("ordinary", "一般项目")
    social = ("social", "社会事业项目")
    major_renovation = ("major_renovation", "重大技术改造项目")
    high_tech = ("high_tech", "高新技术（高科技产业）项目")


class ReserveStatus(LabeledEnum):
    in_reserve = ("in_reserve", "在库")
    promoted = ("promoted", "已纳入年度重点项目清单")


class SelectionRule(LabeledEnum):
    """A rule of the selection check (选定标准)."""

    total_investment = ("total_investment", "总投资")
    first_year_investment = ("first_year_investment", "年度计划投资")
