"""Realistic examples (Chinese data, one county: 洛宁县 410328) of the issues service's request and response
bodies, shown in the OpenAPI document (``json_schema_extra`` of each schema). One project, one unit, one problem,
one letter and one interview throughout, so that a reader can follow the ids from one operation to the next."""

from __future__ import annotations

from typing import Any

REGION = "410328"
PROJECT = "5f0c2d7e-3b1a-4c8e-9f21-6a7b8c9d0e11"
PROJECT_CODE = "LN-2026-007"
PROJECT_NAME = "洛宁县抽水蓄能电站配套道路工程"
UNIT = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
UNIT_NAME = "县发展和改革委员会"
CO_UNIT = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091"
SYSTEM = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"
PROBLEM = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
MEETING = "3d4e5f60-7182-4934-a5b6-c7d8e9f0a1b2"
LETTER = "9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"
INTERVIEW = "4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c"
EVENT = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
POST = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """``model_config`` ``json_schema_extra`` with these examples."""
    return {"examples": list(bodies)}


# ---------------------------------------------------------------- problems

PROBLEM_CREATE = {
    "project_id": PROJECT,
    "category": "land",
    "description": "配套道路K3+200至K4+500段用地预审未批复，影响路基施工",
    "responsible_unit_id": UNIT,
    "co_unit_ids": [CO_UNIT],
    "level": "team",
    "deadline": "2026-10-16",
}
ASSIGN = {"unit_id": UNIT, "deadline": "2026-10-23", "co_unit_ids": [CO_UNIT], "reason": "请牵头协调用地预审报批"}
ANSWER = {"answer": "已协调县自然资源局，十个工作日内完成用地预审报件", "planned_resolution_on": "2026-10-25"}
DOCUMENTS_REQUEST = {"documents": ["用地红线图", "项目可行性研究报告批复"], "note": "请项目业主一次性补齐"}
NOTE = {"note": "材料已由业主单位于10月9日补齐"}
RESOLVE = {"resolution": "经县项目例会研究，用地预审已于10月20日批复", "meeting_id": MEETING}
REASON = {"reason": "服务团队协调未果，需提请体系例会研究"}
SEND_DOWN = {"deadline": "2026-11-06", "to_level": "team", "unit_id": UNIT, "reason": "会议明确由服务团队限期解决"}

PROBLEM_OUT = {
    "id": PROBLEM,
    "region_code": REGION,
    "project_id": PROJECT,
    "project_code": PROJECT_CODE,
    "project_name": PROJECT_NAME,
    "system_id": SYSTEM,
    "category": "land",
    "description": "配套道路K3+200至K4+500段用地预审未批复，影响路基施工",
    "raised_by": "office:410328:张明",
    "raised_by_unit_id": None,
    "raised_at": "2026-10-09T09:12:00+08:00",
    "raised_on": "2026-10-09",
    "responsible_unit_id": UNIT,
    "co_unit_ids": [CO_UNIT],
    "level": "team",
    "level_since": "2026-10-09",
    "deadline": "2026-10-16",
    "status": "awaiting_answer",
    "answer_due_on": "2026-10-15",
    "answer_overdue": False,
    "documents_due_on": "2026-10-12",
    "documents_requested": False,
    "answer": "",
    "resolution": "",
    "resolved_on": None,
    "resolved_meeting_id": None,
    "closed_on": None,
    "version": 1,
    "created_at": "2026-10-09T09:12:00+08:00",
    "updated_at": "2026-10-09T09:12:00+08:00",
}
PROBLEM_EVENT_OUT = {
    "id": EVENT,
    "action": "answer",
    "source": "user",
    "actor": "unit:县发展和改革委员会:李华",
    "actor_unit_id": UNIT,
    "at": "2026-10-13T15:40:00+08:00",
    "occurred_on": "2026-10-13",
    "reason": "",
    "from_status": "awaiting_answer",
    "to_status": "answered",
    "from_level": "team",
    "to_level": "team",
    "unit_id": UNIT,
    "deadline": "2026-10-15",
    "days_at_level": None,
    "days_open": None,
    "late": False,
    "meeting_id": None,
    "details": {"answer": "已协调县自然资源局，十个工作日内完成用地预审报件", "planned_resolution_on": "2026-10-25"},
}
PROBLEM_TIMELINE = {"problem_id": PROBLEM, "events": [PROBLEM_EVENT_OUT]}
AGENDA_ITEM = {
    "problem_id": PROBLEM,
    "project_id": PROJECT,
    "project_code": PROJECT_CODE,
    "project_name": PROJECT_NAME,
    "system_id": SYSTEM,
    "level": "system_meeting",
    "category": "land",
    "description": "配套道路K3+200至K4+500段用地预审未批复，影响路基施工",
    "responsible_unit_id": UNIT,
    "deadline": "2026-10-23",
    "raised_at": "2026-10-09T09:12:00+08:00",
    "status": "answered",
}
_COUNTS = {"raised": 6, "escalated": 2, "resolved": 3, "closed": 3, "reopened": 0, "overdue_answers": 1,
           "late_answers": 1}
