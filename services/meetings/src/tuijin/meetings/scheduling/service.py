"""Rules of scheduling: series and their expansion into meetings, meetings and their lifecycle,
rescheduling, and the double-booking report. Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import SHANGHAI, utcnow
from tuijin.meetings.attendance import repository as attendance_repo
from tuijin.meetings.errors import DateInPast, DuplicateUnit, InvalidDateRange, ReasonRequired, StepNotAllowed
from tuijin.meetings.scheduling import recurrence
from tuijin.meetings.scheduling import repository as repo
from tuijin.meetings.scheduling.enums import (
    RESCHEDULABLE,
    TRANSITIONS,
    InvitationKind,
    MeetingAction,
    MeetingStatus,
    MeetingType,
)
from tuijin.meetings.scheduling.errors import (
    AttendanceRecorded,
    InvalidRrule,
    InvitationNotFound,
    MeetingInFuture,
    NoInvitations,
    NoSystems,
    SystemRequired,
    SystemSeriesExists,
    SystemWithoutConvener,
    UnknownSystem,
)
from tuijin.meetings.scheduling.models import Invitation, Meeting, MeetingChange, MeetingSeries
from tuijin.meetings.scheduling.schemas import (
    BookedMeeting,
    DoubleBooking,
    InvitationIn,
    MeetingIn,
    MeetingPatch,
    Occurrence,
    PreviewIn,
    RescheduleIn,
    RotationIn,
    SeriesIn,
    SeriesPatch,
    StatusChangeIn,
)
from tuijin.meetings.upstream import Directory

MAX_PREVIEW_DAYS = 731


def local_instant(day: date, at: time) -> datetime:
    """The UTC instant of ``at`` o'clock on ``day`` in Asia/Shanghai."""
    return datetime.combine(day, at, tzinfo=SHANGHAI).astimezone(UTC)


def _set_times(meeting: Meeting) -> None:
    meeting.starts_at = local_instant(meeting.meeting_date, meeting.start_time)
    meeting.ends_at = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


def record(
    session: AsyncSession, meeting: Meeting, action: MeetingAction, by: str, *, from_status: str | None = None,
    from_date: date | None = None, reason: str = "",
) -> None:
    """A step on the meeting's append-only record."""
    session.add(MeetingChange(
        meeting_id=meeting.id, action=action.value, from_status=from_status, to_status=meeting.status,
        from_date=from_date, to_date=meeting.meeting_date, reason=reason, changed_by=by, changed_at=utcnow(),
    ))


# ---------------------------------------------------------------- series


async def _check_system(directory: Directory, region_code: str, system_id: uuid.UUID | None,
                        meeting_type: MeetingType) -> None:
    if meeting_type is MeetingType.system_meeting and system_id is None:
        raise SystemRequired("A system meeting needs its system (体系).", field="body.system_id")
    if system_id is not None:
        systems = {uuid.UUID(s["id"]) for s in await directory.systems(region_code)}
        if system_id not in systems:
            raise UnknownSystem(f"No system {system_id} in region {region_code}.", field="body.system_id")


def _check_rule(rule: str, start: date) -> str:
    try:
        recurrence.parse_rule(rule, start)
    except recurrence.InvalidRule as exc:
        raise InvalidRrule(str(exc), field="body.rrule") from exc
    return recurrence.normalise(rule)


async def create_series(
    session: AsyncSession, body: SeriesIn, principal: Principal, directory: Directory, cal: WorkingCalendar,
    on: date, *, template_code: str | None = None,
) -> tuple[MeetingSeries, int]:
    """A series, expanded at once into the meetings of its horizon; returns it and how many were created."""
    rule = _check_rule(body.rrule, body.start_date)
    await _check_system(directory, body.region_code, body.system_id, body.meeting_type)
    refs: dict[str, uuid.UUID | None] = {"body.convener_unit_id": body.convener_unit_id}
    refs.update({f"body.fixed_unit_ids.{i}": u for i, u in enumerate(body.fixed_unit_ids)})
    await directory.ensure_units(body.region_code, refs)
    if len(set(body.fixed_unit_ids)) != len(body.fixed_unit_ids):
        raise DuplicateUnit("A unit is listed twice.", field="body.fixed_unit_ids")
    series = MeetingSeries(
        **body.model_dump(exclude={"rrule", "fixed_unit_ids", "meeting_type", "non_working_day"}),
        meeting_type=body.meeting_type.value, non_working_day=body.non_working_day.value, rrule=rule,
        fixed_unit_ids=[str(u) for u in body.fixed_unit_ids], created_by=principal.sub, is_active=True,
        template_code=template_code,
    )
    session.add(series)
    await session.flush()
    created = await expand(session, series, cal, on)
    return series, created


