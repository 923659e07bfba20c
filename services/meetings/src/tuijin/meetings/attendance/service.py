"""Rules of attendance: the head attends in person (不得替会); leave is asked of and approved by the
convener; unexcused absence and proxies go in the bulletin (通报) and count in scoring."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.meetings import events
from tuijin.meetings.attendance import repository as repo
from tuijin.meetings.attendance.enums import AttendanceStatus, LeaveStatus
from tuijin.meetings.attendance.errors import InvalidAttendance, LeaveAlreadyRequested, ProxyNotAllowed
from tuijin.meetings.attendance.models import AttendanceRecord, LeaveRequest
from tuijin.meetings.attendance.schemas import (
    AttendanceEntry,
    AttendanceIn,
    AttendanceOut,
    ConfirmationIn,
    LeaveDecision,
    LeaveIn,
)
from tuijin.meetings.errors import StepNotAllowed, UnitNotInvited
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.enums import MeetingStatus
from tuijin.meetings.scheduling.errors import MeetingInFuture
from tuijin.meetings.scheduling.models import Invitation, Meeting
from tuijin.meetings.scheduling.service import ensure_status

BEFORE_HELD = (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen)
RECORDABLE = (MeetingStatus.agenda_frozen, MeetingStatus.held)


async def ask_leave(session: AsyncSession, meeting: Meeting, body: LeaveIn, unit_id: uuid.UUID,
                    principal: Principal) -> LeaveRequest:
    """An invited unit asks the convener for leave before the meeting; one open or approved request a unit."""
    ensure_status(meeting, BEFORE_HELD, "ask for leave")
    if await scheduling_repo.invitation(session, meeting.id, unit_id) is None:
        raise UnitNotInvited("That unit is not invited to the meeting.", field="body.unit_id")
    live = [x for x in await repo.leaves(session, meeting.id, unit_id)
            if x.status in (LeaveStatus.requested.value, LeaveStatus.approved.value)]
    if live:
        raise LeaveAlreadyRequested("The unit already asked for leave for this meeting.",
                                    leave_request_id=str(live[0].id))
    leave = LeaveRequest(meeting_id=meeting.id, unit_id=unit_id, reason=body.reason.strip(),
                         substitute_name=body.substitute_name.strip(), status=LeaveStatus.requested.value,
                         requested_by=principal.sub, requested_at=utcnow())
    session.add(leave)
    await session.flush()
    return leave


async def confirm_attendance(session: AsyncSession, meeting: Meeting, body: ConfirmationIn, unit_id: uuid.UUID,
                             principal: Principal) -> Invitation:
    """参会回执: before the meeting is held, an invited unit confirms who attends — the head expected, in person
    (不得替会: another name is refused; a head who cannot come asks leave of the convener). Confirming again
    replaces the earlier confirmation."""
    ensure_status(meeting, BEFORE_HELD, "confirm attendance")
    invitation = await scheduling_repo.invitation(session, meeting.id, unit_id)
    if invitation is None:
        raise UnitNotInvited("That unit is not invited to the meeting.", field="body.unit_id")
    name = body.attendee_name.strip() or invitation.expected_attendee
    if invitation.expected_attendee and name != invitation.expected_attendee:
        raise ProxyNotAllowed(f"The head ({invitation.expected_attendee}) attends in person; ask leave instead.",
                              field="body.attendee_name")
    invitation.confirmed_attendee = name
    invitation.confirmed_by = principal.sub
    invitation.confirmed_at = utcnow()
    await session.flush()
    return invitation


async def decide_leave(session: AsyncSession, meeting: Meeting, leave: LeaveRequest, body: LeaveDecision,
                       principal: Principal) -> None:
    ensure_status(meeting, (*BEFORE_HELD, MeetingStatus.held), "decide on leave")
    if leave.status != LeaveStatus.requested.value:
        raise StepNotAllowed(f"The request is already {leave.status}.")
    leave.status = (LeaveStatus.approved if body.approve else LeaveStatus.rejected).value
    leave.decided_by, leave.decided_at, leave.decision_note = principal.sub, utcnow(), body.note
    await session.flush()


def _is_head(invitation: Invitation, entry: AttendanceEntry) -> bool:
    """Whether the person who came is the one expected (by id when both are known, else by name); when the
    meeting does not say who is expected, whoever came counts as the head."""
    if invitation.expected_person_id and entry.attendee_person_id:
        return invitation.expected_person_id == entry.attendee_person_id
    if invitation.expected_attendee.strip():
        return invitation.expected_attendee.strip() == entry.attendee_name.strip()
    return True


def classify(
    invitation: Invitation, entry: AttendanceEntry, leave: LeaveRequest | None
) -> tuple[AttendanceStatus | None, str]:
    """The status of one unit's attendance, or (None, why) when the given status contradicts the facts."""
    came = bool(entry.attendee_name.strip() or entry.attendee_person_id)
    if leave is not None:
        derived = AttendanceStatus.on_leave
    elif not came:
        derived = AttendanceStatus.absent
    else:
        derived = AttendanceStatus.present if _is_head(invitation, entry) else AttendanceStatus.proxy
    given = entry.status
    if given is None or given is derived:
        return derived, ""
    if given is AttendanceStatus.on_leave:
        return None, "on_leave needs leave approved by the convener"
    if given is AttendanceStatus.absent:
        return (AttendanceStatus.absent, "") if not came else (None, "absent, but someone came")
    if not came:
        return None, f"{given.value} needs the attendee's name"
    if given is AttendanceStatus.present and not _is_head(invitation, entry):
        return None, f"the head ({invitation.expected_attendee}) is expected: someone else came, that is a proxy (替会)"
    return given, ""


