"""Request and response bodies of scheduling."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tuijin.kernel.validation import BusinessDate
from tuijin.meetings.agendas.schemas import AgendaItemOut
from tuijin.meetings.attendance.schemas import AttendanceOut, LeaveOut
from tuijin.meetings.examples import examples_of
from tuijin.meetings.minutes.schemas import MinutesOut
from tuijin.meetings.scheduling.enums import (
    BookingClash,
    InvitationKind,
    MeetingStatus,
    MeetingType,
    NonWorkingDay,
    RotationMode,
)

RegionCodeField = Field(pattern=r"^\d{6}$", examples=["410324"])


class InvitationIn(BaseModel):
    """A unit invited to a meeting and the person expected to attend (its head)."""

    model_config = ConfigDict(json_schema_extra=examples_of("InvitationIn"))

    unit_id: uuid.UUID
    kind: InvitationKind = InvitationKind.notice
    expected_attendee: str = Field("", max_length=50, examples=["张局长"])
    expected_person_id: uuid.UUID | None = None


class InvitationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("InvitationOut"), from_attributes=True)

    unit_id: uuid.UUID
    kind: InvitationKind
    expected_attendee: str
    expected_person_id: uuid.UUID | None
    confirmed_attendee: str = Field("", description="who the unit confirmed will attend (参会回执); empty: not yet")
    confirmed_by: str | None = None
    confirmed_at: datetime | None = Field(None, description="when the unit confirmed; null: not confirmed")


class SeriesIn(BaseModel):
    """A recurring meeting. ``rrule`` is an RFC 5545 RRULE anchored at ``start_date``, e.g.
    ``FREQ=WEEKLY;BYDAY=MO`` (every Monday), ``FREQ=MONTHLY;BYDAY=1MO`` (the first Monday of the month, 郸城),
    ``FREQ=MONTHLY;BYMONTHDAY=1,16`` (every half month), ``FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO`` (every two months).
    An occurrence on a non-working day moves as ``non_working_day`` says."""

    model_config = ConfigDict(json_schema_extra=examples_of("SeriesIn"))

    region_code: str = RegionCodeField
    meeting_type: MeetingType
    title: str = Field(min_length=1, max_length=200, examples=["现代基础设施体系推进例会"])
    system_id: uuid.UUID | None = Field(None, description="required for a system meeting")
    convener_unit_id: uuid.UUID
    chair_person_id: uuid.UUID | None = None
    chair_name: str = Field("", max_length=50)
    place: str = Field("", max_length=200, examples=["县政府三楼会议室"])
    start_time: time = Field(examples=["09:00"])
    duration_minutes: int = Field(120, ge=10, le=720)
    rrule: str = Field(min_length=4, max_length=500, examples=["FREQ=MONTHLY;BYDAY=1MO"])
    start_date: BusinessDate
    end_date: BusinessDate | None = None
    non_working_day: NonWorkingDay = NonWorkingDay.next_working_day
    horizon_days: int = Field(56, ge=1, le=366, description="meetings are created this many days ahead")
    submission_lead_days: int | None = Field(None, ge=0, le=60, description="units submit this many days ahead")
    fixed_unit_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200, description="固定参会单位")

    @model_validator(mode="after")
    def _dates(self) -> SeriesIn:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class SeriesPatch(BaseModel):
    """Fields to change; omitted fields stay. Changes apply to meetings created from now on."""

    model_config = ConfigDict(json_schema_extra=examples_of("SeriesPatch"))

    title: str | None = Field(None, min_length=1, max_length=200)
    chair_person_id: uuid.UUID | None = None
    chair_name: str | None = Field(None, max_length=50)
    place: str | None = Field(None, max_length=200)
    end_date: BusinessDate | None = None
    horizon_days: int | None = Field(None, ge=1, le=366)
    non_working_day: NonWorkingDay | None = None
    fixed_unit_ids: list[uuid.UUID] | None = Field(None, max_length=200)
    is_active: bool | None = None


class SeriesOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("SeriesOut"), from_attributes=True)

    id: uuid.UUID
    region_code: str
    meeting_type: MeetingType
    title: str
    system_id: uuid.UUID | None
    convener_unit_id: uuid.UUID
    chair_person_id: uuid.UUID | None
    chair_name: str
    place: str
    start_time: time
    duration_minutes: int
    rrule: str
    start_date: date
    end_date: date | None
    non_working_day: NonWorkingDay
    horizon_days: int
    submission_lead_days: int | None
    fixed_unit_ids: list[uuid.UUID]
    is_active: bool
    expanded_through: date | None
    template_code: str | None = Field(None, description="the region's series template it was created from")
    version: int


class TemplateSeriesIn(BaseModel):
    """The region's series from one of its templates (policy ``meeting_series``, in effect for ``start_date``'s
    year): kind, title, recurrence, start time, length, non-working-day rule and submission lead come from the
    template; the request names the convening unit (not needed for a template of one series per system: each
    system's convening unit convenes), the chair, the place and the fixed members. ``start_time`` overrides the
    template's; for a rotation ``weekdays`` and ``times`` are as in the system rotation."""

    model_config = ConfigDict(json_schema_extra=examples_of("TemplateSeriesIn"))

    region_code: str = RegionCodeField
    template: str = Field(min_length=2, max_length=40, examples=["dispatch"])
    start_date: BusinessDate
    end_date: BusinessDate | None = None
    convener_unit_id: uuid.UUID | None = Field(None, description="the convening unit (召集单位)")
    chair_person_id: uuid.UUID | None = None
    chair_name: str = Field("", max_length=50, description="default: the template's chair")
    place: str = Field("", max_length=200, examples=["县政府三楼会议室"])
    start_time: time | None = Field(None, examples=["09:00"])
    horizon_days: int = Field(56, ge=1, le=366, description="meetings are created this many days ahead")
    fixed_unit_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200, description="固定参会单位")
    weekdays: list[str] = Field(["MO", "TU", "WE", "TH", "FR"], min_length=1, max_length=7)
    times: list[time] | None = Field(None, min_length=1, max_length=4,
                                     description="a rotation's times; default: the template's start time, then 15:00")

    @model_validator(mode="after")
    def _dates(self) -> TemplateSeriesIn:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        bad = [w for w in self.weekdays if w not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")]
        if bad or len(set(self.weekdays)) != len(self.weekdays):
            raise ValueError("weekdays are distinct RFC 5545 day codes MO, TU, WE, TH, FR, SA, SU")
        return self


class RotationIn(BaseModel):
    """One weekly system-meeting series per system of the region, convened by each system's convening unit.
    ``weekday_sequence`` (栾川: 每周依次召开): every system every week, one after another over ``weekdays`` (with
    nine systems and five weekdays, the first five at ``times[0]``, the other four at ``times[1]``);
    ``one_system_per_week``: the systems take turns, one a week, on ``weekdays[0]``."""

    model_config = ConfigDict(json_schema_extra=examples_of("RotationIn"))

    region_code: str = RegionCodeField
    mode: RotationMode = RotationMode.weekday_sequence
    start_date: BusinessDate
    end_date: BusinessDate | None = None
    weekdays: list[str] = Field(["MO", "TU", "WE", "TH", "FR"], min_length=1, max_length=7)
    times: list[time] = Field([time(9), time(15)], min_length=1, max_length=4)
    duration_minutes: int = Field(120, ge=10, le=720)
    place: str = Field("", max_length=200)
    non_working_day: NonWorkingDay = NonWorkingDay.next_working_day
    horizon_days: int = Field(56, ge=1, le=366)

    @model_validator(mode="after")
    def _weekdays(self) -> RotationIn:
        bad = [w for w in self.weekdays if w not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")]
        if bad or len(set(self.weekdays)) != len(self.weekdays):
            raise ValueError("weekdays are distinct RFC 5545 day codes MO, TU, WE, TH, FR, SA, SU")
        return self


class PreviewIn(BaseModel):
    """A rule to try: where its meetings would land between ``from`` and ``to``."""

    model_config = ConfigDict(json_schema_extra=examples_of("PreviewIn"), populate_by_name=True)

    rrule: str = Field(min_length=4, max_length=500, examples=["FREQ=MONTHLY;BYDAY=1MO"])
    start_date: BusinessDate
    non_working_day: NonWorkingDay = NonWorkingDay.next_working_day
    from_date: BusinessDate = Field(alias="from")
    to_date: BusinessDate = Field(alias="to")


class Occurrence(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("Occurrence"))

    rule_date: date = Field(description="the date the rule gives")
    meeting_date: date | None = Field(description="where the meeting is held; null: skipped (non-working day)")
    holiday: str | None = None


class ExpansionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("ExpansionOut"))

    series_id: uuid.UUID
    created: int
    expanded_through: date


class MeetingIn(BaseModel):
    """A meeting outside a series (push meeting, ad-hoc coordination, observation…)."""

    model_config = ConfigDict(json_schema_extra=examples_of("MeetingIn"))

    region_code: str = RegionCodeField
    meeting_type: MeetingType
    title: str = Field(min_length=1, max_length=200, examples=["城区棚改项目征迁协调会"])
    system_id: uuid.UUID | None = None
    convener_unit_id: uuid.UUID
    chair_person_id: uuid.UUID | None = None
    chair_name: str = Field("", max_length=50)
    place: str = Field("", max_length=200)
    meeting_date: BusinessDate
    start_time: time = Field(examples=["15:00"])
    duration_minutes: int = Field(120, ge=10, le=720)
    submission_due_date: BusinessDate | None = None
    invitations: list[InvitationIn] = Field(default_factory=list, max_length=200)


class MeetingPatch(BaseModel):
    """Title, chair, place and duration (If-Match required); move the date with a rescheduling."""

    model_config = ConfigDict(json_schema_extra=examples_of("MeetingPatch"))

    title: str | None = Field(None, min_length=1, max_length=200)
    chair_person_id: uuid.UUID | None = None
    chair_name: str | None = Field(None, max_length=50)
    place: str | None = Field(None, max_length=200)
    duration_minutes: int | None = Field(None, ge=10, le=720)
    submission_due_date: BusinessDate | None = None


class StatusChangeIn(BaseModel):
    """The next step: notice_sent, agenda_frozen, held, or cancelled (with the reason)."""

    model_config = ConfigDict(json_schema_extra=examples_of("StatusChangeIn"))

    to: MeetingStatus
    reason: str = Field("", max_length=500)


class RescheduleIn(BaseModel):
    """Move a meeting not yet held; the reason is required."""

    model_config = ConfigDict(json_schema_extra=examples_of("RescheduleIn"))

    meeting_date: BusinessDate
    start_time: time | None = None
    place: str | None = Field(None, max_length=200)
    reason: str = Field(min_length=2, max_length=500, examples=["与县委常委会时间冲突"])


class MeetingOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("MeetingOut"), from_attributes=True)

    id: uuid.UUID
    region_code: str
    series_id: uuid.UUID | None
    meeting_type: MeetingType
    title: str
    system_id: uuid.UUID | None
    convener_unit_id: uuid.UUID
    chair_person_id: uuid.UUID | None
    chair_name: str
    place: str
    meeting_date: date
    start_time: time
    duration_minutes: int
    starts_at: datetime
    ends_at: datetime
    occurrence_date: date | None = Field(description="the series rule's date")
    shifted_from: date | None = Field(description="the rule's date when it fell on a non-working day")
    submission_due_date: date | None
    status: MeetingStatus
    cancel_reason: str
    notice_sent_at: datetime | None
    agenda_frozen_at: datetime | None
    held_at: datetime | None
    version: int


class ChangeOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("ChangeOut"), from_attributes=True)

    action: str
    from_status: str | None
    to_status: str
    from_date: date | None
    to_date: date | None
    reason: str
    changed_by: str
    changed_at: datetime


class BookedMeeting(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("BookedMeeting"))

    id: uuid.UUID
    title: str
    meeting_type: MeetingType
    meeting_date: date
    starts_at: datetime
    ends_at: datetime


class DoubleBooking(BaseModel):
    """Two overlapping meetings with the same chair or the same unit (as convener or invited)."""

    model_config = ConfigDict(json_schema_extra=examples_of("DoubleBooking"))

    clash: BookingClash
    unit_id: uuid.UUID | None = None
    chair_person_id: uuid.UUID | None = None
    chair_name: str = ""
    first: BookedMeeting
    second: BookedMeeting


class MeetingDetail(MeetingOut):
    """A meeting with everything about it in one read: its invited units, agenda, leave requests, attendance,
    minutes (with outcomes, decided items and addenda) and its record of steps."""

    model_config = ConfigDict(json_schema_extra=examples_of("MeetingDetail"))

    invitations: list[InvitationOut]
    agenda: list[AgendaItemOut]
    leave_requests: list[LeaveOut]
    attendance: list[AttendanceOut]
    minutes: MinutesOut | None
    changes: list[ChangeOut]
