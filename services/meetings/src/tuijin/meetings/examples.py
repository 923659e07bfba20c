"""Realistic examples (Chinese data: 洛宁县 410328, its transport bureau, a system meeting) of the meetings
service's request and response bodies, shown in the OpenAPI so a front-end team sees a real answer. Each schema
names its own with ``model_config = ConfigDict(json_schema_extra=examples_of("Name"))``. Data, not code: one
entry per schema (a composed answer reuses its parts' entries), longer than 400 lines on purpose."""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, dict[str, Any]] = {}
EXAMPLES["InvitationIn"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "kind": "notice",
    "expected_attendee": "张局长",
    "expected_person_id": None,
}
EXAMPLES["InvitationOut"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "kind": "notice",
    "expected_attendee": "张局长",
    "expected_person_id": None,
    "confirmed_attendee": "张局长",
    "confirmed_by": "lc.jtj",
    "confirmed_at": "2026-10-16T01:30:00Z",
}
EXAMPLES["ConfirmationIn"] = {"attendee_name": "张局长"}
EXAMPLES["SeriesIn"] = {
    "region_code": "410328",
    "meeting_type": "system_meeting",
    "title": "现代基础设施体系推进例会",
    "system_id": "1a3c5e7a-9c1e-4a5c-8e7a-9c1e3a5c7e91",
    "convener_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "start_time": "09:00",
    "duration_minutes": 120,
    "rrule": "FREQ=WEEKLY;BYDAY=MO",
    "start_date": "2026-10-12",
    "end_date": "2026-12-28",
    "non_working_day": "next_working_day",
    "horizon_days": 56,
    "submission_lead_days": 7,
    "fixed_unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51", "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f52"],
}
EXAMPLES["SeriesPatch"] = {
    "title": "现代基础设施体系推进例会",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "end_date": "2026-12-28",
    "horizon_days": 56,
    "non_working_day": "next_working_day",
    "fixed_unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51", "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f52"],
    "is_active": True,
}
EXAMPLES["SeriesOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "region_code": "410328",
    "meeting_type": "system_meeting",
    "title": "现代基础设施体系推进例会",
    "system_id": "1a3c5e7a-9c1e-4a5c-8e7a-9c1e3a5c7e91",
    "convener_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "start_time": "09:00",
    "duration_minutes": 120,
    "rrule": "FREQ=WEEKLY;BYDAY=MO",
    "start_date": "2026-10-12",
    "end_date": "2026-12-28",
    "non_working_day": "next_working_day",
    "horizon_days": 56,
    "submission_lead_days": 7,
    "fixed_unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51", "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f52"],
    "is_active": True,
    "expanded_through": "2026-12-07",
    "template_code": "system_meetings",
    "version": 3,
}
EXAMPLES["TemplateSeriesIn"] = {
    "region_code": "411625",
    "template": "dispatch",
    "start_date": "2026-10-05",
    "convener_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_name": "常务副县长",
    "place": "县政府三楼会议室",
    "horizon_days": 62,
    "fixed_unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f52"],
}
EXAMPLES["RotationIn"] = {
    "region_code": "410328",
    "mode": "weekday_sequence",
    "start_date": "2026-10-12",
    "end_date": "2026-12-28",
    "weekdays": ["MO", "TU", "WE", "TH", "FR"],
    "times": ["09:00", "15:00"],
    "duration_minutes": 120,
    "place": "县政府三楼会议室",
    "non_working_day": "next_working_day",
    "horizon_days": 56,
}
EXAMPLES["PreviewIn"] = {
    "rrule": "FREQ=WEEKLY;BYDAY=MO",
    "start_date": "2026-10-12",
    "non_working_day": "next_working_day",
    "from": "2026-10-12",
    "to": "2026-10-12",
}
EXAMPLES["Occurrence"] = {
    "rule_date": "2026-10-05",
    "meeting_date": "2026-10-12",
    "holiday": "国庆节",
}
EXAMPLES["ExpansionOut"] = {
    "series_id": "5d7f9b1c-3e5a-4c7e-8a0b-2c4e6a8b0d21",
    "created": 8,
    "expanded_through": "2026-12-07",
}
EXAMPLES["MeetingIn"] = {
    "region_code": "410328",
    "meeting_type": "system_meeting",
    "title": "现代基础设施体系推进例会",
    "system_id": "1a3c5e7a-9c1e-4a5c-8e7a-9c1e3a5c7e91",
    "convener_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "meeting_date": "2026-10-12",
    "start_time": "09:00",
    "duration_minutes": 120,
    "submission_due_date": "2026-10-05",
    "invitations": [EXAMPLES["InvitationIn"]],
}
EXAMPLES["MeetingPatch"] = {
    "title": "现代基础设施体系推进例会",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "duration_minutes": 120,
    "submission_due_date": "2026-10-05",
}
EXAMPLES["StatusChangeIn"] = {
    "to": "notice_sent",
    "reason": "与县委常委会时间冲突",
}
EXAMPLES["RescheduleIn"] = {
    "meeting_date": "2026-10-12",
    "start_time": "09:00",
    "place": "县政府三楼会议室",
    "reason": "与县委常委会时间冲突",
}
EXAMPLES["MeetingOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "region_code": "410328",
    "series_id": "5d7f9b1c-3e5a-4c7e-8a0b-2c4e6a8b0d21",
    "meeting_type": "system_meeting",
    "title": "现代基础设施体系推进例会",
    "system_id": "1a3c5e7a-9c1e-4a5c-8e7a-9c1e3a5c7e91",
    "convener_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "place": "县政府三楼会议室",
    "meeting_date": "2026-10-12",
    "start_time": "09:00",
    "duration_minutes": 120,
    "starts_at": "2026-10-12T01:00:00Z",
    "ends_at": "2026-10-12T03:00:00Z",
    "occurrence_date": "2026-10-12",
    "shifted_from": None,
    "submission_due_date": "2026-10-05",
    "status": "planned",
    "cancel_reason": "",
    "notice_sent_at": "2026-10-06T02:00:00Z",
    "agenda_frozen_at": None,
    "held_at": None,
    "version": 3,
}
EXAMPLES["ChangeOut"] = {
    "action": "done",
    "from_status": "open",
    "to_status": "done",
    "from_date": None,
    "to_date": "2026-10-12",
    "reason": "与县委常委会时间冲突",
    "changed_by": "office:县发展和改革委员会",
    "changed_at": "2026-10-06T02:00:00Z",
}
EXAMPLES["BookedMeeting"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "title": "现代基础设施体系推进例会",
    "meeting_type": "system_meeting",
    "meeting_date": "2026-10-12",
    "starts_at": "2026-10-12T01:00:00Z",
    "ends_at": "2026-10-12T03:00:00Z",
}
EXAMPLES["DoubleBooking"] = {
    "clash": "unit",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "chair_person_id": None,
    "chair_name": "王副县长",
    "first": EXAMPLES["BookedMeeting"],
    "second": EXAMPLES["BookedMeeting"],
}
EXAMPLES["AgendaItemOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "position": 1,
    "source": "problem",
    "problem_id": "8c0e2a4c-6e8a-4c2e-a4c6-8e0a2c4e6a41",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "project_code": "2411-410328-04-01-637015",
    "project_name": "洛宁县抽水蓄能电站配套道路工程",
    "title": "现代基础设施体系推进例会",
    "description": "用地预审未批复，影响路基施工",
    "category": "land",
    "responsible_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "problem_deadline": "2026-10-20",
    "presenter_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "presenter_name": "张局长",
    "duration_minutes": 120,
    "details": {"raised_at": "2026-09-28T02:00:00Z", "status": "awaiting_answer"},
    "submission_id": None,
}
EXAMPLES["AgendaItemIn"] = {
    "title": "现代基础设施体系推进例会",
    "description": "用地预审未批复，影响路基施工",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "problem_id": "8c0e2a4c-6e8a-4c2e-a4c6-8e0a2c4e6a41",
    "presenter_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "presenter_name": "张局长",
    "duration_minutes": 120,
    "position": 1,
}
EXAMPLES["AgendaItemPatch"] = {
    "title": "现代基础设施体系推进例会",
    "description": "用地预审未批复，影响路基施工",
    "presenter_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "presenter_name": "张局长",
    "duration_minutes": 120,
}
EXAMPLES["AgendaOrder"] = {
    "item_ids": ["3d5f7b9d-1f3b-4d7f-9b1d-5f7b9d1f3b51", "3d5f7b9d-1f3b-4d7f-9b1d-5f7b9d1f3b52"],
}
EXAMPLES["SubmissionIn"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "progress": "路基工程完成60%，累计完成投资800.00万元",
    "problems": "K3+200段用地预审未批复",
    "requests": "请县自然资源局协调用地预审",
}
EXAMPLES["SubmissionDecision"] = {
    "approve": True,
    "note": "同意上会",
}
EXAMPLES["SubmissionOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "meeting_id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e71",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "progress": "路基工程完成60%，累计完成投资800.00万元",
    "problems": "K3+200段用地预审未批复",
    "requests": "请县自然资源局协调用地预审",
    "status": "submitted",
    "is_late": False,
    "submitted_by": "unit:交通局",
    "submitted_at": "2026-10-04T08:00:00Z",
    "decided_by": "",
    "decided_at": None,
    "decision_note": "",
}
EXAMPLES["LeaveIn"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "reason": "与县委常委会时间冲突",
    "substitute_name": "",
}
EXAMPLES["LeaveDecision"] = {
    "approve": True,
    "note": "同意上会",
}
EXAMPLES["LeaveOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "meeting_id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e71",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "reason": "与县委常委会时间冲突",
    "substitute_name": "",
    "status": "requested",
    "requested_by": "",
    "requested_at": "2026-10-12T01:00:00Z",
    "decided_by": "",
    "decided_at": None,
    "decision_note": "",
}
EXAMPLES["AttendanceEntry"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "attendee_name": "张局长",
    "attendee_person_id": None,
    "status": None,
    "note": "同意上会",
}
EXAMPLES["AttendanceIn"] = {
    "records": [EXAMPLES["AttendanceEntry"]],
}
EXAMPLES["AttendanceOut"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "kind": "notice",
    "expected_attendee": "张局长",
    "status": None,
    "attendee_name": "张局长",
    "leave_request_id": None,
    "note": "同意上会",
    "recorded_by": "office:县发展和改革委员会",
    "recorded_at": "2026-10-12T01:05:00Z",
}
EXAMPLES["AttendanceRecordOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "meeting_id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e71",
    "meeting_title": "现代基础设施体系推进例会",
    "meeting_type": "system_meeting",
    "meeting_date": "2026-10-12",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "status": "present",
    "expected_attendee": "张局长",
    "attendee_name": "张局长",
    "note": "同意上会",
}
EXAMPLES["UnitAttendanceStats"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "expected": 4,
    "present": 3,
    "on_leave": 1,
    "absent": 0,
    "proxy": 0,
    "unrecorded": 0,
}
EXAMPLES["AttendanceStats"] = {
    "region_code": "410328",
    "from": "2026-10-01",
    "to": "2026-10-31",
    "units": [EXAMPLES["UnitAttendanceStats"]],
}
EXAMPLES["OutcomeIn"] = {
    "agenda_item_id": "3d5f7b9d-1f3b-4d7f-9b1d-5f7b9d1f3b51",
    "outcome": "assigned",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "deadline": "2026-10-30",
    "note": "同意上会",
}
EXAMPLES["ExtraItemIn"] = {
    "title": "现代基础设施体系推进例会",
    "owner_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "due_date": "2026-10-30",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
}
EXAMPLES["Recipient"] = {
    "name": "县委办公室",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
}
EXAMPLES["MinutesIn"] = {
    "summary": "会议听取了现代基础设施体系重点项目进展汇报，协调解决了有关问题。",
    "outcomes": [EXAMPLES["OutcomeIn"]],
    "decided_items": [EXAMPLES["ExtraItemIn"]],
    "distribution": [EXAMPLES["Recipient"]],
}
EXAMPLES["OutcomeOut"] = {
    "agenda_item_id": "3d5f7b9d-1f3b-4d7f-9b1d-5f7b9d1f3b51",
    "position": 1,
    "problem_id": "8c0e2a4c-6e8a-4c2e-a4c6-8e0a2c4e6a41",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "outcome": "assigned",
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "deadline": "2026-10-30",
    "note": "同意上会",
}
EXAMPLES["AddendumIn"] = {
    "text": "第二项议定事项完成时限更正为2026年11月10日。",
}
EXAMPLES["AddendumOut"] = {
    "seq": 1,
    "text": "第二项议定事项完成时限更正为2026年11月10日。",
    "added_by": "office:县发展和改革委员会",
    "added_at": "2026-10-14T03:00:00Z",
}
EXAMPLES["DecidedItemOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "region_code": "410328",
    "meeting_id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e71",
    "minutes_id": "7e9a1c3e-5a7c-4e9a-b1c3-5e7a9c1e3a81",
    "site_visit_id": None,
    "seq": 1,
    "title": "现代基础设施体系推进例会",
    "owner_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "problem_id": "8c0e2a4c-6e8a-4c2e-a4c6-8e0a2c4e6a41",
    "due_date": "2026-10-30",
    "status": "open",
    "is_overdue": False,
    "done_on": None,
    "verified_at": None,
    "verified_by": "",
    "version": 3,
}
EXAMPLES["MinutesOut"] = {
    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61",
    "meeting_id": "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1a3c5e71",
    "status": "draft",
    "summary": "会议听取了现代基础设施体系重点项目进展汇报，协调解决了有关问题。",
    "distribution": [EXAMPLES["Recipient"]],
    "outcomes": [EXAMPLES["OutcomeOut"]],
    "draft_decided_items": [EXAMPLES["ExtraItemIn"]],
    "decided_items": [EXAMPLES["DecidedItemOut"]],
    "addenda": [EXAMPLES["AddendumOut"]],
    "published_at": "2026-10-13T08:00:00Z",
    "published_by": "office:县发展和改革委员会",
    "version": 3,
}
EXAMPLES["FollowUpIn"] = {
    "action": "done",
    "note": "同意上会",
}
EXAMPLES["FollowUpOut"] = {
    "action": "done",
    "from_status": "open",
    "to_status": "done",
    "note": "同意上会",
    "by": "unit:交通局",
    "at": "2026-10-28T07:00:00Z",
}
EXAMPLES["DecidedItemDetail"] = {
    **EXAMPLES["DecidedItemOut"],
    "follow_ups": [EXAMPLES["FollowUpOut"]],
}
EXAMPLES["UnitDecidedStats"] = {
    "unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51",
    "due": 5,
    "done_on_time": 3,
    "done_late": 1,
    "overdue": 1,
    "open_overdue": 0,
}
EXAMPLES["ProjectDecidedStats"] = {
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "due": 5,
    "done_on_time": 3,
    "done_late": 1,
    "overdue": 1,
    "open_overdue": 0,
}
EXAMPLES["DecidedItemStats"] = {
    "region_code": "410328",
    "from": "2026-10-01",
    "to": "2026-10-31",
    "as_of": "2026-10-31",
    "units": [EXAMPLES["UnitDecidedStats"]],
    "projects": [EXAMPLES["ProjectDecidedStats"]],
}
EXAMPLES["MeetingDetail"] = {
    **EXAMPLES["MeetingOut"],
    "invitations": [EXAMPLES["InvitationOut"]],
    "agenda": [EXAMPLES["AgendaItemOut"]],
    "leave_requests": [EXAMPLES["LeaveOut"]],
    "attendance": [EXAMPLES["AttendanceOut"]],
    "minutes": EXAMPLES["MinutesOut"],
    "changes": [EXAMPLES["ChangeOut"]],
}


