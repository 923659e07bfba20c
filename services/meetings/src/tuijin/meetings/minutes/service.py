"""Rules of minutes and decided items: minutes only for a held meeting; publishing is one transaction that
freezes the minutes, creates the decided items and emits ``minutes.published`` once; corrections are
addenda; decided items go open → done → verified (the office verifies), and the overdue job announces each
overdue item once."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.calendar import RegionalCalendars
from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.meetings import events
from tuijin.meetings.access import unit_of
from tuijin.meetings.agendas import repository as agenda_repo
from tuijin.meetings.errors import StepNotAllowed, UnitForbidden
from tuijin.meetings.minutes import repository as repo
from tuijin.meetings.minutes.enums import EVENT_OUTCOMES, DecidedItemStatus, FollowUpAction, MinutesStatus, Outcome
from tuijin.meetings.minutes.errors import (
    InvalidMinutes,
    MinutesAlreadyPublished,
    MinutesMissing,
    NoteRequired,
    OfficeRequired,
    OutcomesMissing,
)
from tuijin.meetings.minutes.models import DecidedItem, FollowUp, MinuteAddendum, MinuteOutcome, Minutes
from tuijin.meetings.minutes.schemas import (
    AddendumOut,
    DecidedItemOut,
    ExtraItemIn,
    FollowUpIn,
    MinutesIn,
    MinutesOut,
    OutcomeOut,
    Recipient,
)
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.enums import MeetingAction, MeetingStatus
from tuijin.meetings.scheduling.models import Meeting
from tuijin.meetings.scheduling.service import ensure_status, record
from tuijin.meetings.upstream import Directory


def _str(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


PUBLISHED = "The minutes are published and do not change; add an addendum to correct them."


def _ensure_held(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.minutes_published.value:
        raise MinutesAlreadyPublished(PUBLISHED)
    ensure_status(meeting, (MeetingStatus.held,), "write minutes (the meeting must be held first)")


async def save_draft(session: AsyncSession, meeting: Meeting, body: MinutesIn, principal: Principal,
                     directory: Directory) -> Minutes:
    """Create or replace the draft minutes of a held meeting, checking every outcome and decided item."""
    _ensure_held(meeting)
    minutes = await repo.of_meeting(session, meeting.id)
    if minutes is not None and minutes.status == MinutesStatus.published.value:
        raise MinutesAlreadyPublished(PUBLISHED)
    items = {i.id: i for i in await agenda_repo.items(session, meeting.id)}
    errors: list[dict[str, str]] = []
    refs: dict[str, uuid.UUID | None] = {}
    seen: set[uuid.UUID] = set()

    def fail(field: str, message: str, kind: str) -> None:
        errors.append({"field": field, "message": message, "type": kind})

    for i, o in enumerate(body.outcomes):
        field = f"body.outcomes.{i}"
        if o.agenda_item_id not in items:
            fail(f"{field}.agenda_item_id", "not an item of this meeting's agenda", "unknown_agenda_item")
        elif o.agenda_item_id in seen:
            fail(f"{field}.agenda_item_id", "the item has two outcomes", "duplicate_outcome")
        seen.add(o.agenda_item_id)
        if o.outcome is Outcome.assigned:
            if o.unit_id is None:
                fail(f"{field}.unit_id", "an assigned item needs the unit", "missing")
            if o.deadline is None:
                fail(f"{field}.deadline", "an assigned item needs the deadline", "missing")
        if o.deadline is not None and o.deadline < meeting.meeting_date:
            fail(f"{field}.deadline", "the deadline is before the meeting", "date_before_meeting")
        refs[f"{field}.unit_id"] = o.unit_id
    for i, x in enumerate(body.decided_items):
        if x.due_date < meeting.meeting_date:
            fail(f"body.decided_items.{i}.due_date", "the due date is before the meeting", "date_before_meeting")
        refs[f"body.decided_items.{i}.owner_unit_id"] = x.owner_unit_id
    for i, r in enumerate(body.distribution):
        refs[f"body.distribution.{i}.unit_id"] = r.unit_id
    if errors:
        raise InvalidMinutes("The minutes are not valid: " + "; ".join(e["field"] for e in errors), errors=errors)
    await directory.ensure_units(meeting.region_code, refs)
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id, region_code=meeting.region_code, created_by=principal.sub,
                          status=MinutesStatus.draft.value)
        session.add(minutes)
        await session.flush()
    else:
        await repo.delete_outcomes(session, minutes.id)
        # the draft is replaced as a whole: its version moves even when only the outcomes changed, so that the
        # ETag a client read goes stale and a concurrent replacement of the same version is refused (412)
        flag_modified(minutes, "summary")
    minutes.summary = body.summary
    minutes.distribution = [r.model_dump(mode="json") for r in body.distribution]
    minutes.extra_items = [x.model_dump(mode="json") for x in body.decided_items]
    for o in body.outcomes:
        item = items[o.agenda_item_id]
        session.add(MinuteOutcome(
            minutes_id=minutes.id, agenda_item_id=item.id, position=item.position, problem_id=item.problem_id,
            project_id=item.project_id, outcome=o.outcome.value, unit_id=o.unit_id, deadline=o.deadline, note=o.note,
        ))
    await session.flush()
    return minutes


async def _default_distribution(session: AsyncSession, meeting: Meeting, directory: Directory) -> list[dict]:
    """The convener and every invited unit, when the draft names no recipients."""
    try:
        names = await directory.unit_names(meeting.region_code)
    except ProblemError:  # the registry being down must not stop the minutes: ids are enough
        names = {}
    invited = await scheduling_repo.invitations(session, meeting.id)
    units = [meeting.convener_unit_id] + [i.unit_id for i in invited if i.unit_id != meeting.convener_unit_id]
    return [{"name": names.get(u, ""), "unit_id": str(u)} for u in units]


def _create_decided_items(session: AsyncSession, meeting: Meeting, minutes: Minutes, outcomes: list[MinuteOutcome],
                          titles: dict[uuid.UUID, str]) -> None:
    """The decided items of published minutes: one per assigned outcome, then the further items, numbered."""
    seq = 0
    for o in outcomes:
        if o.outcome == Outcome.assigned.value:
            seq += 1
            title = titles.get(o.agenda_item_id, "")
            session.add(DecidedItem(
                region_code=meeting.region_code, meeting_id=meeting.id, minutes_id=minutes.id, seq=seq,
                title=(f"{title}：{o.note}" if o.note else title)[:500],
                owner_unit_id=o.unit_id, project_id=o.project_id, problem_id=o.problem_id,
                agenda_item_id=o.agenda_item_id, due_date=o.deadline, status=DecidedItemStatus.open.value,
            ))
    for extra in minutes.extra_items or []:
        x = ExtraItemIn.model_validate(extra)
        seq += 1
        session.add(DecidedItem(
            region_code=meeting.region_code, meeting_id=meeting.id, minutes_id=minutes.id, seq=seq, title=x.title,
            owner_unit_id=x.owner_unit_id, project_id=x.project_id, due_date=x.due_date,
            status=DecidedItemStatus.open.value,
        ))


async def publish(session: AsyncSession, meeting: Meeting, principal: Principal, directory: Directory) -> Minutes:
    """Freeze the minutes, create their decided items, mark the meeting minutes_published and emit one
    ``minutes.published`` — all in the request's one transaction. Publishing again is refused (409)."""
    _ensure_held(meeting)
    minutes = await repo.of_meeting(session, meeting.id)
    if minutes is None:
        raise MinutesMissing("Write the minutes before publishing them.")
    if minutes.status == MinutesStatus.published.value:
        raise MinutesAlreadyPublished(PUBLISHED)
    outcomes = await repo.outcomes(session, minutes.id)
    decided = {o.agenda_item_id for o in outcomes}
    items = await agenda_repo.items(session, meeting.id)
    undecided = [i for i in items if i.problem_id is not None and i.id not in decided]
    if undecided:
        raise OutcomesMissing(
            "Every problem on the agenda needs its outcome (solved, assigned, escalated or deferred): "
            + "、".join(i.title for i in undecided),
            agenda_item_ids=[str(i.id) for i in undecided],
        )
    distribution = minutes.distribution or await _default_distribution(session, meeting, directory)
    now = utcnow()
    if not await repo.mark_published(session, minutes.id, {"published_at": now, "published_by": principal.sub,
                                                           "distribution": distribution}):
        raise MinutesAlreadyPublished(PUBLISHED)
    _create_decided_items(session, meeting, minutes, outcomes, {i.id: i.title for i in items})
    before = meeting.status
    meeting.status = MeetingStatus.minutes_published.value
    record(session, meeting, MeetingAction.minutes_published, principal.sub, from_status=before)
    event_id = await events.emit(session, events.MINUTES_PUBLISHED, {
        "meeting_id": str(meeting.id), "region_code": meeting.region_code, "meeting_type": meeting.meeting_type,
        "held_on": meeting.meeting_date.isoformat(),
        "decisions": [
            {"problem_id": str(o.problem_id), "outcome": o.outcome, "unit_id": str(o.unit_id) if o.unit_id else None,
             "deadline": o.deadline.isoformat() if o.deadline else None, "note": o.note}
            for o in outcomes if o.problem_id is not None and o.outcome in {x.value for x in EVENT_OUTCOMES}
        ],
    }, meeting.region_code)
    await repo.set_event_id(session, minutes.id, event_id)
    await session.flush()
    await session.refresh(minutes)
    return minutes


