"""Shipped default schemes: 清水's five-dimension evaluation (monthly, quarterly, yearly roll-up, yearly rewards of
departments and townships) and 栾川's quarterly observation scoring (观摩打分). Offices change them by
publishing new versions; these are only the first versions."""

from __future__ import annotations

from typing import Any


def _five(unit_level: bool) -> list[dict[str, Any]]:
    """清水's five dimensions (谋划储备、资金争取、实施进度、制度履行、投资完成率), 100 points."""
    if unit_level:  # a unit has no stage of its own: fund acquisition by the size of its year's plan
        funds = {"code": "fund_acquisition", "name": "资金争取", "weight": "5", "kind": "bands", "input": "annual_plan",
                 "bands": [{"min": "10000", "points": "5"}, {"min": "5000", "points": "3"},
                           {"min": "0", "points": "1"}]}
    else:
        funds = {"code": "fund_acquisition", "name": "资金争取", "weight": "5", "kind": "category",
                 "points": {"new_start": "5", "under_construction": "2"}, "default": "0"}
    return [
        {"code": "planning_reserve", "name": "谋划储备", "weight": "20", "kind": "bands", "input": "total_investment",
         "bands": [{"min": "50000", "points": "20"}, {"min": "10000", "points": "10"}, {"min": "5000", "points": "6"},
                   {"min": "0", "points": "3"}]},
        funds,
        {"code": "implementation_progress", "name": "实施进度", "weight": "20", "kind": "ratio",
         "numerator": "investment_completed", "denominator": "annual_plan"},
        {"code": "compliance", "name": "制度履行", "weight": "15", "kind": "deductions",
         "per_event": {"late_report": "3", "overdue_problem": "3", "letter_received": "3",
                       "unexcused_absence": "2", "overdue_decided_item": "2"}},
        {"code": "investment_completion", "name": "投资完成率", "weight": "40", "kind": "ratio",
         "numerator": "investment_completed", "denominator": "annual_plan"},
    ]


DEFAULT_SCHEMES: list[dict[str, Any]] = [
    {"code": "qingshui-monthly", "name": "重点项目绩效评价（月度）", "subject_kind": "project", "period_kind": "month",
     "version": {"dimensions": _five(False), "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-quarterly", "name": "重点项目绩效评价综合排名（季度）", "subject_kind": "project",
     "period_kind": "quarter", "version": {"dimensions": _five(False), "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-yearly", "name": "重点项目年度绩效考核", "subject_kind": "project", "period_kind": "year",
     "version": {"dimensions": [
         {"code": "rollup", "name": "季度与月度评价汇总", "weight": "100", "kind": "rollup",
          "sources": [{"scheme_code": "qingshui-quarterly", "weight": "0.7"},
                      {"scheme_code": "qingshui-monthly", "weight": "0.3"}]}],
         "praise_size": 3, "criticism_size": 3}},
    {"code": "qingshui-departments-yearly", "name": "部门年度项目工作绩效考核", "subject_kind": "department",
     "period_kind": "year", "version": {"dimensions": _five(True), "praise_size": 6, "criticism_size": 0}},
    {"code": "qingshui-townships-yearly", "name": "乡镇年度项目工作绩效考核", "subject_kind": "township",
     "period_kind": "year", "version": {"dimensions": _five(True), "praise_size": 3, "criticism_size": 0}},
    {"code": "luanchuan-observation", "name": "全县重点项目季度观摩评价", "subject_kind": "project",
     "period_kind": "quarter", "version": {"dimensions": [
         {"code": "observation", "name": "观摩打分", "weight": "100", "kind": "sheets"}],
         "praise_size": 3, "criticism_size": 3}},
]
