"""The scoring service's problems in Chinese (code → the zh-CN ``message`` a front end shows) and the Chinese
labels of the fields a clerk fills (schemes, score sheets).

Registered through ``ServiceSpec.messages`` / ``field_labels``; the rule is in :mod:`tuijin.kernel.messages`."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "role_required": "您的角色无权进行此操作。",
    # schemes (考核方案)
    "scheme_not_found": "没有该考核方案。",
    "scheme_code_taken": "考核方案编号已被使用。",
    "version_not_found": "没有该版本的考核方案。",
    "duplicate_dimension": "考核维度重复。",
    "dimension_not_applicable": "该考核维度不适用于此考核对象。",
    "weights_do_not_add_up": "各维度权重之和应为 100。",
    "points_above_weight": "得分不能超过该维度的权重。",
    "invalid_ratio": "比例设置无效。",
    # runs (评价结果)
    "run_not_found": "没有该评价结果。",
    "run_in_progress": "该期评价正在计算中，请稍后再试。",
    "already_published": "评价结果已公布。",
    "not_published": "评价结果尚未公布。",
    "draft_not_visible": "评价结果尚未公布，暂不能查看。",
    "invalid_period": "考核期无效。",
    "period_kind_mismatch": "考核期类型与考核方案不符。",
    "rollup_source_missing": "汇总所需的月度或季度评价尚未完成。",
    # observation rounds and score sheets (观摩打分)
    "round_not_found": "没有该观摩轮次。",
    "sheet_not_found": "没有该评分表。",
    "deadline_passed": "评分已截止。",
    "sheet_submitted": "评分表已提交，不能再修改。",
    "sheets_unfilled": "还有未打分的项目，请全部打分后再提交。",
    "not_a_scorer": "您不是本轮观摩的评分人。",
    "duplicate_criterion": "评分项重复。",
    "score_out_of_range": "分数超出允许范围。",
    "unknown_project": "该项目不在本轮观摩范围内。",
}

LABELS: dict[str, str] = {
    "code": "编号",
    "name": "名称",
    "subject_kind": "考核对象",
    "period_kind": "考核周期",
    "period": "考核期",
    "dimensions": "考核维度",
    "weight": "权重",
    "points": "分值",
    "bands": "分档",
    "praise_size": "表扬名额",
    "criticism_size": "批评名额",
    "project_id": "项目",
    "project_ids": "项目",
    "criteria": "评分项",
    "criterion": "评分项",
    "score": "分数",
    "deadline": "截止时间",
    "scorers": "评分人",
    "min_scorers_to_trim": "去除最高最低分的最少评分人数",
    "trim_each_end": "两端各去除",
    "explanation": "说明",
}