async def record_attendance(session: AsyncSession, meeting: Meeting, body: AttendanceIn, principal: Principal,
                            on: date) -> list[AttendanceRecord]:
    """Record who came, all or nothing: every entry is checked before anything is written."""
    ensure_status(meeting, RECORDABLE, "record attendance")
    if meeting.meeting_date > on:
        raise MeetingInFuture(f"The meeting is on {meeting.meeting_date}, after today ({on}).")
    invitations = {i.unit_id: i for i in await scheduling_repo.invitations(session, meeting.id)}
    approved = await repo.approved_leaves(session, meeting.id)
    errors: list[dict[str, str]] = []
    seen: set[uuid.UUID] = set()
    decided: list[tuple[AttendanceEntry, AttendanceStatus]] = []
    for index, entry in enumerate(body.records):
        field = f"body.records.{index}"
        if entry.unit_id in seen:
            errors.append({"field": f"{field}.unit_id", "message": "listed twice", "type": "duplicate_unit"})
            continue
        seen.add(entry.unit_id)
        invitation = invitations.get(entry.unit_id)
        if invitation is None:
            errors.append({"field": f"{field}.unit_id", "message": "the unit is not invited to this meeting",
                           "type": "unit_not_invited"})
            continue
        status, why = classify(invitation, entry, approved.get(entry.unit_id))
        if status is None:
            errors.append({"field": f"{field}.status", "message": why, "type": "status_contradicts"})
            continue
        decided.append((entry, status))
    if errors:
        raise InvalidAttendance(
            "Attendance not recorded: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)
    existing = await repo.records(session, meeting.id)
    now = utcnow()
    out = []
    for entry, status in decided:
        row = existing.get(entry.unit_id) or AttendanceRecord(meeting_id=meeting.id, unit_id=entry.unit_id)
        leave = approved.get(entry.unit_id)
        row.region_code, row.meeting_date, row.status = meeting.region_code, meeting.meeting_date, status.value
        row.expected_attendee = invitations[entry.unit_id].expected_attendee
        row.attendee_name, row.attendee_person_id = entry.attendee_name.strip(), entry.attendee_person_id
        row.leave_request_id = leave.id if leave and status is AttendanceStatus.on_leave else None
        row.note, row.recorded_by, row.recorded_at = entry.note, principal.sub, now
        session.add(row)
        out.append(row)
    await session.flush()
    await events.emit(session, events.ATTENDANCE_RECORDED, {
        "meeting_id": str(meeting.id), "region_code": meeting.region_code, "meeting_type": meeting.meeting_type,
        "held_on": meeting.meeting_date.isoformat(),
        "records": [{"unit_id": str(r.unit_id), "status": r.status} for r in out],
    }, meeting.region_code)
    return out


async def meeting_attendance(session: AsyncSession, meeting: Meeting) -> list[AttendanceOut]:
    """Every invited unit with its attendance (status null until recorded)."""
    recorded = await repo.records(session, meeting.id)
    out = []
    for inv in await scheduling_repo.invitations(session, meeting.id):
        row = recorded.get(inv.unit_id)
        extra: dict[str, Any] = {}
        if row is not None:
            extra = {"attendee_name": row.attendee_name, "leave_request_id": row.leave_request_id, "note": row.note,
                     "recorded_by": row.recorded_by, "recorded_at": row.recorded_at}
        out.append(AttendanceOut(unit_id=inv.unit_id, kind=inv.kind, expected_attendee=inv.expected_attendee,
                                 status=row.status if row else None, **extra))
    return out
