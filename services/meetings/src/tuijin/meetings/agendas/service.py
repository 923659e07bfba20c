"""Rules of agendas: build from what is stuck, keep manual edits, freeze with the meeting; units' submissions
approved by their leader go on the agenda."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.meetings.agendas import builder
from tuijin.meetings.agendas import repository as repo
from tuijin.meetings.agendas.enums import BUILT_SOURCES, AgendaSource, SubmissionStatus
from tuijin.meetings.agendas.errors import EmptySubmission, NotAPermutation, ProblemAlreadyOnAgenda
from tuijin.meetings.agendas.models import AgendaItem, Submission
from tuijin.meetings.agendas.schemas import AgendaItemIn, AgendaItemPatch, SubmissionDecision, SubmissionIn
from tuijin.meetings.duties.policies import STORE as POLICY_STORE
from tuijin.meetings.errors import StepNotAllowed, UnitNotInvited
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.enums import AGENDA_OPEN, MeetingType
from tuijin.meetings.scheduling.models import Meeting
from tuijin.meetings.scheduling.service import ensure_status
from tuijin.meetings.scheduling.templates import MeetingSeriesPolicy
from tuijin.meetings.upstream import Directory, IssuesUpstream


async def series_policy(session: AsyncSession, region_code: str, on: date) -> MeetingSeriesPolicy:
    """The region's meeting series in effect for ``on``'s year (which meeting takes up which level)."""
    return await POLICY_STORE.load(session, region_code, on.year, MeetingSeriesPolicy)


async def drafts_for(session: AsyncSession, meeting: Meeting, directory: Directory,
                     issues: IssuesUpstream) -> list[builder.ItemDraft]:
    """What the other services say belongs on this meeting's agenda: the open problems at the ladder's level that
    the region's meeting series give this kind of meeting (policy ``meeting_series``; of the meeting's system when
    it has one), the year's progress summary first at a county meeting, the unfinished procedures at a joint
    approval meeting."""
    kind = MeetingType(meeting.meeting_type)
    level = (await series_policy(session, meeting.region_code, meeting.meeting_date)).level_of(kind)
    drafts: list[builder.ItemDraft] = []
    if kind is MeetingType.county_meeting:
        year = meeting.meeting_date.year
        drafts.append(builder.summary_item(await directory.statistics(meeting.region_code, year), year,
                                           meeting.convener_unit_id))
    if kind is MeetingType.joint_approval:
        drafts += builder.procedure_items(await directory.open_procedures(meeting.region_code, meeting.system_id))
    if level is not None:
        problems = await issues.problem_agenda(meeting.region_code, level, meeting.system_id, meeting.meeting_date)
        drafts += builder.problem_items(problems, level=level, system_id=meeting.system_id)
    return drafts  # push, observation and coordination meetings taking up no level: items are chosen by hand


def _apply(item: AgendaItem, draft: builder.ItemDraft) -> None:
    """Refresh a built item's copy of what it is about (presenter and duration edits stay)."""
    item.title, item.description, item.category = draft.title, draft.description, draft.category
    item.project_id, item.project_code, item.project_name = draft.project_id, draft.project_code, draft.project_name
    item.responsible_unit_id, item.problem_deadline = draft.responsible_unit_id, draft.problem_deadline
    item.details = draft.details


def _new_item(meeting: Meeting, draft: builder.ItemDraft, by: str, now: datetime) -> AgendaItem:
    return AgendaItem(
        meeting_id=meeting.id, position=0, source=draft.source.value, problem_id=draft.problem_id,
        project_id=draft.project_id, project_code=draft.project_code, project_name=draft.project_name,
        title=draft.title, description=draft.description, category=draft.category,
        responsible_unit_id=draft.responsible_unit_id, problem_deadline=draft.problem_deadline,
        presenter_unit_id=draft.presenter_unit_id, details=draft.details, created_by=by, created_at=now,
    )


async def build(
    session: AsyncSession, meeting: Meeting, directory: Directory, issues: IssuesUpstream, principal: Principal
) -> list[AgendaItem]:
    """Build (or refresh) the agenda: built items no longer stuck leave, new ones come (at the top on the first
    build, at the end afterwards), items still stuck keep their place, presenter and duration; manual items and
    approved submissions stay."""
    ensure_status(meeting, AGENDA_OPEN, "build the agenda")
    drafts = await drafts_for(session, meeting, directory, issues)
    current = await repo.items(session, meeting.id)
    built = {builder.item_key(i.source, i.problem_id, i.project_id): i for i in current if i.source in BUILT_SOURCES}
    wanted = {d.key: d for d in drafts}
    for key, found in built.items():
        if key not in wanted:
            await session.delete(found)
        else:
            _apply(found, wanted[key])
    kept = [i for i in current if i.source not in BUILT_SOURCES or builder.item_key(
        i.source, i.problem_id, i.project_id) in wanted]
    now = utcnow()
    new = [_new_item(meeting, draft, principal.sub, now) for draft in drafts if draft.key not in built]
    ordered = (new + kept) if not built else (kept + new)
    for position, item in enumerate(ordered, start=1):
        item.position = position
        session.add(item)
    await session.flush()
    return ordered


