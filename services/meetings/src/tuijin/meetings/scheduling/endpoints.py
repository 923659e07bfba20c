"""Routes of scheduling: meeting series (recurrence rules and their expansion), meetings, invitations,
the lifecycle, rescheduling, the calendar views and the double-booking report."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    invalid_field,
    problem_responses,
)
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings.access import (
    can_manage,
    ensure_manager,
    ensure_office_of,
    meeting_visibility,
    region_clause,
    unit_of,
)
from tuijin.meetings.agendas import repository as agenda_repo
from tuijin.meetings.attendance.models import AttendanceRecord
from tuijin.meetings.deps import (
    DateFrom,
    DateTo,
    Month,
    RegionCode,
    VisibleMeeting,
    Week,
    calendar,
    directory,
    period,
)
from tuijin.meetings.exports import docx, xlsx
from tuijin.meetings.scheduling import repository as repo
from tuijin.meetings.scheduling import service
from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType
from tuijin.meetings.scheduling.models import Invitation, Meeting, MeetingSeries
from tuijin.meetings.scheduling.schemas import (
    ChangeOut,
    DoubleBooking,
    ExpansionOut,
    InvitationIn,
    InvitationOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    Occurrence,
    PreviewIn,
    RescheduleIn,
    RotationIn,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
    StatusChangeIn,
)
from tuijin.meetings.upstream import BadGateway
from tuijin.meetings.views import MeetingDetail, meeting_detail

series_router = APIRouter(prefix="/api/v1/meeting-series", tags=["meeting series"])
meetings_router = APIRouter(prefix="/api/v1/meetings", tags=["meetings"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
LIST = problem_responses(BadRequest, Unauthorized, Forbidden)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, BadGateway,
                          ServiceUnavailable)
EDIT = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, PreconditionFailed,
                         PreconditionRequired, BadGateway, ServiceUnavailable)
XLSX_MEDIA_TYPE = xlsx.XLSX_MEDIA_TYPE


def _ensure_can_create(principal, region_code: str, convener_unit_id: uuid.UUID) -> None:
    ensure_region(principal, region_code)
    if not can_manage(principal, region_code, convener_unit_id):
        raise Forbidden("The office or the convening unit schedules this meeting.", code="not_meeting_manager")


async def _series(session, series_id: uuid.UUID, principal) -> MeetingSeries:
    series = await session.get(MeetingSeries, series_id)
    if series is None or not principal.can_see_region(series.region_code):
        raise NotFound("No such meeting series.", code="series_not_found")
    return series


# ---------------------------------------------------------------- series


@series_router.post("", status_code=201, summary="Create a meeting series", responses=WRITE)
async def create_series(
    etag: SendsETag, location: SendsLocation,
    body: SeriesIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> SeriesOut:
    """A recurring meeting from an RFC 5545 RRULE (every week, every half month, the first Monday of the month,
    every two months…). Its meetings of the next ``horizon_days`` are created at once; the expansion job creates
    the later ones as time passes. An occurrence on a non-working day moves as ``non_working_day`` says (by
    default to the next working day of the shared calendar). The office or the convening unit."""
    _ensure_can_create(principal, body.region_code, body.convener_unit_id)
    series, _ = await service.create_series(session, body, principal, directory(request),
                                            await calendar(request, session, body.region_code), today())
    location(f"/api/v1/meeting-series/{series.id}")
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.get("", summary="List meeting series", responses=LIST)
async def list_series(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode | None = None,
    meeting_type: MeetingType | None = None, system_id: uuid.UUID | None = None,
) -> Page[SeriesOut]:
    """Series of the caller's region, by creation."""
    stmt = repo.series_list_query(region_code, meeting_type.value if meeting_type else None, system_id,
                                  region_clause(principal, MeetingSeries.region_code))
    rows, cursor = await paginate(session, stmt, order=[MeetingSeries.created_at, MeetingSeries.id], params=page)
    return Page(items=[SeriesOut.model_validate(s) for s in rows], next_cursor=cursor, limit=page.limit)