async def patch_series(session: AsyncSession, series: MeetingSeries, body: SeriesPatch, directory: Directory) -> None:
    changes = body.model_dump(exclude_unset=True)
    if "fixed_unit_ids" in changes:
        ids = body.fixed_unit_ids or []
        await directory.ensure_units(series.region_code, {f"body.fixed_unit_ids.{i}": u for i, u in enumerate(ids)})
        changes["fixed_unit_ids"] = [str(u) for u in ids]
    if changes.get("end_date") and changes["end_date"] < series.start_date:
        raise InvalidDateRange("end_date must not be before the series' start_date.", field="body.end_date")
    if "non_working_day" in changes and changes["non_working_day"] is not None:
        changes["non_working_day"] = changes["non_working_day"].value
    for key, value in changes.items():
        if key in ("title", "place", "chair_name", "horizon_days", "is_active", "non_working_day") and value is None:
            continue
        setattr(series, key, value)


async def expand(session: AsyncSession, series: MeetingSeries, cal: WorkingCalendar, on: date) -> int:
    """Create the meetings of the series' rule dates from ``on`` to ``on + horizon_days`` that do not exist
    yet (a rule date has at most one meeting, whatever became of it: running twice creates nothing)."""
    window_to = on + timedelta(days=series.horizon_days)
    days = recurrence.occurrences(series.rrule, series.start_date, window_from=on, window_to=window_to,
                                  end=series.end_date)
    existing = await repo.existing_occurrences(session, series.id, days)
    created = 0
    for day in days:
        if day in existing:
            continue
        held_on = recurrence.place(day, series.non_working_day, cal)
        if held_on is None:
            continue
        meeting = Meeting(
            region_code=series.region_code, series_id=series.id, occurrence_date=day,
            meeting_type=series.meeting_type, title=series.title, system_id=series.system_id,
            convener_unit_id=series.convener_unit_id, chair_person_id=series.chair_person_id,
            chair_name=series.chair_name, place=series.place, meeting_date=held_on, start_time=series.start_time,
            duration_minutes=series.duration_minutes, shifted_from=day if held_on != day else None,
            submission_due_date=(held_on - timedelta(days=series.submission_lead_days)
                                 if series.submission_lead_days is not None else None),
            status=MeetingStatus.planned.value, created_by=f"series:{series.id}", id=uuid.uuid4(),
        )
        _set_times(meeting)
        session.add(meeting)
        await session.flush()  # the meeting row before the rows that refer to it (no ORM relationships)
        for unit in series.fixed_unit_ids:
            session.add(Invitation(meeting_id=meeting.id, unit_id=uuid.UUID(str(unit)),
                                   kind=InvitationKind.fixed.value))
        record(session, meeting, MeetingAction.created, meeting.created_by)
        created += 1
    if series.expanded_through is None or series.expanded_through < window_to:
        series.expanded_through = window_to
    await session.flush()
    return created


async def expand_all(session: AsyncSession, calendars: RegionalCalendars, on: date) -> dict[str, Any]:
    """The expansion job's step: every active series, each on its region's working calendar."""
    total = 0
    series_list = await repo.active_series(session)
    for series in series_list:
        total += await expand(session, series, calendars.of(series.region_code), on)
    return {"series": len(series_list), "created": total, "business_date": on.isoformat()}


def preview(body: PreviewIn, cal: WorkingCalendar) -> list[Occurrence]:
    """Where a rule's meetings would land in a window, without creating anything."""
    if body.to_date < body.from_date or (body.to_date - body.from_date).days > MAX_PREVIEW_DAYS:
        raise InvalidDateRange("`to` must be on or after `from`, at most two years later.", field="body.to")
    try:
        days = recurrence.occurrences(body.rrule, body.start_date, window_from=body.from_date, window_to=body.to_date)
    except recurrence.InvalidRule as exc:
        raise InvalidRrule(str(exc), field="body.rrule") from exc
    return [Occurrence(rule_date=d, meeting_date=recurrence.place(d, body.non_working_day, cal),
                       holiday=cal.holiday_name(d)) for d in days]


