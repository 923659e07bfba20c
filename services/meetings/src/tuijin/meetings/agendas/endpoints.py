"""Routes of agendas: build from the issues service and the registry, manual items, order, presenters and
durations; units' submissions and their leader's approval. The agenda is one resource: its ``ETag`` (a hash
of the items as read) guards the edits of an item and the order."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings.access import (
    MANAGER_PROBLEMS,
    acting_unit,
    ensure_leader_or_office,
    ensure_manager,
    is_region_wide,
    unit_of,
)
from tuijin.meetings.agendas import repository as repo
from tuijin.meetings.agendas import service
from tuijin.meetings.agendas.errors import (
    AgendaItemNotFound,
    EmptySubmission,
    LeaderRequired,
    NotAPermutation,
    ProblemAlreadyOnAgenda,
    SubmissionNotFound,
)
from tuijin.meetings.agendas.models import Submission
from tuijin.meetings.agendas.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AgendaOrder,
    SubmissionDecision,
    SubmissionIn,
    SubmissionOut,
)
from tuijin.meetings.deps import (
    MEETING_PROBLEMS,
    UPSTREAM_PROBLEMS,
    VisibleMeeting,
    content_etag,
    directory,
    issues,
)
from tuijin.meetings.errors import (
    StepNotAllowed,
    UnitForbidden,
    UnitNotInvited,
    UnitRequired,
    UnknownUnit,
)
from tuijin.meetings.scheduling.errors import MeetingNotFound

router = APIRouter(prefix="/api/v1/meetings/{meeting_id}", tags=["agendas"])

READ = problem_responses(*MEETING_PROBLEMS)
MANAGE = (*MEETING_PROBLEMS, *MANAGER_PROBLEMS, StepNotAllowed)
BOUNDED = ("Bounded: the items of one meeting's agenda (what is stuck at its level, a few dozen at most; "
           "at most 500 items can be ordered).")


async def _agenda(session: AsyncSession, meeting_id: uuid.UUID) -> list[AgendaItemOut]:
    return [AgendaItemOut.model_validate(i) for i in await repo.items(session, meeting_id)]


async def _item(session: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID):
    found = await repo.item(session, meeting_id, item_id)
    if found is None:
        raise AgendaItemNotFound("No such agenda item.")
    return found


@router.get("/agenda", summary="A meeting's agenda", responses=READ, description=(
    "The items in order, each with its source, presenter and duration; the ``ETag`` is what an edit of an item "
    "or of the order sends as ``If-Match``. " + BOUNDED))
async def get_agenda(etag: SendsETag, meeting: VisibleMeeting, session: SessionDep) -> list[AgendaItemOut]:
    agenda = await _agenda(session, meeting.id)
    etag(content_etag(agenda))
    return agenda


@router.post("/agenda/builds", summary="Build the agenda from what is stuck",
             responses=problem_responses(*MANAGE, *UPSTREAM_PROBLEMS))
async def build_agenda(etag: SendsETag, meeting: VisibleMeeting, request: Request, session: SessionDep,
                       principal: CurrentPrincipal) -> list[AgendaItemOut]:
    """Built, not typed. A system meeting: the open problems at the system-meeting level of its system (issues
    service); a county meeting: the progress summary (registry statistics) and the problems at the
    county-meeting level; a joint approval meeting (联审联批): the projects with unfinished or overdue procedures
    (registry). Projects with nothing stuck do not come. Building again refreshes: items no longer stuck leave,
    new ones come, the rest keep their place, presenter and duration; manual items and approved submissions
    stay. Between builds the agenda follows the ladder's events (a problem escalated to the meeting's level
    joins, one resolved or closed leaves). Before the agenda is frozen; the office or the convening unit.
    502/503 when a service cannot answer (nothing changes). Bounded: one meeting's agenda."""
    ensure_manager(principal, meeting)
    await service.build(session, meeting, directory(request), issues(request), principal)
    agenda = await _agenda(session, meeting.id)
    etag(content_etag(agenda))
    return agenda


@router.post("/agenda/items", status_code=201, summary="Add an agenda item by hand",
             responses=problem_responses(*MANAGE, UnknownUnit, ProblemAlreadyOnAgenda, *UPSTREAM_PROBLEMS))
async def add_agenda_item(etag: SendsETag, meeting: VisibleMeeting, body: AgendaItemIn, request: Request,
                          session: SessionDep, principal: CurrentPrincipal) -> AgendaItemOut:
    """A manual item at ``position`` (last if omitted). Before the agenda is frozen; the office or the convener.
    The answer's ``ETag`` is the agenda's."""
    ensure_manager(principal, meeting)
    item = await service.add_item(session, meeting, body, principal, directory(request))
    etag(content_etag(await _agenda(session, meeting.id)))
    return AgendaItemOut.model_validate(item)