PROBLEM_STATS = {
    "region_code": REGION,
    "from": "2026-10-01",
    "to": "2026-10-31",
    "totals": _COUNTS,
    "by_unit": [{"unit_id": UNIT, **_COUNTS}],
    "by_project": [{"project_id": PROJECT, **_COUNTS}],
}
OPEN_SUMMARY = {
    "region_code": REGION,
    "as_of": "2026-10-20",
    "open": 3,
    "past_deadline": 1,
    "answer_overdue": 1,
    "by_level": [
        {"level": "team", "open": 1, "past_deadline": 0, "answer_overdue": 1},
        {"level": "system_meeting", "open": 2, "past_deadline": 1, "answer_overdue": 0},
        {"level": "county_meeting", "open": 0, "past_deadline": 0, "answer_overdue": 0},
        {"level": "leadership", "open": 0, "past_deadline": 0, "answer_overdue": 0},
    ],
}
_GROUP = {"closed": 3, "average_days_to_close": 7.33, "overdue_answers": 1,
          "working_days_by_level": {"team": 4.5, "system_meeting": 3.0}}
PROBLEM_METRICS = {
    "region_code": REGION,
    "from": "2026-10-01",
    "to": "2026-10-31",
    "levels": [
        {"level": "team", "exits": 4, "total_working_days": 18, "average_working_days": 4.5},
        {"level": "system_meeting", "exits": 1, "total_working_days": 3, "average_working_days": 3.0},
        {"level": "county_meeting", "exits": 0, "total_working_days": 0, "average_working_days": None},
        {"level": "leadership", "exits": 0, "total_working_days": 0, "average_working_days": None},
    ],
    "average_days_to_close": 7.33,
    "overdue_answers": 1,
    "by_unit": [{"unit_id": UNIT, **_GROUP}],
    "by_project": [{"project_id": PROJECT, **_GROUP}],
}

# ---------------------------------------------------------------- letters

LETTER_BODY = (
    f"{PROJECT_NAME}（{PROJECT_CODE}）用地预审问题已交由你单位办理，至今仍未解决。请于10月30日前书面反馈办理情况。"
)
LETTER_CREATE = {
    "region_code": REGION,
    "grade": "supervision",
    "unit_id": UNIT,
    "subject_kind": "problem",
    "problem_id": PROBLEM,
    "decided_item_id": None,
    "meeting_id": None,
    "project_id": None,
    "title": f"关于加快解决{PROJECT_NAME}用地问题的督办函",
    "body": LETTER_BODY,
    "reply_due_on": "2026-10-30",
}
REPLY = {"reply": "已于10月15日完成用地预审报件，预计10月底取得批复。"}
LETTER_OUT = {
    "id": LETTER,
    "region_code": REGION,
    "year": 2026,
    "serial": 12,
    "number": "洛重项办督〔2026〕12号",
    "grade": "supervision",
    "reason": "manual",
    "source": "manual",
    "subject_kind": "problem",
    "problem_id": PROBLEM,
    "decided_item_id": None,
    "meeting_id": None,
    "project_id": PROJECT,
    "project_code": PROJECT_CODE,
    "project_name": PROJECT_NAME,
    "unit_id": UNIT,
    "unit_name": UNIT_NAME,
    "title": f"关于加快解决{PROJECT_NAME}用地问题的督办函",
    "body": LETTER_BODY,
    "issuer": "洛宁县重点项目建设工作领导小组办公室",
    "issued_at": "2026-10-20T10:05:00+08:00",
    "issued_on": "2026-10-20",
    "issued_by": "office:410328:张明",
    "reply_due_on": "2026-10-30",
    "status": "issued",
    "reply": "",
    "replied_at": None,
    "replied_on": None,
    "replied_by": None,
    "reply_overdue": False,
    "version": 1,
}
_GRADES = {"reminder": 2, "push": 1, "supervision": 1, "total": 4, "replied_late": 1, "unreplied_overdue": 0}
LETTER_STATS = {
    "region_code": REGION,
    "from": "2026-10-01",
    "to": "2026-10-31",
    "totals": _GRADES,
    "by_unit": [{"unit_id": UNIT, **_GRADES}],
    "by_project": [{"project_id": PROJECT, **_GRADES}],
}

# ---------------------------------------------------------------- interviews

