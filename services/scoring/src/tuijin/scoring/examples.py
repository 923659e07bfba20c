"""Realistic examples (洛宁县, 410328) of the scoring service's request and response bodies, shown in the
OpenAPI document beside each schema (``json_schema_extra``) so a front end sees the shapes with real data."""

from __future__ import annotations

from typing import Any

REGION = "410328"
SCHEME_ID = "3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f41"
RUN_ID = "8b2e4f60-1a3c-4d5e-8f7a-9b0c1d2e3f45"
ROUND_ID = "c4d5e6f7-0812-4a3b-9c4d-5e6f70819a2b"
PROJECT_ID = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
PROJECT = "洛宁县抽水蓄能电站配套道路工程"
UNIT_ID = "1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b"
OFFICE = "office:luoning-zdb"
PUBLISHED = "2026-10-12T09:30:00+08:00"

DIMENSIONS: list[dict[str, Any]] = [
    {"code": "investment_completion", "name": "投资完成率", "weight": "60.00", "kind": "ratio",
     "numerator": "investment_completed", "denominator": "annual_plan"},
    {"code": "planning_reserve", "name": "谋划储备", "weight": "25.00", "kind": "bands", "input": "total_investment",
     "bands": [{"min": "50000.00", "points": "25.00"}, {"min": "10000.00", "points": "15.00"},
               {"min": "0.00", "points": "5.00"}]},
    {"code": "compliance", "name": "制度履行", "weight": "15.00", "kind": "deductions",
     "per_event": {"late_report": "3.00", "overdue_problem": "3.00", "letter_received": "3.00"}},
]
VERSION_IN = {"total_points": "100.00", "dimensions": DIMENSIONS, "praise_size": 3, "criticism_size": 3,
              "note": "投资完成率权重由 40 调整为 60（县重点办 2026 年第 9 次主任办公会）"}
VERSION_OUT = {"id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "scheme_id": SCHEME_ID, "version": 2,
               **VERSION_IN, "published_at": "2026-09-28T16:00:00+08:00", "published_by": OFFICE}
SCHEME_IN = {"region_code": REGION, "code": "luoning-quarterly", "name": "洛宁县重点项目绩效评价（季度）",
             "subject_kind": "project", "period_kind": "quarter", "version": VERSION_IN}
SCHEME_OUT = {"id": SCHEME_ID, "region_code": REGION, "code": "luoning-quarterly",
              "name": "洛宁县重点项目绩效评价（季度）", "subject_kind": "project", "period_kind": "quarter",
              "latest_version": 2, "created_at": "2026-07-01T10:00:00+08:00", "current": VERSION_OUT}
DEFAULTS_IN = {"region_code": REGION}

RUN_IN = {"scheme_id": SCHEME_ID, "period": "2026-Q3"}
RUN_OUT = {"id": RUN_ID, "region_code": REGION, "scheme_id": SCHEME_ID, "scheme_version": 2,
           "subject_kind": "project", "period": "2026-Q3", "period_start": "2026-07-01", "period_end": "2026-09-30",
           "version": 2, "status": "published", "total_points": "100.00",
           "changes": [{"subject_id": PROJECT_ID, "subject_name": PROJECT, "total_before": "86.50",
                        "total_after": "88.00", "rank_before": 3, "rank_after": 2}],
           "created_at": "2026-10-12T09:00:00+08:00", "created_by": OFFICE, "published_at": PUBLISHED,
           "published_by": OFFICE}
DIMENSION_SCORES = [
    {"code": "investment_completion", "name": "投资完成率", "kind": "ratio", "weight": "60.00", "score": "48.00",
     "explanation": "年度累计完成投资 640.00 万元 ÷ 年度计划投资 800.00 万元 × 60 = 48.00"},
    {"code": "planning_reserve", "name": "谋划储备", "kind": "bands", "weight": "25.00", "score": "25.00",
     "explanation": "总投资 52000.00 万元，达到 50000.00 万元档，得 25.00"},
    {"code": "compliance", "name": "制度履行", "kind": "deductions", "weight": "15.00", "score": "15.00",
     "explanation": "无扣分事项"},
]
RESULT_OUT = {"subject_id": PROJECT_ID, "subject_code": "LN-2026-017", "subject_name": PROJECT,
              "unit_id": UNIT_ID, "dimensions": DIMENSION_SCORES, "total": "88.00", "rank": 2}
