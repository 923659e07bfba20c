"""Routes of scheduling: meetings, invitations, the lifecycle, rescheduling, the calendar views, the
double-booking report and the notice. The series' routes are in ``series_endpoints.py`` (one file would pass
400 lines)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.documents.word import DocumentKind
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings import documents as kit
from tuijin.meetings.access import (
    MANAGER_PROBLEMS,
    ensure_can_schedule,
    ensure_manager,
    is_region_wide,
    meeting_visibility,
    unit_of,
)
from tuijin.meetings.agendas import repository as agenda_repo
from tuijin.meetings.agendas.schemas import AgendaItemOut
from tuijin.meetings.attendance import repository as attendance_repo
from tuijin.meetings.attendance import service as attendance_service
from tuijin.meetings.attendance.schemas import LeaveOut
from tuijin.meetings.deps import (
    MEETING_PROBLEMS,
    PERIOD_PROBLEMS,
    UPSTREAM_PROBLEMS,
    DateFrom,
    DateTo,
    Month,
    RegionCode,
    VisibleMeeting,
    Week,
    content_etag,
    directory,
    period,
)
from tuijin.meetings.errors import (
    DateInPast,
    DuplicateUnit,
    NotAUnitUser,
    ReasonRequired,
    StepNotAllowed,
    UnknownUnit,
)
from tuijin.meetings.minutes import repository as minutes_repo
from tuijin.meetings.minutes import service as minutes_service
from tuijin.meetings.scheduling import documents, service
from tuijin.meetings.scheduling import repository as repo
from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType
from tuijin.meetings.scheduling.errors import (
    AttendanceRecorded,
    InvitationNotFound,
    MeetingInFuture,
    MeetingNotFound,
    NoInvitations,
    NotMeetingManager,
    SystemRequired,
    UnitMismatch,
    UnknownSystem,
)
from tuijin.meetings.scheduling.models import Meeting
from tuijin.meetings.scheduling.schemas import (
    ChangeOut,
    DoubleBooking,
    InvitationIn,
    InvitationOut,
    MeetingDetail,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    RescheduleIn,
    StatusChangeIn,
)

meetings_router = APIRouter(prefix="/api/v1/meetings", tags=["meetings"])

MANAGE = (*MEETING_PROBLEMS, *MANAGER_PROBLEMS)  # a meeting its managers change


# ---------------------------------------------------------------- meetings (static paths first)


@meetings_router.post("", status_code=201, summary="Plan a meeting",
                      responses=problem_responses(Unauthorized, RegionForbidden, NotMeetingManager, DateInPast,
                                                  SystemRequired, UnknownSystem, UnknownUnit, DuplicateUnit,
                                                  *UPSTREAM_PROBLEMS))
async def create_meeting(
    etag: SendsETag, location: SendsLocation,
    body: MeetingIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> MeetingOut:
    """A meeting outside a series (push meeting, coordination meeting, observation…), planned, with the units
    invited by notice. The office or the convening unit."""
    ensure_can_schedule(principal, body.region_code, body.convener_unit_id)
    meeting = await service.create_meeting(session, body, principal, directory(request), today())
    location(f"/api/v1/meetings/{meeting.id}")
    etag(meeting.version)
    return MeetingOut.model_validate(meeting)


def _list_filters(
    principal, region_code, date_from, date_to, month, week, meeting_type, system_id, status, unit_id, mine,
    series_id,
) -> repo.MeetingFilters:
    date_from, date_to = period(date_from, date_to, month=month, week=week)
    if mine:
        unit_id = unit_of(principal)
        if unit_id is None:
            raise NotAUnitUser("`mine` is for unit users; give `unit_id` instead.",
                               errors=[{"field": "query.mine", "message": "not a unit user", "type": "not_a_unit"}])
    return repo.MeetingFilters(
        region_code=region_code, date_from=date_from, date_to=date_to,
        meeting_type=meeting_type.value if meeting_type else None, system_id=system_id,
        status=status.value if status else None, unit_id=unit_id, series_id=series_id,
    )


@meetings_router.get("", summary="The meeting calendar", responses=problem_responses(*PERIOD_PROBLEMS, NotAUnitUser))
async def list_meetings(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: RegionCode | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    month: Month = None,
    week: Week = None,
    meeting_type: MeetingType | None = None,
    system_id: uuid.UUID | None = None,
    status: MeetingStatus | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="meetings the unit convenes or is invited to")] = None,
    mine: Annotated[bool, Query(description="the caller's unit's meetings (我的会议)")] = False,
    series_id: uuid.UUID | None = None,
    project_id: Annotated[uuid.UUID | None, Query(
        description="meetings that took up the project (on the agenda or in a decided item)")] = None,
    person_id: Annotated[uuid.UUID | None, Query(
        description="meetings the person (registry id) chairs or is expected to attend, e.g. a county leader's "
                    "(县级责任领导主持或参加的会议)")] = None,
) -> Page[MeetingOut]:
    """Meetings the caller may see in date and time order: by week (``week=2026-W42``), by month
    (``month=2026-10``) or any period, by unit ("my meetings"), by system, type or status. Keyset-paginated."""
    filters = _list_filters(principal, region_code, date_from, date_to, month, week, meeting_type, system_id,
                            status, unit_id, mine, series_id)
    filters.project_id = project_id
    filters.person_id = person_id
    stmt = repo.meeting_list_query(filters, meeting_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Meeting.starts_at, Meeting.id], params=page)
    return Page(items=[MeetingOut.model_validate(m) for m in rows], next_cursor=cursor, limit=page.limit)


@meetings_router.get("/double-bookings", summary="Double-booked chairs and units",
                     responses=problem_responses(*PERIOD_PROBLEMS, RegionForbidden))
async def list_double_bookings(
    session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode, date_from: DateFrom = None,
    date_to: DateTo = None, month: Month = None, week: Week = None, meeting_id: uuid.UUID | None = None,
) -> list[DoubleBooking]:
    """Pairs of overlapping meetings (not cancelled) of the region in the period with the same chair, or the
    same unit convening or invited: someone cannot be in both. ``meeting_id`` limits the report to one meeting.
    Bounded: one region, a period of at most two years, and only the pairs that overlap."""
    ensure_region(principal, region_code)
    date_from, date_to = period(date_from, date_to, month=month, week=week, required=True)
    return await service.double_bookings(session, region_code, date_from, date_to, meeting_id)


@meetings_router.get("/export.xlsx", summary="The meeting list as .xlsx", response_class=Response,
                     responses={**kit.XLSX_RESPONSE,
                                **problem_responses(*PERIOD_PROBLEMS, NotAUnitUser, RegionForbidden,
                                                    *UPSTREAM_PROBLEMS)})
async def export_meetings(
    request: Request, session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
    date_from: DateFrom = None, date_to: DateTo = None, month: Month = None, week: Week = None,
    meeting_type: MeetingType | None = None, system_id: uuid.UUID | None = None, status: MeetingStatus | None = None,
) -> Response:
    """The meetings of ``GET /api/v1/meetings`` in a period (at most two years) as a workbook."""
    ensure_region(principal, region_code)
    filters = _list_filters(principal, region_code, date_from, date_to, month, week, meeting_type, system_id,
                            status, None, False, None)
    if filters.date_from is None or filters.date_to is None:
        period(None, None, required=True)
    meetings = await repo.meetings_for_export(session, filters, meeting_visibility(principal))
    names = await directory(request).unit_names(region_code)
    region = await region_name(request.app.state.upstreams, region_code)
    content = await run_in_threadpool(documents.meetings_workbook, meetings, names, filters.date_from,
                                      filters.date_to, region=region)
    return kit.attachment(content, f"{region}会议安排{filters.date_from}至{filters.date_to}.xlsx",
                          f"meetings-{region_code}-{filters.date_from}-{filters.date_to}.xlsx")


@meetings_router.get("/{meeting_id}", summary="A meeting with its agenda, attendance and minutes",
                     responses=problem_responses(Unauthorized, MeetingNotFound))
async def get_meeting(etag: SendsETag, meeting: VisibleMeeting, session: SessionDep,
                      principal: CurrentPrincipal) -> MeetingDetail:
    """Everything about one meeting in one read: the meeting, its invited units, agenda, leave requests,
    attendance, minutes with outcomes, addenda and decided items, and its record of steps. ETag of the meeting.
    The leave requests are those ``GET …/leave-requests`` shows the caller: all of them for the office, the
    convener and the region's readers, an invited unit its own (another unit's reasons are not its to read)."""
    etag(meeting.version)
    minutes = await minutes_repo.of_meeting(session, meeting.id)
    own = unit_of(principal)
    everyone = is_region_wide(principal) or own == meeting.convener_unit_id
    return MeetingDetail(
        **MeetingOut.model_validate(meeting).model_dump(),
        invitations=[InvitationOut.model_validate(i) for i in await repo.invitations(session, meeting.id)],
        agenda=[AgendaItemOut.model_validate(i) for i in await agenda_repo.items(session, meeting.id)],
        leave_requests=[LeaveOut.model_validate(x)
                        for x in await attendance_repo.leaves(session, meeting.id, None if everyone else own)],
        attendance=await attendance_service.meeting_attendance(session, meeting),
        minutes=await minutes_service.minutes_out(session, minutes, today()) if minutes else None,
        changes=[ChangeOut.model_validate(c) for c in await repo.changes(session, meeting.id)],
    )


@meetings_router.patch("/{meeting_id}", summary="Change a meeting", responses=problem_responses(*MANAGE,
                                                                                               StepNotAllowed))
async def patch_meeting(
    if_match: IfMatchRequired, etag: SendsETag,
    meeting: VisibleMeeting, body: MeetingPatch, session: SessionDep, principal: CurrentPrincipal,
) -> MeetingOut:
    """Title, chair, place, duration or the submission due date of a meeting not yet held (If-Match required).
    The office or the convening unit."""
    ensure_manager(principal, meeting)
    if_match.check(meeting.version)
    service.patch_meeting(meeting, body)
    await session.flush()
    etag(meeting.version)
    return MeetingOut.model_validate(meeting)


@meetings_router.post("/{meeting_id}/status-changes", status_code=201, summary="Move a meeting to its next step",
                      responses=problem_responses(*MANAGE, StepNotAllowed, NoInvitations, MeetingInFuture,
                                                  ReasonRequired))
async def change_meeting_status(
    if_match: IfMatchOptional, etag: SendsETag,
    meeting: VisibleMeeting, body: StatusChangeIn, session: SessionDep, principal: CurrentPrincipal,
) -> MeetingOut:
    """planned → notice_sent (with at least one invited unit) → agenda_frozen → held (on or after the meeting
    date); cancelled with the reason before it is held. Minutes are published with
    ``POST /api/v1/meetings/{id}/minutes/publication``. A step not allowed now is refused (422
    ``step_not_allowed``) and nothing changes. If-Match is checked when sent. The office or the convening unit."""
    ensure_manager(principal, meeting)
    if_match.check(meeting.version)
    await service.change_status(session, meeting, body, principal, today())
    etag(meeting.version)
    return MeetingOut.model_validate(meeting)


@meetings_router.post("/{meeting_id}/reschedulings", status_code=201, summary="Move a meeting",
                      responses=problem_responses(*MANAGE, StepNotAllowed, DateInPast))
async def reschedule_meeting(
    if_match: IfMatchOptional, etag: SendsETag,
    meeting: VisibleMeeting, body: RescheduleIn, session: SessionDep, principal: CurrentPrincipal,
) -> MeetingOut:
    """Another date (and time, place) for a meeting not yet held, with the reason on the meeting's record. Check
    ``GET /api/v1/meetings/double-bookings?meeting_id=`` afterwards. The office or the convening unit."""
    ensure_manager(principal, meeting)
    if_match.check(meeting.version)
    await service.reschedule(session, meeting, body, principal, today())
    etag(meeting.version)
    return MeetingOut.model_validate(meeting)


@meetings_router.get("/{meeting_id}/changes", summary="A meeting's record of steps",
                     responses=problem_responses(Unauthorized, MeetingNotFound))
async def meeting_changes(meeting: VisibleMeeting, session: SessionDep) -> list[ChangeOut]:
    """Every step: created, notice sent, agenda frozen, held, minutes published, cancelled, rescheduled — who,
    when, from what and why. Bounded: the steps of one meeting (a handful, plus one per rescheduling)."""
    return [ChangeOut.model_validate(c) for c in await repo.changes(session, meeting.id)]


@meetings_router.get("/{meeting_id}/invitations", summary="Units invited to a meeting",
                     responses=problem_responses(Unauthorized, MeetingNotFound))
async def list_invitations(meeting: VisibleMeeting, session: SessionDep) -> list[InvitationOut]:
    """Fixed members of the series and units invited by the notice, with the person expected to attend.
    Bounded: one row per invited unit, at most the units of the region."""
    return [InvitationOut.model_validate(i) for i in await repo.invitations(session, meeting.id)]


@meetings_router.get("/{meeting_id}/invitations/{unit_id}", summary="A unit's invitation",
                     responses=problem_responses(Unauthorized, MeetingNotFound, InvitationNotFound))
async def get_invitation(etag: SendsETag, meeting: VisibleMeeting, unit_id: uuid.UUID,
                         session: SessionDep) -> InvitationOut:
    """One invited unit and who is expected to attend, with the ``ETag`` a change of it sends as ``If-Match``."""
    found = await repo.invitation(session, meeting.id, unit_id)
    if found is None:
        raise InvitationNotFound("That unit is not invited.")
    out = InvitationOut.model_validate(found)
    etag(content_etag(out))
    return out


@meetings_router.put("/{meeting_id}/invitations/{unit_id}", summary="Invite a unit",
                     responses=problem_responses(*MANAGE, StepNotAllowed, UnitMismatch, DuplicateUnit, UnknownUnit,
                                                 *UPSTREAM_PROBLEMS))
async def put_invitation(
    if_match: IfMatchOptional, etag: SendsETag, meeting: VisibleMeeting, unit_id: uuid.UUID, body: InvitationIn,
    request: Request, session: SessionDep, principal: CurrentPrincipal,
) -> InvitationOut:
    """Invite a unit (or change who is expected to attend) before the meeting is held; ``unit_id`` in the body
    must match the path. Changing an invitation needs ``If-Match`` with the ``ETag`` of
    ``GET …/invitations/{unit_id}`` (428 without, 412 when it changed since); inviting a new unit needs none.
    The office or the convening unit."""
    ensure_manager(principal, meeting)
    if body.unit_id != unit_id:
        raise UnitMismatch("The body names another unit than the path.", field="body.unit_id")
    found = await repo.invitation(session, meeting.id, unit_id)
    if found is not None:
        if_match.check(content_etag(InvitationOut.model_validate(found)), required=True)
    invitation = await service.put_invitation(session, meeting, unit_id, body, found, directory(request))
    out = InvitationOut.model_validate(invitation)
    etag(content_etag(out))
    return out


@meetings_router.delete("/{meeting_id}/invitations/{unit_id}", status_code=204, summary="Withdraw an invitation",
                        responses=problem_responses(*MANAGE, StepNotAllowed, InvitationNotFound, AttendanceRecorded))
async def delete_invitation(meeting: VisibleMeeting, unit_id: uuid.UUID, session: SessionDep,
                            principal: CurrentPrincipal) -> Response:
    """Before the meeting is held, and not once the unit's attendance is recorded. The office or the convening
    unit."""
    ensure_manager(principal, meeting)
    await service.withdraw_invitation(session, meeting, unit_id)
    return Response(status_code=204)


@meetings_router.get("/{meeting_id}/notice.docx", summary="The meeting notice as .docx", response_class=Response,
                     responses={**kit.DOCX_RESPONSE, **problem_responses(*MEETING_PROBLEMS, *UPSTREAM_PROBLEMS)})
async def notice_docx(meeting: VisibleMeeting, request: Request, session: SessionDep) -> Response:
    """会议通知 as a Word document in the official-document format (GB/T 9704): the region's red header and the
    notice's 字号 (numbered in the region's yearly sequence at the first download and kept after), the invited
    units, time, place, chair, the agenda, the submission due date, the rules (the head attends, no proxies,
    leave asked of the convener), the signature, the date and the 版记."""
    names = await directory(request).unit_names(meeting.region_code)
    fmt, number, on = await kit.numbered(session, request, meeting.region_code, DocumentKind.meeting_notice,
                                         f"meeting_notice:{meeting.id}")
    content = documents.notice_document(meeting, await repo.invitations(session, meeting.id),
                                        await agenda_repo.items(session, meeting.id), names, fmt, number, on)
    return kit.docx_attachment(content, f"关于召开{meeting.title}的通知.docx",
                               f"notice-{meeting.meeting_date}-{meeting.id}.docx")
