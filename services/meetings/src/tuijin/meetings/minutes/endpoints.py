"""Routes of minutes (会议纪要) and decided items (议定事项): the draft, its publication, addenda, the
decided items by owner unit and status, their follow-up, the per-unit counts and the exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import business_date, today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.documents.word import DocumentKind, fetch_format
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings import documents as kit
from tuijin.meetings.access import (
    MANAGER_PROBLEMS,
    decided_item_visibility,
    ensure_manager,
    ensure_region_reader,
)
from tuijin.meetings.agendas import repository as agenda_repo
from tuijin.meetings.deps import (
    MEETING_PROBLEMS,
    PERIOD_PROBLEMS,
    UPSTREAM_PROBLEMS,
    DateFrom,
    DateTo,
    Month,
    RegionCode,
    VisibleDecidedItem,
    VisibleMeeting,
    directory,
    period,
)
from tuijin.meetings.errors import (
    StepNotAllowed,
    UnitForbidden,
    UnknownUnit,
)
from tuijin.meetings.minutes import documents, service
from tuijin.meetings.minutes import repository as repo
from tuijin.meetings.minutes.enums import DecidedItemStatus, MinutesStatus
from tuijin.meetings.minutes.errors import (
    DecidedItemNotFound,
    InvalidMinutes,
    MinutesAlreadyPublished,
    MinutesMissing,
    MinutesNotFound,
    NoteRequired,
    OfficeRequired,
    OutcomesMissing,
)
from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.minutes.schemas import (
    AddendumIn,
    AddendumOut,
    DecidedItemDetail,
    DecidedItemOut,
    DecidedItemStats,
    FollowUpIn,
    FollowUpOut,
    MinutesIn,
    MinutesOut,
    ProjectDecidedStats,
    UnitDecidedStats,
)
from tuijin.meetings.scheduling.errors import MeetingNotFound

meeting_router = APIRouter(prefix="/api/v1/meetings/{meeting_id}", tags=["minutes"])
router = APIRouter(prefix="/api/v1/decided-items", tags=["decided items"])

MANAGE = (*MEETING_PROBLEMS, *MANAGER_PROBLEMS, StepNotAllowed)
DECIDED = (Unauthorized, RoleRequired, DecidedItemNotFound)  # a decided item the caller may see


@meeting_router.put("/minutes", summary="Write the draft minutes",
                    responses=problem_responses(*MANAGE, MinutesAlreadyPublished, InvalidMinutes, UnknownUnit,
                                                *UPSTREAM_PROBLEMS))
async def put_minutes(if_match: IfMatchOptional, etag: SendsETag, meeting: VisibleMeeting, body: MinutesIn,
                      request: Request, session: SessionDep, principal: CurrentPrincipal) -> MinutesOut:
    """The draft as a whole: the summary, per agenda item the outcome (solved on the spot, assigned to a unit
    with a deadline, sent up a level, deferred), further decided items, and the distribution list. Only for a
    held meeting (422 ``step_not_allowed`` before; 409 once published). The office or the convening unit.
    Replacing an existing draft needs ``If-Match`` with the ``ETag`` of the minutes read (428 without, 412 when
    someone changed them since); the first draft needs none."""
    ensure_manager(principal, meeting)
    existing = await repo.of_meeting(session, meeting.id)
    if existing is not None and existing.status != MinutesStatus.published.value:  # published: 409 below
        if_match.check(existing.version, required=True)
    minutes = await service.save_draft(session, meeting, body, principal, directory(request))
    etag(minutes.version)
    return await service.minutes_out(session, minutes, today())


@meeting_router.get("/minutes", summary="A meeting's minutes",
                    responses=problem_responses(Unauthorized, MeetingNotFound, MinutesNotFound))
async def get_minutes(etag: SendsETag, meeting: VisibleMeeting, session: SessionDep) -> MinutesOut:
    """The draft or the published minutes with their outcomes, decided items and addenda. The ``ETag`` is what
    a replacement of the draft sends back as ``If-Match``."""
    minutes = await repo.of_meeting(session, meeting.id)
    if minutes is None:
        raise MinutesNotFound("The meeting has no minutes yet.")
    etag(minutes.version)
    return await service.minutes_out(session, minutes, today())


@meeting_router.post("/minutes/publication", summary="Publish the minutes",
                     responses=problem_responses(*MANAGE, MinutesMissing, MinutesAlreadyPublished, OutcomesMissing,
                                                 *UPSTREAM_PROBLEMS))
async def publish_minutes(meeting: VisibleMeeting, request: Request, session: SessionDep,
                          principal: CurrentPrincipal) -> MinutesOut:
    """One transaction: the minutes are frozen, their decided items created, the meeting becomes
    minutes_published and one ``minutes.published`` event goes to the issues service (which applies each
    decision to its problem exactly once, whenever it is reachable) and to scoring. Every problem on the agenda
    needs an outcome. Publishing again is refused (409 ``minutes_already_published``); send an
    ``Idempotency-Key`` to retry a request whose answer was lost and get the same answer. The office or the
    convening unit."""
    ensure_manager(principal, meeting)
    minutes = await service.publish(session, meeting, principal, directory(request))
    return await service.minutes_out(session, minutes, today())


@meeting_router.post("/minutes/addenda", status_code=201, summary="Correct published minutes",
                     responses=problem_responses(*MANAGE))
async def add_addendum(meeting: VisibleMeeting, body: AddendumIn, session: SessionDep,
                       principal: CurrentPrincipal) -> AddendumOut:
    """Published minutes do not change: a correction is an addendum, numbered in order."""
    ensure_manager(principal, meeting)
    addendum = await service.add_addendum(session, await repo.of_meeting(session, meeting.id), body.text, principal)
    return AddendumOut.model_validate(addendum)


@meeting_router.get("/minutes.docx", summary="The minutes as .docx", response_class=Response,
                    responses={**kit.DOCX_RESPONSE,
                               **problem_responses(Unauthorized, MeetingNotFound, MinutesNotFound, *UPSTREAM_PROBLEMS)})
async def minutes_docx(meeting: VisibleMeeting, request: Request, session: SessionDep) -> Response:
    """会议纪要 as a Word document in the 纪要 format (GB/T 9704): the red 纪要 mark, the 字号 (published minutes
    only, numbered in the region's yearly sequence at the first download), the decided items as a table, the
    addenda, and the 版记 with the distribution and the 印发 date in Chinese; a section with nothing in it is left
    out. A draft is marked 草稿 and has no 字号."""
    minutes = await repo.of_meeting(session, meeting.id)
    if minutes is None:
        raise MinutesNotFound("The meeting has no minutes yet.")
    names = await directory(request).unit_names(meeting.region_code)
    out = await service.minutes_out(session, minutes, today())
    if out.published_at is not None:
        fmt, number, on = await kit.numbered(session, request, meeting.region_code, DocumentKind.minutes,
                                             f"minutes:{minutes.id}", business_date(out.published_at))
    else:
        fmt, number, on = await fetch_format(request.app.state.upstreams, meeting.region_code, today().year), "", None
    content = documents.minutes_document(meeting, out, await agenda_repo.items(session, meeting.id), names, fmt,
                                         number, on)
    return kit.docx_attachment(content, f"{meeting.title}{meeting.meeting_date}会议纪要.docx",
                               f"minutes-{meeting.meeting_date}-{meeting.id}.docx")


# ---------------------------------------------------------------- decided items


def _filters(region_code, owner_unit_id, status, overdue, meeting_id, due_from, due_to) -> repo.DecidedFilters:
    return repo.DecidedFilters(region_code=region_code, owner_unit_id=owner_unit_id,
                               status=status.value if status else None, overdue=overdue, meeting_id=meeting_id,
                               due_from=due_from, due_to=due_to)


Overdue = Annotated[bool | None, Query(description="true: open and past the due date")]
EXPORT_LIMIT = 10_000


@router.get("", summary="Decided items by owner unit and status", responses=problem_responses(
    Unauthorized, RoleRequired))
async def list_decided_items(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode | None = None,
    owner_unit_id: uuid.UUID | None = None, status: DecidedItemStatus | None = None, overdue: Overdue = None,
    meeting_id: uuid.UUID | None = None, due_from: DateFrom = None, due_to: DateTo = None,
    project_id: uuid.UUID | None = None,
) -> Page[DecidedItemOut]:
    """Decided items by due date, filtered by owner unit, status, overdue, meeting, project or due period. A
    unit sees the items it owns; the region's readers see all."""
    on = today()
    filters = _filters(region_code, owner_unit_id, status, overdue, meeting_id, due_from, due_to)
    filters.project_id = project_id
    stmt = repo.decided_list_query(filters, decided_item_visibility(principal), on)
    rows, cursor = await paginate(session, stmt, order=[DecidedItem.due_date, DecidedItem.id], params=page)
    return Page(items=[service.decided_out(r, on) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/stats", summary="Decided items per owner unit (scoring input)",
            responses=problem_responses(*PERIOD_PROBLEMS, RegionForbidden, RoleRequired))
async def decided_item_stats(
    session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode, date_from: DateFrom = None,
    date_to: DateTo = None, month: Month = None,
) -> DecidedItemStats:
    """Per owner unit, and per project for the items that name one, over the items due in the period: due, done
    on time, done late, overdue (past due and not done by then) and still open past due — aggregated in the
    database. Readers of the region and scoring."""
    ensure_region_reader(principal, region_code, "The region's readers and the scoring service read these counts.")
    date_from, date_to = period(date_from, date_to, month=month, required=True)
    on = today()
    rows = await repo.unit_stats(session, region_code, date_from, date_to, on)
    by_project = await repo.unit_stats(session, region_code, date_from, date_to, on, by="project")
    return DecidedItemStats(region_code=region_code, date_from=date_from, date_to=date_to, as_of=on,
                            units=[UnitDecidedStats(**r) for r in rows],
                            projects=[ProjectDecidedStats(**r) for r in by_project])


@router.get("/export.xlsx", summary="Decided items as .xlsx", response_class=Response,
            responses={**kit.XLSX_RESPONSE,
                       **problem_responses(Unauthorized, RegionForbidden, RoleRequired, *UPSTREAM_PROBLEMS)})
async def export_decided_items(
    request: Request, session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
    owner_unit_id: uuid.UUID | None = None, status: DecidedItemStatus | None = None, overdue: Overdue = None,
    meeting_id: uuid.UUID | None = None, due_from: DateFrom = None, due_to: DateTo = None,
) -> Response:
    """The list of ``GET /api/v1/decided-items`` (one region, up to 10 000 rows) as a workbook (议定事项清单)."""
    ensure_region(principal, region_code)
    on = today()
    filters = _filters(region_code, owner_unit_id, status, overdue, meeting_id, due_from, due_to)
    rows = await repo.decided_for_export(session, filters, decided_item_visibility(principal), on, EXPORT_LIMIT)
    names = await directory(request).unit_names(region_code)
    region = await region_name(request.app.state.upstreams, region_code)
    content = await run_in_threadpool(documents.decided_items_workbook, [service.decided_out(r, on) for r in rows],
                                      names, on, region=region)
    return kit.attachment(content, f"{region}议定事项清单{on}.xlsx", f"decided-items-{region_code}-{on}.xlsx")


@router.get("/{item_id}", summary="A decided item with its follow-up", responses=problem_responses(*DECIDED))
async def get_decided_item(item: VisibleDecidedItem, session: SessionDep) -> DecidedItemDetail:
    """The item and every step of its follow-up (跟踪督查)."""
    out = service.decided_out(item, today())
    return DecidedItemDetail(**out.model_dump(), follow_ups=[
        FollowUpOut.model_validate(f) for f in await repo.follow_ups(session, item.id)])


@router.post("/{item_id}/follow-ups", status_code=201, summary="Follow up a decided item",
             responses=problem_responses(*DECIDED, OfficeRequired, UnitForbidden, StepNotAllowed, NoteRequired))
async def follow_up_decided_item(item: VisibleDecidedItem, body: FollowUpIn, session: SessionDep,
                                 principal: CurrentPrincipal) -> DecidedItemOut:
    """progress (a note), done (open → done, by the owner unit or the office; published as
    ``decided_item.done``), verify (done → verified) and reopen (done → open, with the note) by the office only."""
    await service.follow_up(session, item, body, principal, today())
    return service.decided_out(item, today())
