"""The meetings service's problems in Chinese (code → the zh-CN ``message`` a front end shows) and the Chinese
labels of the fields a clerk fills (meeting, series, agenda, attendance, minutes).

Registered through ``ServiceSpec.messages`` / ``field_labels``; the rule is in :mod:`tuijin.kernel.messages`."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "role_required": "您的角色无权进行此操作。",
    "unit_forbidden": "您无权操作其他单位的数据。",
    "reason_required": "请填写原因。",
    "invalid_range": "日期范围无效，请检查起止日期。",
    "invalid_week": "周次格式不正确。",
    "period_required": "请选择查询的时间段。",
    "unknown_unit": "没有该单位。",
    # series and meetings
    "series_not_found": "没有该例会。",
    "series_inactive": "该例会已停用。",
    "system_series_exists": "该体系已有例会。",
    "system_required": "体系例会须选择所属体系。",
    "unknown_system": "本地区没有该体系。",
    "no_systems": "本地区尚未登记体系。",
    "system_without_convener": "有体系未指定召集单位，请先在项目库中补充。",
    "invalid_rrule": "重复规则无效。",
    "meeting_not_found": "没有该会议，或您无权查看。",
    "meeting_in_future": "会议尚未召开，不能登记出席情况。",
    "date_in_past": "会议日期不能早于今天。",
    "not_meeting_manager": "只有会议召集单位可以进行此操作。",
    # invitations and attendance
    "invitation_not_found": "没有该参会通知。",
    "no_invitations": "会议尚未邀请任何单位。",
    "duplicate_unit": "同一单位重复出现。",
    "unit_mismatch": "所填单位与地址中的单位不一致。",
    "unit_required": "请选择单位。",
    "unit_not_invited": "该单位未被邀请参加此会议。",
    "not_a_unit_user": "只有单位用户可以进行此操作。",
    "attendance_recorded": "会议已登记出席情况，不能再修改参会单位。",
    "invalid_attendance": "出席情况填写不正确。",
    "leave_already_requested": "该单位已请假。",
    "proxy_not_allowed": "主要负责人须亲自参会，不得替会；确实不能参会的，请向召集单位请假。",
    "leave_request_not_found": "没有该请假申请。",
    "leader_required": "只有领导可以进行此操作。",
    # agendas
    "agenda_item_not_found": "没有该议题。",
    "submission_not_found": "没有该议题申报。",
    "empty_submission": "请填写进展、问题或需协调事项中的至少一项。",
    "not_a_permutation": "请将全部议题各排一次。",
    "problem_already_on_agenda": "该问题已列入议程。",
    "step_not_allowed": "当前状态不能进行此操作。",
    # minutes and decided items
    "minutes_not_found": "没有该会议纪要。",
    "minutes_missing": "会议尚无纪要。",
    "minutes_already_published": "会议纪要已印发，不能再修改。",
    "invalid_minutes": "会议纪要内容不完整，请按提示补充。",
    "outcomes_missing": "请为每个议题填写会议结论。",
    "office_required": "只有办公室可以进行此操作。",
    "note_required": "请填写说明。",
    "decided_item_not_found": "没有该议定事项。",
}

LABELS: dict[str, str] = {
    # meeting and series
    "title": "名称",  # a meeting's, an agenda item's: generic
    "meeting_type": "会议类型",
    "meeting_date": "会议日期",
    "start_time": "开始时间",
    "duration_minutes": "时长(分钟)",
    "place": "会议地点",
    "chair_person_id": "主持人",
    "chair_name": "主持人",
    "convener_unit_id": "召集单位",
    "system_id": "体系",
    "fixed_unit_ids": "固定参会单位",
    "rrule": "重复规则",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "weekdays": "星期",
    "submission_lead_days": "提前申报天数",
    "submission_due_date": "议题申报截止日期",
    "cancel_reason": "取消原因",
    "reason": "原因",
    "unit_id": "单位",
    "expected_person_id": "应到人员",
    # agenda
    "project_id": "项目",
    "problem_id": "问题",
    "presenter_name": "汇报人",
    "presenter_unit_id": "汇报单位",
    "progress": "工作进展",
    "requests": "需协调事项",
    "item_ids": "议题顺序",
    # attendance
    "attendee_name": "出席人",
    "substitute_name": "代参会人",
    # minutes
    "summary": "会议概要",
    "text": "内容",
    "outcome": "会议结论",
    "outcomes": "会议结论",
    "decided_items": "议定事项",
    "owner_unit_id": "责任单位",
    "due_date": "完成时限",
    "deadline": "完成时限",
    "distribution": "分送范围",
    "note": "说明",
}