async def add_addendum(
    session: AsyncSession, minutes: Minutes | None, text: str, principal: Principal
) -> MinuteAddendum:
    """A correction to published minutes (the minutes themselves never change)."""
    if minutes is None or minutes.status != MinutesStatus.published.value:
        raise StepNotAllowed("Addenda correct published minutes; edit the draft instead.")
    seq = len(await repo.addenda(session, minutes.id)) + 1
    addendum = MinuteAddendum(minutes_id=minutes.id, seq=seq, text=text.strip(), added_by=principal.sub,
                              added_at=utcnow())
    session.add(addendum)
    await session.flush()
    return addendum


def decided_out(item: DecidedItem, on: date) -> DecidedItemOut:
    out = DecidedItemOut.model_validate(item)
    out.is_overdue = item.status == DecidedItemStatus.open.value and item.due_date < on
    return out


async def minutes_out(session: AsyncSession, minutes: Minutes, on: date) -> MinutesOut:
    return MinutesOut(
        id=minutes.id, meeting_id=minutes.meeting_id, status=minutes.status, summary=minutes.summary,
        distribution=[Recipient.model_validate(r) for r in minutes.distribution or []],
        outcomes=[OutcomeOut.model_validate(o) for o in await repo.outcomes(session, minutes.id)],
        draft_decided_items=[ExtraItemIn.model_validate(x) for x in minutes.extra_items or []]
        if minutes.status == MinutesStatus.draft.value else [],
        decided_items=[decided_out(d, on) for d in await repo.decided_of_minutes(session, minutes.id)],
        addenda=[AddendumOut.model_validate(a) for a in await repo.addenda(session, minutes.id)],
        published_at=minutes.published_at, published_by=minutes.published_by, version=minutes.version,
    )