INTERVIEW_CREATE = {
    "region_code": REGION,
    "project_id": PROJECT,
    "interviewee_kind": "unit_head",
    "interviewee_name": "王建国",
    "interviewee_title": "县发展和改革委员会主任",
    "unit_id": UNIT,
    "reasons": ["moving_slowly", "problems_long_unsolved"],
    "held_on": "2026-10-28",
    "location": "县委第二会议室",
    "interviewer": "县委副书记、县长",
    "summary": "项目进度滞后序时进度30%，用地问题久拖未决，责任单位推进不力。",
    "commitments": "11月15日前完成用地报批，11月底路基施工全面铺开。",
    "rectification_due_on": "2026-11-30",
    "problem_ids": [PROBLEM],
}
INTERVIEW_OUT = {
    **INTERVIEW_CREATE,
    "id": INTERVIEW,
    "project_code": PROJECT_CODE,
    "project_name": PROJECT_NAME,
    "unit_name": UNIT_NAME,
    "recorded_by": "supervisor:410328:赵敏",
    "recorder_name": "赵敏",
    "recorder_post": "洛宁县重点项目建设工作领导小组办公室督查科科长",
    "recorded_at": "2026-10-28T17:20:00+08:00",
}
INTERVIEW_CANDIDATE = {
    "project_id": PROJECT,
    "project_code": PROJECT_CODE,
    "project_name": PROJECT_NAME,
    "stage": "under_construction",
    "responsible_unit_id": UNIT,
    "leader_post_id": POST,
    "reasons": ["moving_slowly", "problems_long_unsolved"],
    "lights": {"progress": "yellow"},
    "unsolved_problems": [
        {"problem_id": PROBLEM, "level": "county_meeting", "raised_on": "2026-09-01", "open_working_days": 37}
    ],
    "last_interview_on": None,
}

# ---------------------------------------------------------------- inspections (督查)

INSPECTION = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
FINDING = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
INSPECTION_ATTACHMENT = "0193e0f4-7c1a-7a51-9b7e-2f4a1c9d8e01"
_TEAM = [{"name": "王建国", "title": "县政府副县长", "unit_id": None, "unit_name": ""},
         {"name": "李华", "title": "督查科科长", "unit_id": UNIT, "unit_name": UNIT_NAME}]
INSPECTION_CREATE = {
    "region_code": REGION, "kind": "special", "theme": "资金未落实、土地未报批项目专项督查", "lead": "王建国",
    "team": [{"name": "王建国", "title": "县政府副县长"}, {"name": "李华", "title": "督查科科长", "unit_id": UNIT}],
    "inspected_on": "2026-10-20", "project_ids": [PROJECT],
}
INSPECTION_PATCH = {"theme": "资金未落实项目专项督查", "inspected_on": "2026-10-22"}
INSPECTION_RECORD = {
    "inspected_on": "2026-10-22",
    "summary": "督查组采取“四不两直”方式，实地察看项目1个，发现问题2个，当场整改1个。",
    "checks": [{"project_id": PROJECT, "reported_progress": "路基土方完成65%", "observed_progress": "路基土方完成约50%",
                "reported_percent": "45.00", "observed_percent": "35.00", "funds_reported": "800.00",
                "funds_disbursed": "520.00", "note": "实物工程量与月报不符"}],
    "findings": [
        {"project_id": PROJECT, "category": "funds", "description": "县级配套资金300万元未拨付到位",
         "disposition": "problem", "measures": "县财政局限期拨付", "responsible_unit_id": UNIT,
         "rectification_due_on": "2026-11-05", "attachment_ids": [INSPECTION_ATTACHMENT]},
        {"project_id": PROJECT, "category": "other", "description": "施工现场安全警示标志缺失",
         "disposition": "on_the_spot", "measures": "已当场责令补设"},
    ],
}
INSPECTION_FINDING_OUT = {
    "id": FINDING, "position": 1, "project_id": PROJECT, "project_code": PROJECT_CODE, "project_name": PROJECT_NAME,
    "category": "funds", "description": "县级配套资金300万元未拨付到位", "disposition": "problem",
    "measures": "县财政局限期拨付", "responsible_unit_id": UNIT, "responsible_unit_name": UNIT_NAME,
    "rectification_due_on": "2026-11-05", "problem_id": PROBLEM, "attachment_ids": [INSPECTION_ATTACHMENT],
    "problem_status": "awaiting_answer", "rectification_id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
    "rectification_status": "open", "state": "rectifying",
}
INSPECTION_OUT = {
    "id": INSPECTION, "region_code": REGION, "kind": "special", "status": "recorded",
    "theme": "资金未落实、土地未报批项目专项督查", "lead": "王建国", "team": _TEAM, "inspected_on": "2026-10-22",
    "summary": "督查组采取“四不两直”方式，实地察看项目1个，发现问题2个，当场整改1个。",
    "projects": [{"project_id": PROJECT, "project_code": PROJECT_CODE, "project_name": PROJECT_NAME,
                  "responsible_unit_id": UNIT, "checked": True, "reported_progress": "路基土方完成65%",
                  "observed_progress": "路基土方完成约50%", "reported_percent": "45.00", "observed_percent": "35.00",
                  "funds_reported": "800.00", "funds_disbursed": "520.00", "note": "实物工程量与月报不符"}],
    "findings": [INSPECTION_FINDING_OUT],
    "created_by": "office:410328:张明", "recorded_by": "office:410328:张明", "recorded_at": "2026-10-22T09:30:00Z",
    "closed_by": None, "closed_at": None, "version": 3,
    "created_at": "2026-10-15T02:00:00Z", "updated_at": "2026-10-22T09:30:00Z",
}
BEHIND_PROJECT = {"project_id": PROJECT, "project_code": PROJECT_CODE, "project_name": PROJECT_NAME,
                  "responsible_unit_id": UNIT, "lights": {"progress": "red"}, "reasons": ["落后序时进度35个百分点"]}