@series_router.post("/system-rotation", status_code=201, summary="Weekly meetings of every system (体系)",
                    responses=WRITE)
async def create_system_rotation(
    body: RotationIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> list[SeriesOut]:
    """One weekly series per system of the region, each convened by the system's convening unit (registry):
    栾川's nine systems one after another through the week (``weekday_sequence``), or one system a week in turn
    (``one_system_per_week``). Refused when a system already has an active series. The office."""
    ensure_office_of(principal, body.region_code)
    created = await service.create_rotation(session, body, principal, directory(request),
                                            await calendar(request, session, body.region_code), today())
    return [SeriesOut.model_validate(s) for s in created]


@series_router.post("/preview", summary="Where a rule's meetings would land", responses=LIST)
async def preview_rule(body: PreviewIn, request: Request, session: SessionDep,
                       principal: CurrentPrincipal) -> list[Occurrence]:
    """The rule's dates between ``from`` and ``to`` and the working day each meeting would be held on (on the
    caller's region's working calendar), without creating anything (for a front end's rule editor)."""
    return service.preview(body, await calendar(request, session, principal.region_code))


@series_router.get("/{series_id}", summary="Read a meeting series", responses=READ)
async def get_series(etag: SendsETag, series_id: uuid.UUID, session: SessionDep,
                     principal: CurrentPrincipal) -> SeriesOut:
    """One series with its ETag."""
    series = await _series(session, series_id, principal)
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.patch("/{series_id}", summary="Change a meeting series", responses=EDIT)
async def patch_series(
    if_match: IfMatchRequired, etag: SendsETag,
    series_id: uuid.UUID, body: SeriesPatch, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
) -> SeriesOut:
    """Title, chair, place, end date, horizon, non-working-day rule, fixed members, or stop it (``is_active``
    false). Meetings already created keep what they have. If-Match required; the office or the convening unit."""
    series = await _series(session, series_id, principal)
    if not can_manage(principal, series.region_code, series.convener_unit_id):
        raise Forbidden("The office or the convening unit manages this series.", code="not_meeting_manager")
    if_match.check(series.version)
    await service.patch_series(session, series, body, directory(request))
    await session.flush()
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.post("/{series_id}/expansion", summary="Create the series' coming meetings now", responses=WRITE)
async def expand_series(series_id: uuid.UUID, request: Request, session: SessionDep,
                        principal: CurrentPrincipal) -> ExpansionOut:
    """What the expansion job does for this series: create the meetings of its horizon that do not exist yet
    (running it twice creates nothing more)."""
    series = await _series(session, series_id, principal)
    if not can_manage(principal, series.region_code, series.convener_unit_id):
        raise Forbidden("The office or the convening unit manages this series.", code="not_meeting_manager")
    if not series.is_active:
        raise Unprocessable("The series is stopped.", code="series_inactive")
    created = await service.expand(session, series, await calendar(request, session, series.region_code), today())
    return ExpansionOut(series_id=series.id, created=created, expanded_through=series.expanded_through)


# ---------------------------------------------------------------- meetings (static paths first)


@meetings_router.post("", status_code=201, summary="Plan a meeting", responses=WRITE)
async def create_meeting(
    etag: SendsETag, location: SendsLocation,
    body: MeetingIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> MeetingOut:
    """A meeting outside a series (push meeting, coordination meeting, observation…), planned, with the units
    invited by notice. The office or the convening unit."""
    _ensure_can_create(principal, body.region_code, body.convener_unit_id)
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
            raise BadRequest("`mine` is for unit users; give `unit_id` instead.", code="not_a_unit_user",
                             errors=[{"field": "query.mine", "message": "not a unit user", "type": "not_a_unit"}])
    return repo.MeetingFilters(
        region_code=region_code, date_from=date_from, date_to=date_to,
        meeting_type=meeting_type.value if meeting_type else None, system_id=system_id,
        status=status.value if status else None, unit_id=unit_id, series_id=series_id,
    )


@meetings_router.get("", summary="The meeting calendar", responses=LIST)
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
) -> Page[MeetingOut]:
    """Meetings the caller may see in date and time order: by week (``week=2026-W42``), by month
    (``month=2026-10``) or any period, by unit ("my meetings"), by system, type or status. Keyset-paginated."""
    filters = _list_filters(principal, region_code, date_from, date_to, month, week, meeting_type, system_id,
                            status, unit_id, mine, series_id)
    filters.project_id = project_id
    stmt = repo.meeting_list_query(filters, meeting_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Meeting.starts_at, Meeting.id], params=page)
    return Page(items=[MeetingOut.model_validate(m) for m in rows], next_cursor=cursor, limit=page.limit)


