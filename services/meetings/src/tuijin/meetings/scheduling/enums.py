"""Enums of scheduling, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class MeetingType(LabeledEnum):
    """The kinds of meeting that push key projects (DOMAIN.md, Meetings)."""

    system_meeting = ("system_meeting", "体系推进例会")
    joint_approval = ("joint_approval", "联审联批例会")
    county_meeting = ("county_meeting", "县委县政府项目例会（调度例会）")
    observation = ("observation", "观摩点评")
    push_meeting = ("push_meeting", "推进会")
    coordination = ("coordination", "协调会")


class MeetingStatus(LabeledEnum):
    """Where a meeting stands: planned → notice_sent → agenda_frozen → held → minutes_published, or cancelled."""

    planned = ("planned", "已排期")
    notice_sent = ("notice_sent", "已发通知")
    agenda_frozen = ("agenda_frozen", "议程已确定")
    held = ("held", "已召开")
    minutes_published = ("minutes_published", "纪要已印发")
    cancelled = ("cancelled", "已取消")


# the steps a manager may take by hand (minutes_published comes only from publishing the minutes)
TRANSITIONS: dict[MeetingStatus, tuple[MeetingStatus, ...]] = {
    MeetingStatus.planned: (MeetingStatus.notice_sent, MeetingStatus.cancelled),
    MeetingStatus.notice_sent: (MeetingStatus.agenda_frozen, MeetingStatus.cancelled),
    MeetingStatus.agenda_frozen: (MeetingStatus.held, MeetingStatus.cancelled),
    MeetingStatus.held: (),
    MeetingStatus.minutes_published: (),
    MeetingStatus.cancelled: (),
}
# a meeting can still move to another date or time
RESCHEDULABLE = (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen)
# the agenda can still change
AGENDA_OPEN = (MeetingStatus.planned, MeetingStatus.notice_sent)


class NonWorkingDay(LabeledEnum):
    """What happens to an occurrence that falls on a non-working day (holiday or weekend)."""

    next_working_day = ("next_working_day", "顺延至下一个工作日")
    previous_working_day = ("previous_working_day", "提前至上一个工作日")
    keep = ("keep", "照常召开")
    skip = ("skip", "当期不召开")


class InvitationKind(LabeledEnum):
    """How a unit comes to a meeting: a fixed member of the series or invited by the notice."""

    fixed = ("fixed", "固定参会单位")
    notice = ("notice", "通知参会单位")


class MeetingAction(LabeledEnum):
    """Steps on a meeting's record."""

    created = ("created", "排期")
    notice_sent = ("notice_sent", "发出通知")
    agenda_frozen = ("agenda_frozen", "确定议程")
    held = ("held", "召开")
    minutes_published = ("minutes_published", "印发纪要")
    cancelled = ("cancelled", "取消")
    rescheduled = ("rescheduled", "改期")


class RotationMode(LabeledEnum):
    """How a region's systems take turns with their weekly meetings."""

    weekday_sequence = ("weekday_sequence", "每周依次召开（各体系每周一次）")
    one_system_per_week = ("one_system_per_week", "每周轮流一个体系")


class BookingClash(LabeledEnum):
    """What two overlapping meetings share."""

    chair = ("chair", "主持人冲突")
    unit = ("unit", "参会单位冲突")
