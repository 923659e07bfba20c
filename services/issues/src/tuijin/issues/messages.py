"""The issues service's problems in Chinese (code → the zh-CN ``message`` a front end shows) and the Chinese
labels of the fields a clerk fills (problem, letter, interview).

Registered through ``ServiceSpec.messages`` / ``field_labels``; the rule is in :mod:`tuijin.kernel.messages`."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "required": "请填写必填项。",
    "role_required": "您的角色无权进行此操作。",
    "invalid_range": "日期范围无效，请检查起止日期。",
    "project_not_found": "没有该项目，或您无权查看。",
    "unit_not_found": "没有该单位。",
    "not_project_member": "您不是该项目的责任单位或协办单位。",
    # problems (问题台账)
    "problem_not_found": "没有该问题，或您无权查看。",
    "problem_changed": "该问题已被他人处理，请刷新后重试。",
    "step_forbidden": "您不能对该问题进行此操作。",
    "deadline_in_past": "办结时限不能早于今天。",
    "already_at_top_level": "该问题已在最高层级，不能再上报。",
    "not_a_lower_level": "问题只能交办到更低的层级。",
    "documents_already_requested": "已经要求补充过材料。",
    # letters (提醒函、推进函、督办函)
    "letter_not_found": "没有该函件，或您无权查看。",
    "letter_changed": "该函件已被他人处理，请刷新后重试。",
    "not_addressee": "您不是该函件的接收单位，不能回复。",
    "reply_due_in_past": "回复期限不能早于今天。",
    "transition_not_allowed": "该函件当前状态不能进行此操作。",
    # interviews (约谈)
    "interview_not_found": "没有该约谈记录。",
    # rectifications (整改)
    "rectification_not_found": "没有该整改事项，或您无权查看。",
    "rectification_changed": "该整改事项已被他人处理，请刷新后重试。",
    "not_responsible_unit": "您不是该整改事项的责任单位，不能报告整改完成。",
    "rectification_step_not_allowed": "该整改事项当前状态不能进行此操作。",
    "rectification_deadline_in_past": "新的整改期限不能早于今天。",
    # accountability (问责)
    "accountability_record_not_found": "没有该问责记录，或您无权查看。",
    "post_not_found": "没有该职务。",
    "ground_not_found": "问责依据中的函件或约谈记录不存在。",
    "accountability_target_mismatch": "问责对象为单位时只填单位，为职务时只填职务。",
    # efficiency complaints (行政效能投诉)
    "complaint_not_found": "没有该投诉，或您无权查看。",
    "complaint_changed": "该投诉已被他人处理，请刷新后重试。",
    "complaint_step_not_allowed": "该投诉当前状态不能进行此操作。",
    "complaint_date_in_future": "日期不能晚于今天。",
    "decided_before_received": "调查结论日期不能早于受理日期。",
}

LABELS: dict[str, str] = {
    # problem
    "project_id": "项目",
    "description": "问题描述",
    "details": "详细情况",
    "category": "问题类别",
    "level": "层级",
    "to_level": "交办层级",
    "responsible_unit_id": "责任单位",
    "co_unit_ids": "协办单位",
    "deadline": "办结时限",
    "planned_resolution_on": "计划解决日期",
    "occurred_on": "发生日期",
    "raised_on": "提出日期",
    "answer": "答复",
    "resolution": "解决情况",
    "resolved_on": "解决日期",
    "documents": "补充材料",
    "meeting_id": "会议",
    "system_id": "体系",
    "unit_id": "单位",
    # letter
    "problem_id": "问题",
    "decided_item_id": "议定事项",
    "grade": "函件类别",
    "subject_kind": "督办对象",
    "title": "标题",
    "body": "正文",
    "reply": "回复内容",
    "reply_due_on": "回复期限",
    "issued_on": "发函日期",
    "issuer": "发函单位",
    # interview
    "held_on": "约谈日期",
    "interviewee_kind": "约谈对象类型",
    "interviewee_name": "约谈对象",
    "interviewee_title": "约谈对象职务",
    "interviewer": "约谈人",
    "location": "约谈地点",
    "reasons": "约谈原因",
    "problem_ids": "相关问题",
    "commitments": "整改承诺",
    "rectification_due_on": "整改期限",
    "summary": "约谈纪要",
    "leader_post_id": "责任领导",
    # rectification
    "rectification_id": "整改事项",
    "note": "说明",
    "evidence": "佐证材料",
    "reason": "原因",
    # accountability
    "sanction": "问责方式",
    "target_kind": "问责对象类型",
    "post_id": "职务",
    "grounds": "问责依据",
    "decided_by": "决定机关",
    "decided_on": "决定日期",
    # complaint
    "complainant": "投诉人",
    "complainant_contact": "联系方式",
    "content": "投诉内容",
    "received_on": "受理日期",
    "finding": "调查结论",
    "finding_text": "结论说明",
}