async def add_item(session: AsyncSession, meeting: Meeting, body: AgendaItemIn, principal: Principal,
                   directory: Directory) -> AgendaItem:
    ensure_status(meeting, AGENDA_OPEN, "change the agenda")
    await directory.ensure_units(meeting.region_code, {"body.presenter_unit_id": body.presenter_unit_id})
    current = await repo.items(session, meeting.id)
    if body.problem_id is not None and any(i.problem_id == body.problem_id for i in current):
        raise ProblemAlreadyOnAgenda("That problem is already on the agenda.")
    item = AgendaItem(
        meeting_id=meeting.id, position=0, source=AgendaSource.manual.value,
        **body.model_dump(exclude={"position"}), created_by=principal.sub, created_at=utcnow(),
    )
    at = min(body.position or len(current) + 1, len(current) + 1)
    current.insert(at - 1, item)
    for position, row in enumerate(current, start=1):
        row.position = position
    session.add(item)
    await session.flush()
    return item


async def patch_item(session: AsyncSession, meeting: Meeting, item: AgendaItem, body: AgendaItemPatch,
                     directory: Directory) -> None:
    ensure_status(meeting, AGENDA_OPEN, "change the agenda")
    changes = body.model_dump(exclude_unset=True)
    if "presenter_unit_id" in changes:
        await directory.ensure_units(meeting.region_code, {"body.presenter_unit_id": body.presenter_unit_id})
    for key, value in changes.items():
        if value is None and key != "presenter_unit_id":
            continue
        setattr(item, key, value)
    await session.flush()


async def remove_item(session: AsyncSession, meeting: Meeting, item: AgendaItem) -> None:
    ensure_status(meeting, AGENDA_OPEN, "change the agenda")
    await session.delete(item)
    await session.flush()
    for position, row in enumerate(await repo.items(session, meeting.id), start=1):
        row.position = position


async def reorder(session: AsyncSession, meeting: Meeting, item_ids: list[uuid.UUID]) -> list[AgendaItem]:
    ensure_status(meeting, AGENDA_OPEN, "change the agenda")
    current = await repo.items(session, meeting.id)
    by_id = {i.id: i for i in current}
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(by_id):
        raise NotAPermutation("List every item of the agenda exactly once.", field="body.item_ids")
    for position, item_id in enumerate(item_ids, start=1):
        by_id[item_id].position = position
    await session.flush()
    return [by_id[i] for i in item_ids]


# ---------------------------------------------------------------- submissions


async def submit(session: AsyncSession, meeting: Meeting, body: SubmissionIn, unit_id: uuid.UUID,
                 principal: Principal) -> Submission:
    """A unit's submission for the meeting, before the agenda is frozen; late after the due date."""
    ensure_status(meeting, AGENDA_OPEN, "submit for the agenda")
    if await scheduling_repo.invitation(session, meeting.id, unit_id) is None and unit_id != meeting.convener_unit_id:
        raise UnitNotInvited("That unit is not invited to the meeting.", field="body.unit_id")
    if not (body.progress or body.problems or body.requests).strip():
        raise EmptySubmission("Give the progress, the problems or the requests.", field="body.progress")
    on = today()
    submission = Submission(
        meeting_id=meeting.id, region_code=meeting.region_code, unit_id=unit_id, project_id=body.project_id,
        progress=body.progress, problems=body.problems, requests=body.requests,
        status=SubmissionStatus.submitted.value,
        is_late=meeting.submission_due_date is not None and on > meeting.submission_due_date,
        submitted_by=principal.sub, submitted_at=utcnow(),
    )
    session.add(submission)
    await session.flush()
    return submission