async def create_rotation(
    session: AsyncSession, body: RotationIn, principal: Principal, directory: Directory, cal: WorkingCalendar,
    on: date, *, template_code: str | None = None,
) -> list[MeetingSeries]:
    """One weekly series per system of the region, in the systems' order, each convened by its unit."""
    systems = await directory.systems(body.region_code)
    if not systems:
        raise NoSystems("The region has no systems (体系) in the registry.", field="body.region_code")
    missing = [s["name"] for s in systems if not s.get("convening_unit_id")]
    if missing:
        raise SystemWithoutConvener("Systems without a convening unit: " + "、".join(missing), field="body.region_code")
    taken = {s.system_id for s in await repo.active_system_series(session, body.region_code)}
    doubled = [s["name"] for s in systems if uuid.UUID(s["id"]) in taken]
    if doubled:
        raise SystemSeriesExists("These systems already have an active meeting series: " + "、".join(doubled))
    rules = recurrence.rotation_rules(len(systems), mode=body.mode.value, start=body.start_date,
                                      weekdays=body.weekdays, times=body.times)
    out = []
    for system, (rule, start, at) in zip(systems, rules, strict=True):
        series, _ = await create_series(session, SeriesIn(
            region_code=body.region_code, meeting_type=MeetingType.system_meeting,
            title=f"{system['name']}推进例会", system_id=uuid.UUID(system["id"]),
            convener_unit_id=uuid.UUID(system["convening_unit_id"]), place=body.place, start_time=at,
            duration_minutes=body.duration_minutes, rrule=rule, start_date=start, end_date=body.end_date,
            non_working_day=body.non_working_day, horizon_days=body.horizon_days,
        ), principal, directory, cal, on, template_code=template_code)
        out.append(series)
    return out


# ---------------------------------------------------------------- meetings


async def add_invitations(
    session: AsyncSession, meeting: Meeting, invitations: list[InvitationIn], directory: Directory, field: str
) -> None:
    units = [i.unit_id for i in invitations]
    if len(set(units)) != len(units):
        raise DuplicateUnit("A unit is invited twice.", field=field)
    await directory.ensure_units(meeting.region_code, {f"{field}.{i}.unit_id": u for i, u in enumerate(units)})
    for inv in invitations:
        session.add(Invitation(meeting_id=meeting.id, unit_id=inv.unit_id, kind=inv.kind.value,
                               expected_attendee=inv.expected_attendee, expected_person_id=inv.expected_person_id))


async def create_meeting(
    session: AsyncSession, body: MeetingIn, principal: Principal, directory: Directory, on: date
) -> Meeting:
    """A meeting outside a series, planned, with its invited units."""
    if body.meeting_date < on:
        raise DateInPast("A meeting cannot be planned in the past.", field="body.meeting_date")
    await _check_system(directory, body.region_code, body.system_id, body.meeting_type)
    await directory.ensure_units(body.region_code, {"body.convener_unit_id": body.convener_unit_id})
    meeting = Meeting(
        **body.model_dump(exclude={"invitations", "meeting_type"}), meeting_type=body.meeting_type.value,
        status=MeetingStatus.planned.value, created_by=principal.sub, id=uuid.uuid4(),
    )
    _set_times(meeting)
    session.add(meeting)
    await session.flush()
    await add_invitations(session, meeting, body.invitations, directory, "body.invitations")
    record(session, meeting, MeetingAction.created, principal.sub)
    await session.flush()
    return meeting


def ensure_status(meeting: Meeting, allowed: tuple[MeetingStatus, ...], doing: str) -> None:
    """Refuse a step the meeting's status does not allow now (nothing changes)."""
    if meeting.status not in {s.value for s in allowed}:
        current = MeetingStatus(meeting.status)
        raise StepNotAllowed(
            f"Cannot {doing}: the meeting is {current.value} ({current.label}); allowed when "
            + " or ".join(s.value for s in allowed) + ".",
            status_now=current.value, allowed_in=[s.value for s in allowed],
        )


def patch_meeting(meeting: Meeting, body: MeetingPatch) -> None:
    ensure_status(meeting, (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen),
                  "change the meeting")
    for key, value in body.model_dump(exclude_unset=True).items():
        if value is None and key in ("title", "chair_name", "place", "duration_minutes"):
            continue
        setattr(meeting, key, value)
    _set_times(meeting)