SUBJECT_RESULT_OUT = {**RESULT_OUT, "run_id": RUN_ID, "scheme_id": SCHEME_ID, "subject_kind": "project",
                      "period": "2026-Q3", "period_start": "2026-07-01", "period_end": "2026-09-30",
                      "published_at": PUBLISHED, "total_points": "100.00"}
INPUTS_OUT = {"run_id": RUN_ID, "inputs": {
    "region_code": REGION, "period": "2026-Q3", "subject_kind": "project",
    "subjects": {PROJECT_ID: {"code": "LN-2026-017", "name": PROJECT, "stage": "under_construction",
                              "unit_id": UNIT_ID, "amounts": {"total_investment": "52000.00",
                                                              "annual_plan": "800.00",
                                                              "investment_completed": "640.00", "projects": "1"},
                              "events": {"late_report": 0, "overdue_problem": 0, "letter_received": 0,
                                         "unexcused_absence": 0, "proxy_attendance": 0, "overdue_decided_item": 0}}},
    "calls": ["registry GET /api/v1/progress-reports/year-totals [('late_from', '2026-07'), "
              "('region_code', '410328'), ('through', '2026-09')]"],
    "sources": {}, "local": {}}}
LIST_ENTRY = {"subject_id": PROJECT_ID, "subject_code": "LN-2026-017", "subject_name": PROJECT, "unit_id": UNIT_ID,
              "total": "88.00", "rank": 2}
LISTS_OUT = {"run_id": RUN_ID, "period": "2026-Q3", "praise": [
    {**LIST_ENTRY, "subject_id": "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e", "subject_code": "LN-2026-003",
     "subject_name": "洛宁县城区集中供热管网改造工程", "total": "92.50", "rank": 1}, LIST_ENTRY],
    "criticism": [{**LIST_ENTRY, "subject_id": "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f", "subject_code": "LN-2026-021",
                   "subject_name": "洛宁县洛河生态廊道二期工程", "total": "61.00", "rank": 18}]}

CRITERIA = [{"code": "progress", "name": "目标完成情况", "min": "0.00", "max": "60.00"},
            {"code": "quality", "name": "建设质量", "min": "0.00", "max": "40.00"}]
ROUND_IN = {"region_code": REGION, "name": "2026年第三季度重点项目观摩", "period": "2026-Q3", "deadline": "2026-10-20",
            "criteria": CRITERIA, "trim_each_end": 1, "min_scorers_to_trim": 5, "project_ids": [PROJECT_ID],
            "scorers": [{"id": "scorer:zhang", "name": "县四大班子领导 张某"}]}
ROUND_OUT = {"id": ROUND_ID, "region_code": REGION, "name": "2026年第三季度重点项目观摩", "period": "2026-Q3",
             "deadline": "2026-10-20", "status": "open", "criteria": CRITERIA, "trim_each_end": 1,
             "min_scorers_to_trim": 5, "created_at": "2026-10-08T15:00:00+08:00"}
SCORE_IN = {"score": "52.50"}
SHEET_OUT = {"id": "9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b", "round_id": ROUND_ID, "scorer": "scorer:zhang",
             "scorer_name": "县四大班子领导 张某", "project_id": PROJECT_ID, "project_name": PROJECT,
             "criterion": "progress", "score": "52.50", "scored_at": "2026-10-15T10:20:00+08:00",
             "route_order": 0, "submitted_at": None, "etag": '"4f1d2c3b5a697887"'}
SUBMISSION_OUT = {"round_id": ROUND_ID, "scorer": "scorer:zhang", "sheets": 24,
                  "submitted_at": "2026-10-15T11:40:00+08:00"}
PROGRESS_OUT = {"round_id": ROUND_ID, "scorers": [
    {"scorer": "scorer:zhang", "scorer_name": "县四大班子领导 张某", "sheets": 24, "filled": 24, "missing": 0},
    {"scorer": "scorer:li", "scorer_name": "县发展和改革委员会 李某", "sheets": 24, "filled": 10, "missing": 14}],
    "not_done": ["县发展和改革委员会 李某"]}
PROJECT_SCORE = {"project_id": PROJECT_ID, "project_name": PROJECT, "score": "85.40", "out_of": "100.00",
                 "explanation": "2026年第三季度重点项目观摩：目标完成情况 7 人打分，去掉最高最低各 1 个，平均 51.60；"
                                "建设质量 7 人打分，去掉最高最低各 1 个，平均 33.80"}


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """``json_schema_extra`` of a schema: its examples."""
    return {"examples": list(bodies)}