def examples_of(name: str) -> dict[str, Any]:
    """``json_schema_extra`` of the schema ``name``: its example."""
    return {"examples": [EXAMPLES[name]]}


# ---------------------------------------------------------------- site visits and duties
EXAMPLES["DecisionIn"] = {
    "title": "县自然资源局10月30日前完成项目用地组卷报批",
    "owner_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f53",
    "due_date": "2026-10-30",
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
}
EXAMPLES["SiteVisitIn"] = {
    "region_code": "410328",
    "visited_on": "2026-10-14",
    "kind": "inspection",
    "title": "王副县长到洛宁县城乡供水一体化项目现场调研督导",
    "leading_person_id": "3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b21",
    "person_ids": ["3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b22"],
    "project_ids": ["4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31"],
    "unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51", "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f53"],
    "observations": "主管网铺设完成约60%，水厂主体结构封顶；二标段用地组卷未报批，影响加压泵站开工。",
    "conclusions": "现场明确用地报批和管线迁改的责任单位与时限。",
    "decisions": [EXAMPLES["DecisionIn"]],
}
EXAMPLES["SiteVisitPatch"] = {
    "observations": "主管网铺设完成约65%，水厂主体结构封顶；二标段用地组卷已上报。",
    "new_decisions": [{
        "title": "县供电公司11月10日前完成施工用电线路迁改",
        "owner_unit_id": "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f54",
        "due_date": "2026-11-10",
        "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    }],
}
EXAMPLES["SiteVisitOut"] = {
    "id": "5c7e9a1c-3e5a-4c7e-9a1c-3e5a7c9e1a11",
    "region_code": "410328",
    "visited_on": "2026-10-14",
    "kind": "inspection",
    "title": "王副县长到洛宁县城乡供水一体化项目现场调研督导",
    "leading_person_id": "3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b21",
    "person_ids": ["3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b21", "3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b22"],
    "project_ids": ["4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31"],
    "unit_ids": ["6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f51", "6f1c2a4e-8b3d-4c5e-9a7f-0b1c2d3e4f53"],
    "observations": "主管网铺设完成约60%，水厂主体结构封顶；二标段用地组卷未报批，影响加压泵站开工。",
    "conclusions": "现场明确用地报批和管线迁改的责任单位与时限。",
    "decided_items": [{**EXAMPLES["DecidedItemOut"], "meeting_id": None, "minutes_id": None,
                       "site_visit_id": "5c7e9a1c-3e5a-4c7e-9a1c-3e5a7c9e1a11", "problem_id": None,
                       "title": "县自然资源局10月30日前完成项目用地组卷报批", "version": 1}],
    "recorded_by": "office:洛宁县重点项目办公室",
    "recorded_by_unit_id": None,
    "created_at": "2026-10-14T09:30:00Z",
    "version": 1,
}
EXAMPLES["DutyShortfall"] = {
    "duty": "leader_visits_per_project_month",
    "person_id": "3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b21",
    "unit_id": None,
    "project_id": "4b6d8f0a-2c4e-4a8b-9d1f-3a5c7e9b1d31",
    "project_name": "洛宁县城乡供水一体化项目",
    "required": 2,
    "done": 1,
    "shortfall": 1,
}
EXAMPLES["DutyShortfalls"] = {
    "region_code": "410328",
    "month": "2026-10",
    "as_of": "2026-10-20",
    "month_closed": False,
    "rules": {"leader_visits_per_project_month": 2, "leader_push_meetings_month": 1,
              "leader_visits_per_project_week": 0, "unit_visits_per_project_week": 0,
              "unit_visits_per_project_month": 0, "counted_kinds": ["inspection", "on_site_office"]},
    "people_behind": 1,
    "units_behind": 0,
    "items": [EXAMPLES["DutyShortfall"], {
        "duty": "leader_push_meetings_month", "person_id": "3d5f7b9d-1f3b-4d5f-8b9d-1f3b5d7f9b21", "unit_id": None,
        "project_id": None, "project_name": None, "required": 1, "done": 0, "shortfall": 1}],
}
