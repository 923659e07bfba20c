"""Shipped default schemes: 清水's five-dimension evaluation (monthly, quarterly, yearly roll-up, yearly rewards of
departments and townships) and 栾川's quarterly observation scoring (观摩打分). Offices change them by
publishing new versions; these are only the first versions."""

from __future__ import annotations

from typing import Any


def _five() -> list[dict[str, Any]]:
    """清水's five dimensions, 100 points (seed 003 §17 "重点从项目谋划储备、资金争取、实施进度、制度履行、
    投资完成率5个方面，每月进行阶段性评价"), each from the inputs the seed names; the same for projects and
    for units (a unit sums its projects, and its reserve library is its own). The weights and every point below
    are our choice (the seed names the dimensions, not their points): investment completion weighs most (40) as
    the county's goal is investment (seed 003 二(四) "紧盯固定资产投资年度增长目标"); planning and progress 20
    each; compliance 15; funds 5.

    - 谋划储备 (§1 "建立年度县级、部门、乡镇三级重点建设项目综合滚动储备库"): 4 points per entry in the county library,
      2 per department or township entry, 4 more per entry promoted into a year's list, capped at 20.
    - 资金争取 (§3 "切实提升项目的落地率和资金到位率"; §1 中央预算内投资、政府债券): 3 points × the funds-in-place
      rate, plus 2 for central budget or bond money secured of 1000万元 or more, 1 for any less.
    - 实施进度 (§16 "重点对照项目推进计划"): 12 points for the node plan's due nodes reached on time, 8 for physical
      progress at the plan's pace.
    - 制度履行 (§6, §11, §16): deductions for late reports, overdue problems, letters, absences, overdue items.
    - 投资完成率: 40 × year-to-date investment completed ÷ the year's plan."""
    return [
        {"code": "planning_reserve", "name": "谋划储备", "weight": "20", "kind": "reserve",
         "per_entry": {"county": "4", "department": "2", "township": "2"}, "per_promotion": "4"},
        {"code": "fund_acquisition", "name": "资金争取", "weight": "5", "kind": "funds", "in_place_points": "3",
         "won_channels": ["central_budget", "special_bonds"],
         "won_bands": [{"min": "1000", "points": "2"}, {"min": "0", "points": "1"}]},
        {"code": "implementation_progress", "name": "实施进度", "weight": "20", "kind": "schedule",
         "nodes_points": "12", "physical_points": "8"},
        {"code": "compliance", "name": "制度履行", "weight": "15", "kind": "deductions",
         "per_event": {"late_report": "3", "overdue_problem": "3", "letter_received": "3",
                       "unexcused_absence": "2", "overdue_decided_item": "2"}},
        {"code": "investment_completion", "name": "投资完成率", "weight": "40", "kind": "ratio",
         "numerator": "investment_completed", "denominator": "annual_plan"},
    ]


DEFAULT_SCHEMES: list[dict[str, Any]] = [
    {"code": "qingshui-monthly", "name": "重点项目绩效评价（月度）", "subject_kind": "project", "period_kind": "month",
     "version": {"dimensions": _five(), "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-quarterly", "name": "重点项目绩效评价综合排名（季度）", "subject_kind": "project",
     "period_kind": "quarter", "version": {"dimensions": _five(), "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-yearly", "name": "重点项目年度绩效考核", "subject_kind": "project", "period_kind": "year",
     "version": {"dimensions": [
         {"code": "rollup", "name": "季度与月度评价汇总", "weight": "100", "kind": "rollup",
          "sources": [{"scheme_code": "qingshui-quarterly", "weight": "0.7"},
                      {"scheme_code": "qingshui-monthly", "weight": "0.3"}]}],
         "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-departments-yearly", "name": "部门年度项目工作绩效考核", "subject_kind": "department",
     "period_kind": "year", "version": {"dimensions": _five(), "praise_size": 6, "criticism_size": 0}},
    {"code": "qingshui-townships-yearly", "name": "乡镇年度项目工作绩效考核", "subject_kind": "township",
     "period_kind": "year", "version": {"dimensions": _five(), "praise_size": 3, "criticism_size": 0}},
    {"code": "luanchuan-observation", "name": "全县重点项目季度观摩评价", "subject_kind": "project",
     "period_kind": "quarter", "version": {"dimensions": [
         {"code": "observation", "name": "观摩打分", "weight": "100", "kind": "sheets"}],
         "praise_size": 3, "criticism_size": 3}},
]