@meetings_router.get("/double-bookings", summary="Double-booked chairs and units", responses=LIST)
async def list_double_bookings(
    session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode, date_from: DateFrom = None,
    date_to: DateTo = None, month: Month = None, week: Week = None, meeting_id: uuid.UUID | None = None,
) -> list[DoubleBooking]:
    """Pairs of overlapping meetings (not cancelled) of the region in the period with the same chair, or the
    same unit convening or invited: someone cannot be in both. ``meeting_id`` limits the report to one meeting."""
    ensure_region(principal, region_code)
    date_from, date_to = period(date_from, date_to, month=month, week=week, required=True)
    return await service.double_bookings(session, region_code, date_from, date_to, meeting_id)


@meetings_router.get("/export.xlsx", summary="The meeting list as .xlsx", response_class=Response,
                     responses={**xlsx.XLSX_RESPONSE, **LIST})
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
    stmt = repo.meeting_list_query(filters, meeting_visibility(principal)).order_by(Meeting.starts_at, Meeting.id)
    meetings = list((await session.scalars(stmt)).all())
    names = await directory(request).unit_names(region_code)
    content = xlsx.meetings_workbook(meetings, names, filters.date_from, filters.date_to)
    return xlsx.attachment(content, f"会议安排{filters.date_from}至{filters.date_to}.xlsx",
                           f"meetings-{region_code}-{filters.date_from}-{filters.date_to}.xlsx")


@meetings_router.get("/{meeting_id}", summary="A meeting with its agenda, attendance and minutes", responses=READ)
async def get_meeting(etag: SendsETag, meeting: VisibleMeeting, session: SessionDep) -> MeetingDetail:
    """Everything about one meeting in one read: the meeting, its invited units, agenda, leave requests,
    attendance, minutes with outcomes, addenda and decided items, and its record of steps. ETag of the meeting."""
    etag(meeting.version)
    return await meeting_detail(session, meeting)


@meetings_router.patch("/{meeting_id}", summary="Change a meeting", responses=EDIT)
async def patch_meeting(
    if_match: IfMatchRequired, etag: SendsETag,
    meeting: VisibleMeeting, body: MeetingPatch, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
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
                      responses=EDIT)