# ---------------------------------------------------------------- follow-up

# action → (statuses it may start from, the status it leads to (None: unchanged), office only)
FOLLOW_UP: dict[FollowUpAction, tuple[tuple[DecidedItemStatus, ...], DecidedItemStatus | None, bool]] = {
    FollowUpAction.progress: ((DecidedItemStatus.open, DecidedItemStatus.done), None, False),
    FollowUpAction.done: ((DecidedItemStatus.open,), DecidedItemStatus.done, False),
    FollowUpAction.verify: ((DecidedItemStatus.done,), DecidedItemStatus.verified, True),
    FollowUpAction.reopen: ((DecidedItemStatus.done,), DecidedItemStatus.open, True),
}


async def follow_up(session: AsyncSession, item: DecidedItem, body: FollowUpIn, principal: Principal,
                    on: date) -> FollowUp:
    """A step of the follow-up on the item's append-only record."""
    starts, leads_to, office_only = FOLLOW_UP[body.action]
    is_office = principal.has_any(Role.office) and principal.can_see_region(item.region_code)
    if office_only and not is_office:
        raise OfficeRequired("Only the office verifies or reopens decided items.")
    if not is_office and unit_of(principal) != item.owner_unit_id:
        raise UnitForbidden("Only the owner unit or the office follows up this item.")
    current = DecidedItemStatus(item.status)
    if current not in starts:
        raise StepNotAllowed(
            f"Cannot {body.action.value} an item that is {current.value} ({current.label}).",
            status_now=current.value,
        )
    if body.action in (FollowUpAction.progress, FollowUpAction.reopen) and len(body.note.strip()) < 2:
        raise NoteRequired("Say what happened.",
                           errors=[{"field": "body.note", "message": "required", "type": "missing"}])
    if leads_to is not None:
        item.status = leads_to.value
    if body.action is FollowUpAction.done:
        item.done_on = on
    elif body.action is FollowUpAction.verify:
        item.verified_at, item.verified_by = utcnow(), principal.sub
    elif body.action is FollowUpAction.reopen:
        item.done_on = None
        item.overdue_announced_at = None  # overdue again if still past due: announced again
    step = FollowUp(decided_item_id=item.id, action=body.action.value, from_status=current.value,
                    to_status=item.status, note=body.note.strip(), by=principal.sub, at=utcnow())
    session.add(step)
    if body.action is FollowUpAction.done:
        await events.emit(session, events.DECIDED_ITEM_DONE, {
            "decided_item_id": str(item.id), "meeting_id": _str(item.meeting_id),
            "site_visit_id": _str(item.site_visit_id), "region_code": item.region_code,
            "unit_id": str(item.owner_unit_id), "due_date": item.due_date.isoformat(), "done_on": on.isoformat(),
            "on_time": on <= item.due_date,
        }, item.region_code)
    await session.flush()
    return step


async def announce_overdue(session: AsyncSession, calendars: RegionalCalendars, on: date) -> int:
    """Emit ``decided_item.overdue`` once for each open item past its due date (a calendar date: ``calendars``,
    given to every overdue sweep, is not needed here)."""
    items = await repo.to_announce(session, on)
    now = utcnow()
    for item in items:
        await events.emit(session, events.DECIDED_ITEM_OVERDUE, {
            "decided_item_id": str(item.id), "meeting_id": _str(item.meeting_id),
            "site_visit_id": _str(item.site_visit_id), "region_code": item.region_code,
            "unit_id": str(item.owner_unit_id), "project_id": str(item.project_id) if item.project_id else None,
            "title": item.title, "due_date": item.due_date.isoformat(),
        }, item.region_code)
        item.overdue_announced_at = now
    await session.flush()
    return len(items)