async def decide(session: AsyncSession, meeting: Meeting, submission: Submission, body: SubmissionDecision,
                 principal: Principal, directory: Directory) -> AgendaItem | None:
    """The leader approves (it goes on the agenda) or sends it back, once."""
    if submission.status != SubmissionStatus.submitted.value:
        raise StepNotAllowed(f"The submission is already {submission.status}.")
    if body.approve:
        ensure_status(meeting, AGENDA_OPEN, "put a submission on the agenda")
    submission.status = (SubmissionStatus.approved if body.approve else SubmissionStatus.rejected).value
    submission.decided_by, submission.decided_at, submission.decision_note = principal.sub, utcnow(), body.note
    if not body.approve:
        await session.flush()
        return None
    names = await directory.unit_names(meeting.region_code)
    parts = [(label, text) for label, text in (("进展情况", submission.progress), ("存在问题", submission.problems),
                                              ("需协调事项", submission.requests)) if text]
    count = await repo.item_count(session, meeting.id)
    item = AgendaItem(
        meeting_id=meeting.id, position=count + 1, source=AgendaSource.submission.value,
        project_id=submission.project_id, title=f"{names.get(submission.unit_id, '')}报送事项",
        description="\n".join(f"{label}：{text}" for label, text in parts), presenter_unit_id=submission.unit_id,
        submission_id=submission.id, created_by=principal.sub, created_at=utcnow(),
    )
    session.add(item)
    await session.flush()
    return item


# ---------------------------------------------------------------- the ladder, from the issues service's events

AGENDA_OPEN_VALUES = tuple(s.value for s in AGENDA_OPEN)


async def _renumber(session: AsyncSession, meeting_id: uuid.UUID) -> None:
    await session.flush()
    for position, row in enumerate(await repo.items(session, meeting_id), start=1):
        row.position = position


async def _leave_open_agendas(session: AsyncSession, problem_id: uuid.UUID, *,
                              keep_type: MeetingType | None = None) -> int:
    """The problem leaves the agendas still open of meetings not of ``keep_type``; returns how many."""
    left = 0
    for item, meeting in await repo.problem_on_agendas(session, problem_id, AGENDA_OPEN_VALUES):
        if keep_type is not None and meeting.meeting_type == keep_type.value:
            continue
        await session.delete(item)
        await _renumber(session, meeting.id)
        left += 1
    return left


def _draft_of(payload: dict[str, Any], level: str, system_id: uuid.UUID | None) -> builder.ItemDraft | None:
    """The agenda item an escalation event describes (the event names the unit as ``unit_id``)."""
    problem = {**payload, "responsible_unit_id": payload.get("responsible_unit_id") or payload.get("unit_id")}
    drafts = builder.problem_items([problem], level=level, system_id=system_id)
    return drafts[0] if drafts else None


async def _with_project(payload: dict[str, Any], directory: Directory | None) -> dict[str, Any]:
    """The event with its project's code and name: from the event when it carries them, else from the registry
    (when the registry cannot answer, the item is titled 问题协调 until the next build refreshes it)."""
    if payload.get("project_code") or directory is None or not payload.get("project_id"):
        return payload
    try:
        project = await directory.project(uuid.UUID(str(payload["project_id"])))
    except ProblemError:
        return payload
    return {**payload, "project_code": project.get("code", ""), "project_name": project.get("name", "")}


async def problem_escalated(session: AsyncSession, payload: dict[str, Any], on: date, by: str,
                            directory: Directory | None = None) -> AgendaItem | None:
    """A problem sent up to a level that a kind of meeting takes up (the region's meeting series, policy
    ``meeting_series``: by default 体系例会 and 县委县政府项目例会) joins the agenda of the region's
    next meeting of that kind (of its system, for a system meeting) whose agenda is still open, at the end;
    it leaves the open agendas of the meetings of the level it left. None when no such meeting is planned (the
    agenda build of a later meeting takes it up then)."""
    problem_id = uuid.UUID(str(payload["problem_id"]))
    level = str(payload.get("level") or "")
    kind = (await series_policy(session, str(payload["region_code"]), on)).meeting_for(level)
    await _leave_open_agendas(session, problem_id, keep_type=kind)
    system_id = builder.as_uuid(payload.get("system_id")) if kind is MeetingType.system_meeting else None
    if kind is None or (kind is MeetingType.system_meeting and system_id is None):
        return None
    meeting = await repo.next_open_meeting(session, str(payload["region_code"]), kind.value, system_id, on,
                                           AGENDA_OPEN_VALUES)
    if meeting is None:
        return None
    draft = _draft_of(await _with_project(payload, directory), level, system_id)
    if draft is None:
        return None
    found = await repo.problem_item(session, meeting.id, problem_id)
    if found is not None:
        if found.source == AgendaSource.problem.value:
            _apply(found, draft)
        return found
    item = _new_item(meeting, draft, by, utcnow())
    item.position = await repo.item_count(session, meeting.id) + 1
    session.add(item)
    await session.flush()
    return item


async def problem_settled(session: AsyncSession, payload: dict[str, Any]) -> int:
    """A problem resolved or closed (销号) before its meeting is held leaves every agenda still open; a frozen
    agenda stays as it was sent (the minutes record the outcome). Returns how many agendas it left."""
    return await _leave_open_agendas(session, uuid.UUID(str(payload["problem_id"])))