async def change_status(
    session: AsyncSession, meeting: Meeting, body: StatusChangeIn, principal: Principal, on: date
) -> None:
    """planned → notice_sent → agenda_frozen → held; cancelled (with the reason) before it is held."""
    current = MeetingStatus(meeting.status)
    target = body.to
    if target not in TRANSITIONS[current]:
        allowed = [s.value for s in TRANSITIONS[current]]
        raise StepNotAllowed(
            f"A meeting that is {current.value} ({current.label}) cannot move to {target.value}"
            + (f"; allowed: {', '.join(allowed)}." if allowed else "; no step is left by hand."),
            status_now=current.value, allowed=allowed,
        )
    reason = body.reason.strip()
    now = utcnow()
    if target is MeetingStatus.notice_sent:
        if not await repo.invitation_count(session, meeting.id):
            raise NoInvitations("Invite at least one unit before sending the notice.")
        meeting.notice_sent_at = now
    elif target is MeetingStatus.agenda_frozen:
        meeting.agenda_frozen_at = now
    elif target is MeetingStatus.held:
        if meeting.meeting_date > on:
            raise MeetingInFuture(f"The meeting is on {meeting.meeting_date}, after today ({on}).", field="body.to")
        meeting.held_at = now
    elif target is MeetingStatus.cancelled:
        if len(reason) < 2:
            raise ReasonRequired("Say why the meeting is cancelled.", field="body.reason")
        meeting.cancel_reason = reason
    meeting.status = target.value
    record(session, meeting, MeetingAction(target.value), principal.sub, from_status=current.value, reason=reason)
    await session.flush()


async def reschedule(
    session: AsyncSession, meeting: Meeting, body: RescheduleIn, principal: Principal, on: date
) -> None:
    """Move a meeting not yet held to another date (and time, place), with the reason on the record."""
    ensure_status(meeting, (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen),
                  "reschedule")
    if body.meeting_date < on:
        raise DateInPast("A meeting cannot move into the past.", field="body.meeting_date")
    before = meeting.meeting_date
    meeting.meeting_date = body.meeting_date
    if body.start_time is not None:
        meeting.start_time = body.start_time
    if body.place is not None:
        meeting.place = body.place
    _set_times(meeting)
    record(session, meeting, MeetingAction.rescheduled, principal.sub, from_status=meeting.status, from_date=before,
           reason=body.reason.strip())
    await session.flush()


def _booked(m: Meeting) -> BookedMeeting:
    return BookedMeeting(id=m.id, title=m.title, meeting_type=m.meeting_type, meeting_date=m.meeting_date,
                         starts_at=m.starts_at, ends_at=m.ends_at)


async def double_bookings(
    session: AsyncSession, region_code: str, date_from: date, date_to: date, meeting_id: uuid.UUID | None = None
) -> list[DoubleBooking]:
    """Overlapping meetings (not cancelled) that share a chair or a unit (convening or invited)."""
    out = [
        DoubleBooking(clash="chair", chair_person_id=a.chair_person_id, chair_name=a.chair_name,
                      first=_booked(a), second=_booked(b))
        for a, b in await repo.chair_clashes(session, region_code, date_from, date_to, meeting_id)
    ]
    out += [
        DoubleBooking(clash="unit", unit_id=unit, first=_booked(a), second=_booked(b))
        for unit, a, b in await repo.unit_clashes(session, region_code, date_from, date_to, meeting_id)
    ]
    return out


# ---------------------------------------------------------------- series and invitations one by one


async def put_invitation(
    session: AsyncSession, meeting: Meeting, unit_id: uuid.UUID, body: InvitationIn, found: Invitation | None,
    directory: Directory,
) -> Invitation:
    """Invite the unit, or change who is expected of the unit already invited (``found``), before the meeting
    is held."""
    ensure_status(meeting, RESCHEDULABLE, "change the invited units")
    if found is not None:
        found.kind, found.expected_attendee = body.kind.value, body.expected_attendee
        found.expected_person_id = body.expected_person_id
        await session.flush()
        return found
    await add_invitations(session, meeting, [body], directory, "body")
    await session.flush()
    return await repo.invitation(session, meeting.id, unit_id)


async def withdraw_invitation(session: AsyncSession, meeting: Meeting, unit_id: uuid.UUID) -> None:
    """Before the meeting is held, and not once the unit's attendance is recorded."""
    ensure_status(meeting, RESCHEDULABLE, "change the invited units")
    found = await repo.invitation(session, meeting.id, unit_id)
    if found is None:
        raise InvitationNotFound("That unit is not invited.")
    if await attendance_repo.record_of(session, meeting.id, unit_id) is not None:
        raise AttendanceRecorded("The unit's attendance is recorded; its invitation stays.")
    await session.delete(found)
    await session.flush()
