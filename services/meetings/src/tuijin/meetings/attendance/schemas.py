"""Request and response bodies of attendance and leave."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.meetings.attendance.enums import AttendanceStatus, LeaveStatus
from tuijin.meetings.examples import examples_of
from tuijin.meetings.scheduling.enums import InvitationKind, MeetingType


class LeaveIn(BaseModel):
    """Leave asked of the convener for the unit's head (a unit asks for itself)."""

    model_config = ConfigDict(json_schema_extra=examples_of("LeaveIn"))

    unit_id: uuid.UUID | None = Field(None, description="the caller's unit if omitted")
    reason: str = Field(min_length=2, max_length=500, examples=["参加市政府专题会议"])
    substitute_name: str = Field("", max_length=50, description="who comes instead, if anyone")


class ConfirmationIn(BaseModel):
    """参会回执: the invited unit confirms who will attend — its head, in person (不得替会)."""

    model_config = ConfigDict(json_schema_extra=examples_of("ConfirmationIn"))

    unit_id: uuid.UUID | None = Field(None, description="the caller's unit if omitted")
    attendee_name: str = Field("", max_length=50, description="who will attend; default: the person expected")


class LeaveDecision(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("LeaveDecision"))

    approve: bool
    note: str = Field("", max_length=500)


class LeaveOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("LeaveOut"), from_attributes=True)

    id: uuid.UUID
    meeting_id: uuid.UUID
    unit_id: uuid.UUID
    reason: str
    substitute_name: str
    status: LeaveStatus
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_note: str


class AttendanceEntry(BaseModel):
    """Who came for one invited unit. Without ``status`` it is worked out: approved leave → on_leave; nobody
    → absent; the expected head → present; anyone else → proxy (替会). A given ``status`` must agree."""

    model_config = ConfigDict(json_schema_extra=examples_of("AttendanceEntry"))

    unit_id: uuid.UUID
    attendee_name: str = Field("", max_length=50, description="who actually came; empty: nobody")
    attendee_person_id: uuid.UUID | None = None
    status: AttendanceStatus | None = None
    note: str = Field("", max_length=500)


class AttendanceIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AttendanceIn"))

    records: list[AttendanceEntry] = Field(min_length=1, max_length=500)


class AttendanceOut(BaseModel):
    """One invited unit at one meeting; ``status`` null: not recorded yet."""

    model_config = ConfigDict(json_schema_extra=examples_of("AttendanceOut"))

    unit_id: uuid.UUID
    kind: InvitationKind
    expected_attendee: str
    status: AttendanceStatus | None
    attendee_name: str = ""
    leave_request_id: uuid.UUID | None = None
    note: str = ""
    recorded_by: str | None = None
    recorded_at: datetime | None = None


class AttendanceRecordOut(BaseModel):
    """A unit's attendance at a meeting, with the meeting (a unit's record over a period, the bulletin)."""

    model_config = ConfigDict(json_schema_extra=examples_of("AttendanceRecordOut"), from_attributes=True)

    id: uuid.UUID
    meeting_id: uuid.UUID
    meeting_title: str
    meeting_type: MeetingType
    meeting_date: date
    unit_id: uuid.UUID
    status: AttendanceStatus
    expected_attendee: str
    attendee_name: str
    note: str


class UnitAttendanceStats(BaseModel):
    """Per unit over the period's held meetings (a scoring input)."""

    model_config = ConfigDict(json_schema_extra=examples_of("UnitAttendanceStats"))

    unit_id: uuid.UUID
    expected: int = Field(description="invitations to meetings held in the period")
    present: int
    on_leave: int
    absent: int
    proxy: int
    unrecorded: int


class AttendanceStats(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples_of("AttendanceStats"))

    region_code: str
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    units: list[UnitAttendanceStats]