async def change_meeting_status(
    if_match: IfMatchOptional, etag: SendsETag,
    meeting: VisibleMeeting, body: StatusChangeIn, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
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


@meetings_router.post("/{meeting_id}/reschedulings", status_code=201, summary="Move a meeting", responses=EDIT)
async def reschedule_meeting(
    if_match: IfMatchOptional, etag: SendsETag,
    meeting: VisibleMeeting, body: RescheduleIn, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
) -> MeetingOut:
    """Another date (and time, place) for a meeting not yet held, with the reason on the meeting's record. Check
    ``GET /api/v1/meetings/double-bookings?meeting_id=`` afterwards. The office or the convening unit."""
    ensure_manager(principal, meeting)
    if_match.check(meeting.version)
    await service.reschedule(session, meeting, body, principal, today())
    etag(meeting.version)
    return MeetingOut.model_validate(meeting)


@meetings_router.get("/{meeting_id}/changes", summary="A meeting's record of steps", responses=READ)
async def meeting_changes(meeting: VisibleMeeting, session: SessionDep) -> list[ChangeOut]:
    """Every step: created, notice sent, agenda frozen, held, minutes published, cancelled, rescheduled — who,
    when, from what and why."""
    return [ChangeOut.model_validate(c) for c in await repo.changes(session, meeting.id)]


@meetings_router.get("/{meeting_id}/invitations", summary="Units invited to a meeting", responses=READ)
async def list_invitations(meeting: VisibleMeeting, session: SessionDep) -> list[InvitationOut]:
    """Fixed members of the series and units invited by the notice, with the person expected to attend."""
    return [InvitationOut.model_validate(i) for i in await repo.invitations(session, meeting.id)]


@meetings_router.put("/{meeting_id}/invitations/{unit_id}", summary="Invite a unit", responses=WRITE)
async def put_invitation(
    meeting: VisibleMeeting, unit_id: uuid.UUID, body: InvitationIn, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
) -> InvitationOut:
    """Invite a unit (or change who is expected to attend) before the meeting is held; ``unit_id`` in the body
    must match the path. The office or the convening unit."""
    ensure_manager(principal, meeting)
    service.ensure_status(meeting, (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen),
                          "change the invited units")
    if body.unit_id != unit_id:
        raise invalid_field("body.unit_id", "The body names another unit than the path.", "unit_mismatch")
    found = await repo.invitation(session, meeting.id, unit_id)
    if found is None:
        await service.add_invitations(session, meeting, [body], directory(request), "body")
        await session.flush()
        found = await repo.invitation(session, meeting.id, unit_id)
    else:
        found.kind, found.expected_attendee = body.kind.value, body.expected_attendee
        found.expected_person_id = body.expected_person_id
    return InvitationOut.model_validate(found)


@meetings_router.delete("/{meeting_id}/invitations/{unit_id}", status_code=204, summary="Withdraw an invitation",
                        responses=WRITE)
async def delete_invitation(meeting: VisibleMeeting, unit_id: uuid.UUID, session: SessionDep,
                            principal: CurrentPrincipal) -> Response:
    """Before the meeting is held. The office or the convening unit."""
    ensure_manager(principal, meeting)
    service.ensure_status(meeting, (MeetingStatus.planned, MeetingStatus.notice_sent, MeetingStatus.agenda_frozen),
                          "change the invited units")
    found = await session.scalar(select(Invitation).where(Invitation.meeting_id == meeting.id,
                                                          Invitation.unit_id == unit_id))
    if found is None:
        raise NotFound("That unit is not invited.", code="invitation_not_found")
    recorded = await session.scalar(select(AttendanceRecord.id).where(
        AttendanceRecord.meeting_id == meeting.id, AttendanceRecord.unit_id == unit_id))
    if recorded is not None:
        raise Unprocessable("The unit's attendance is recorded; its invitation stays.", code="attendance_recorded")
    await session.delete(found)
    return Response(status_code=204)


@meetings_router.get("/{meeting_id}/notice.docx", summary="The meeting notice as .docx", response_class=Response,
                     responses={**docx.DOCX_RESPONSE, **READ})
async def notice_docx(meeting: VisibleMeeting, request: Request, session: SessionDep) -> Response:
    """会议通知 as a Word document: time, place, chair, the fixed and invited units, the agenda, the submission
    due date, and the rules (the head attends, no proxies, leave asked of the convener)."""
    names = await directory(request).unit_names(meeting.region_code)
    content = docx.notice_document(meeting, await repo.invitations(session, meeting.id),
                                   await agenda_repo.items(session, meeting.id), names)
    return docx.attachment(content, f"关于召开{meeting.title}的通知.docx",
                           f"notice-{meeting.meeting_date}-{meeting.id}.docx")
