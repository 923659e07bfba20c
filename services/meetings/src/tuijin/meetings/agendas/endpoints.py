"""Routes of agendas: build from the issues service and the registry, manual items, order, presenters and
durations; units' submissions and their leader's approval."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from tuijin.kernel.auth import CurrentPrincipal, Role
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    invalid_field,
    problem_responses,
)
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings.access import ensure_manager, is_office_of, is_region_wide, unit_of
from tuijin.meetings.agendas import repository as repo
from tuijin.meetings.agendas import service
from tuijin.meetings.agendas.models import AgendaItem, Submission
from tuijin.meetings.agendas.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AgendaOrder,
    SubmissionDecision,
    SubmissionIn,
    SubmissionOut,
)
from tuijin.meetings.deps import VisibleMeeting, directory
from tuijin.meetings.upstream import BadGateway

router = APIRouter(prefix="/api/v1/meetings/{meeting_id}", tags=["agendas"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, BadGateway, ServiceUnavailable)


async def _item(session, meeting_id: uuid.UUID, item_id: uuid.UUID) -> AgendaItem:
    found = await repo.item(session, meeting_id, item_id)
    if found is None:
        raise NotFound("No such agenda item.", code="agenda_item_not_found")
    return found


@router.get("/agenda", summary="A meeting's agenda", responses=READ)
async def get_agenda(meeting: VisibleMeeting, session: SessionDep) -> list[AgendaItemOut]:
    """The items in order, each with its source, presenter and duration."""
    return [AgendaItemOut.model_validate(i) for i in await repo.items(session, meeting.id)]


@router.post("/agenda/builds", summary="Build the agenda from what is stuck", responses=WRITE)
async def build_agenda(meeting: VisibleMeeting, request: Request, session: SessionDep,
                       principal: CurrentPrincipal) -> list[AgendaItemOut]:
    """Built, not typed. A system meeting: the open problems at the system-meeting level of its system (issues
    service); a county meeting: the progress summary (registry statistics) and the problems at the
    county-meeting level; a joint approval meeting (联审联批): the projects with unfinished or overdue procedures
    (registry). Projects with nothing stuck do not come. Building again refreshes: items no longer stuck leave,
    new ones come, the rest keep their place, presenter and duration; manual items and approved submissions
    stay. Before the agenda is frozen; the office or the convening unit. 502/503 when a service cannot answer
    (nothing changes)."""
    ensure_manager(principal, meeting)
    items = await service.build(session, meeting, directory(request), principal)
    return [AgendaItemOut.model_validate(i) for i in items]


@router.post("/agenda/items", status_code=201, summary="Add an agenda item by hand", responses=WRITE)
async def add_agenda_item(meeting: VisibleMeeting, body: AgendaItemIn, request: Request, session: SessionDep,
                          principal: CurrentPrincipal) -> AgendaItemOut:
    """A manual item at ``position`` (last if omitted). Before the agenda is frozen; the office or the convener."""
    ensure_manager(principal, meeting)
    item = await service.add_item(session, meeting, body, principal, directory(request))
    return AgendaItemOut.model_validate(item)


@router.patch("/agenda/items/{item_id}", summary="Change an agenda item", responses=WRITE)
async def patch_agenda_item(meeting: VisibleMeeting, item_id: uuid.UUID, body: AgendaItemPatch, request: Request,
                            session: SessionDep, principal: CurrentPrincipal) -> AgendaItemOut:
    """Title, description, presenter and duration, before the agenda is frozen."""
    ensure_manager(principal, meeting)
    item = await _item(session, meeting.id, item_id)
    await service.patch_item(session, meeting, item, body, directory(request))
    return AgendaItemOut.model_validate(item)


@router.delete("/agenda/items/{item_id}", status_code=204, summary="Remove an agenda item", responses=WRITE)
async def delete_agenda_item(meeting: VisibleMeeting, item_id: uuid.UUID, session: SessionDep,
                             principal: CurrentPrincipal) -> Response:
    """Before the agenda is frozen (a built item comes back at the next build if it is still stuck)."""
    ensure_manager(principal, meeting)
    await service.remove_item(session, meeting, await _item(session, meeting.id, item_id))
    return Response(status_code=204)


@router.put("/agenda/order", summary="Reorder the agenda", responses=WRITE)
async def reorder_agenda(meeting: VisibleMeeting, body: AgendaOrder, session: SessionDep,
                         principal: CurrentPrincipal) -> list[AgendaItemOut]:
    """Every item once, in the new order. Before the agenda is frozen."""
    ensure_manager(principal, meeting)
    return [AgendaItemOut.model_validate(i) for i in await service.reorder(session, meeting, body.item_ids)]


# ---------------------------------------------------------------- submissions


@router.post("/submissions", status_code=201, summary="Submit progress, problems and requests", responses=WRITE)
async def submit_for_agenda(meeting: VisibleMeeting, body: SubmissionIn, session: SessionDep,
                            principal: CurrentPrincipal) -> SubmissionOut:
    """An invited unit's submission for the meeting (郸城: collected around the 20th, sent a week ahead): its
    progress, problems and requests. Marked late after the meeting's submission due date; refused once the
    agenda is frozen. A unit submits for itself; the office may submit for a unit."""
    own = unit_of(principal)
    if is_office_of(principal, meeting.region_code):
        unit_id = body.unit_id or own
    elif own is not None and body.unit_id in (None, own):
        unit_id = own
    else:
        raise Forbidden("A unit submits for itself.", code="unit_forbidden")
    if unit_id is None:
        raise invalid_field("body.unit_id", "Name the unit the submission is for.", "unit_required")
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


@router.post("/submissions/{submission_id}/decision", summary="Approve or return a submission", responses=WRITE)
async def decide_submission(meeting: VisibleMeeting, submission_id: uuid.UUID, body: SubmissionDecision,
                            request: Request, session: SessionDep, principal: CurrentPrincipal) -> SubmissionOut:
    """The unit's leader (a leader of the region) or the office approves it — it then goes on the agenda as an
    item presented by the unit — or returns it with a note. Once."""
    submission = await session.get(Submission, submission_id)
    if submission is None or submission.meeting_id != meeting.id:
        raise NotFound("No such submission.", code="submission_not_found")
    if not (is_office_of(principal, meeting.region_code) or (
            Role.leader in principal.roles and principal.can_see_region(meeting.region_code)) or principal.is_admin):
        raise Forbidden("The unit's leader or the office approves a submission.", code="leader_required")
    await service.decide(session, meeting, submission, body, principal, directory(request))
    return SubmissionOut.model_validate(submission)
