"""Enums of interviews (约谈), each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class InterviewReason(LabeledEnum):
    """Why a project's leader or unit head is interviewed (栾川, seed 000: 开而未动、动而迟缓、问题久拖未决). 开而未动
    (started, not moving) and 动而迟缓 (moving slowly) are said of started projects; a project past its planned start
    and not started is 应开未开 (清水, seed 003: "不能及时开工"; 郸城, seed 002: "项目不能开工")."""

    not_started_on_time = ("not_started_on_time", "应开未开")
    started_not_moving = ("started_not_moving", "开而未动")
    moving_slowly = ("moving_slowly", "动而迟缓")
    problems_long_unsolved = ("problems_long_unsolved", "问题久拖未决")
    ranked_last = ("ranked_last", "考核排名靠后")
    other = ("other", "其他")


class IntervieweeKind(LabeledEnum):
    leader = ("leader", "县级责任领导")
    unit_head = ("unit_head", "责任单位主要负责人")
    owner_head = ("owner_head", "业主单位负责人")
    other = ("other", "其他")
