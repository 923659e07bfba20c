"""Enums of supervision letters, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class LetterGrade(LabeledEnum):
    """The three grades, mildest first (清水): a repeated letter on the same subject goes one grade up."""

    reminder = ("reminder", "工作提醒函")
    push = ("push", "工作推进函")
    supervision = ("supervision", "工作督办函")


GRADES: tuple[LetterGrade, ...] = tuple(LetterGrade)


def grade_at(start: LetterGrade, steps_up: int) -> LetterGrade:
    """``start`` moved ``steps_up`` grades up, never past the supervision order."""
    return GRADES[min(GRADES.index(start) + max(steps_up, 0), len(GRADES) - 1)]


class LetterSubject(LabeledEnum):
    """What a letter is about."""

    problem = ("problem", "问题")
    decided_item = ("decided_item", "会议议定事项")
    project = ("project", "项目")
    rectification = ("rectification", "整改事项")


class LetterReason(LabeledEnum):
    answer_overdue = ("answer_overdue", "问题答复逾期")
    decided_item_overdue = ("decided_item_overdue", "议定事项逾期未办结")
    not_started = ("not_started", "未按期开工")
    moving_slowly = ("moving_slowly", "进度缓慢")
    report_overdue = ("report_overdue", "进度报告逾期未报")
    rectification_overdue = ("rectification_overdue", "整改逾期未到位")
    manual = ("manual", "人工督办")


class LetterStatus(LabeledEnum):
    issued = ("issued", "已发出待回复")
    replied = ("replied", "已回复")


class LetterSource(LabeledEnum):
    manual = ("manual", "人工发函")
    rule = ("rule", "按规则自动发函")