@router.patch("/agenda/items/{item_id}", summary="Change an agenda item",
              responses=problem_responses(*MANAGE, AgendaItemNotFound, UnknownUnit, *UPSTREAM_PROBLEMS))
async def patch_agenda_item(if_match: IfMatchRequired, etag: SendsETag, meeting: VisibleMeeting,
                            item_id: uuid.UUID, body: AgendaItemPatch, request: Request, session: SessionDep,
                            principal: CurrentPrincipal) -> AgendaItemOut:
    """Title, description, presenter and duration, before the agenda is frozen. ``If-Match``: the agenda's
    ``ETag`` (428 without, 412 when the agenda changed since it was read). The answer's ``ETag`` is the
    agenda's."""
    ensure_manager(principal, meeting)
    item = await _item(session, meeting.id, item_id)
    if_match.check(content_etag(await _agenda(session, meeting.id)))
    await service.patch_item(session, meeting, item, body, directory(request))
    etag(content_etag(await _agenda(session, meeting.id)))
    return AgendaItemOut.model_validate(item)


@router.delete("/agenda/items/{item_id}", status_code=204, summary="Remove an agenda item",
               responses=problem_responses(*MANAGE, AgendaItemNotFound))
async def delete_agenda_item(meeting: VisibleMeeting, item_id: uuid.UUID, session: SessionDep,
                             principal: CurrentPrincipal) -> Response:
    """Before the agenda is frozen (a built item comes back at the next build if it is still stuck)."""
    ensure_manager(principal, meeting)
    await service.remove_item(session, meeting, await _item(session, meeting.id, item_id))
    return Response(status_code=204)


@router.put("/agenda/order", summary="Reorder the agenda", responses=problem_responses(*MANAGE, NotAPermutation))
async def reorder_agenda(if_match: IfMatchRequired, etag: SendsETag, meeting: VisibleMeeting, body: AgendaOrder,
                         session: SessionDep, principal: CurrentPrincipal) -> list[AgendaItemOut]:
    """Every item once, in the new order, before the agenda is frozen. ``If-Match``: the agenda's ``ETag``
    (428 without, 412 when the agenda changed since it was read). Bounded: one meeting's agenda."""
    ensure_manager(principal, meeting)
    if_match.check(content_etag(await _agenda(session, meeting.id)))
    await service.reorder(session, meeting, body.item_ids)
    agenda = await _agenda(session, meeting.id)
    etag(content_etag(agenda))
    return agenda


# ---------------------------------------------------------------- submissions


@router.post("/submissions", status_code=201, summary="Submit progress, problems and requests",
             responses=problem_responses(Unauthorized, MeetingNotFound, UnitForbidden, UnitRequired, StepNotAllowed,
                                         UnitNotInvited, EmptySubmission))
async def submit_for_agenda(meeting: VisibleMeeting, body: SubmissionIn, session: SessionDep,
                            principal: CurrentPrincipal) -> SubmissionOut:
    """An invited unit's submission for the meeting (郸城: collected around the 20th, sent a week ahead): its
    progress, problems and requests. Marked late after the meeting's submission due date; refused once the
    agenda is frozen. A unit submits for itself; the office may submit for a unit."""
    unit_id = acting_unit(principal, meeting.region_code, body.unit_id, "submission")
    return SubmissionOut.model_validate(await service.submit(session, meeting, body, unit_id, principal))


@router.get("/submissions", summary="Submissions for a meeting", responses=READ)
async def list_submissions(meeting: VisibleMeeting, session: SessionDep, principal: CurrentPrincipal,
                           page: PageParamsDep) -> Page[SubmissionOut]:
    """All of them for the office, the convener and leaders; a unit sees its own."""
    own = unit_of(principal)
    everyone = is_region_wide(principal) or own == meeting.convener_unit_id
    stmt = repo.submissions_query(meeting.id, None if everyone else own)
    rows, cursor = await paginate(session, stmt, order=[Submission.submitted_at, Submission.id], params=page)
    return Page(items=[SubmissionOut.model_validate(s) for s in rows], next_cursor=cursor, limit=page.limit)


@router.post("/submissions/{submission_id}/decision", summary="Approve or return a submission",
             responses=problem_responses(Unauthorized, MeetingNotFound, SubmissionNotFound, LeaderRequired,
                                         StepNotAllowed, *UPSTREAM_PROBLEMS))
async def decide_submission(meeting: VisibleMeeting, submission_id: uuid.UUID, body: SubmissionDecision,
                            request: Request, session: SessionDep, principal: CurrentPrincipal) -> SubmissionOut:
    """The unit's leader (a leader of the region) or the office approves it — it then goes on the agenda as an
    item presented by the unit — or returns it with a note. Once."""
    submission = await repo.submission(session, meeting.id, submission_id)
    if submission is None:
        raise SubmissionNotFound("No such submission.")
    ensure_leader_or_office(principal, meeting.region_code)
    await service.decide(session, meeting, submission, body, principal, directory(request))
    return SubmissionOut.model_validate(submission)
