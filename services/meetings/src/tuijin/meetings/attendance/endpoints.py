"""Routes of attendance: leave asked of the convener, who came, a unit's record, the bulletin of unexcused
absences and proxies (通报) and the per-unit counts scoring reads."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.documents.word import DocumentKind
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings import documents as kit
from tuijin.meetings.access import (
    MANAGER_PROBLEMS,
    acting_unit,
    ensure_manager,
    ensure_region_reader,
    is_region_wide,
    region_clause,
    unit_of,
)
from tuijin.meetings.attendance import documents, service
from tuijin.meetings.attendance import repository as repo
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.attendance.errors import (
    InvalidAttendance,
    LeaveAlreadyRequested,
    LeaveRequestNotFound,
    ProxyNotAllowed,
)
from tuijin.meetings.attendance.models import AttendanceRecord
from tuijin.meetings.attendance.schemas import (
    AttendanceIn,
    AttendanceOut,
    AttendanceRecordOut,
    AttendanceStats,
    ConfirmationIn,
    LeaveDecision,
    LeaveIn,
    LeaveOut,
    UnitAttendanceStats,
)
from tuijin.meetings.deps import (
    MEETING_PROBLEMS,
    PERIOD_PROBLEMS,
    UPSTREAM_PROBLEMS,
    DateFrom,
    DateTo,
    Month,
    RegionCode,
    VisibleMeeting,
    content_etag,
    directory,
    period,
)
from tuijin.meetings.errors import (
    StepNotAllowed,
    UnitForbidden,
    UnitNotInvited,
    UnitRequired,
)
from tuijin.meetings.scheduling.errors import MeetingInFuture, MeetingNotFound
from tuijin.meetings.scheduling.schemas import InvitationOut

meeting_router = APIRouter(prefix="/api/v1/meetings/{meeting_id}", tags=["attendance"])
router = APIRouter(prefix="/api/v1/attendance", tags=["attendance"])

READ = problem_responses(*MEETING_PROBLEMS)
MANAGE = (*MEETING_PROBLEMS, *MANAGER_PROBLEMS, StepNotAllowed)
REGION_READER = (RegionForbidden, RoleRequired)
READERS = "The office, leaders, supervisors, scorers and viewers read the region's attendance."


# ---------------------------------------------------------------- leave


@meeting_router.post("/leave-requests", status_code=201, summary="Ask the convener for leave",
                     responses=problem_responses(Unauthorized, MeetingNotFound, UnitForbidden, UnitRequired,
                                                 StepNotAllowed, UnitNotInvited, LeaveAlreadyRequested))
async def ask_leave(meeting: VisibleMeeting, body: LeaveIn, session: SessionDep,
                    principal: CurrentPrincipal) -> LeaveOut:
    """An invited unit asks leave for its head, with the reason (and who comes instead, if anyone), before the
    meeting is held. One open or approved request per unit. A unit asks for itself; the office may ask for one."""
    unit_id = acting_unit(principal, meeting.region_code, body.unit_id, "leave request")
    return LeaveOut.model_validate(await service.ask_leave(session, meeting, body, unit_id, principal))


@meeting_router.post("/attendance-confirmations", summary="Confirm who attends (参会回执)",
                     responses=problem_responses(Unauthorized, MeetingNotFound, UnitForbidden, UnitRequired,
                                                 StepNotAllowed, UnitNotInvited, ProxyNotAllowed))
async def confirm_attendance(meeting: VisibleMeeting, body: ConfirmationIn, session: SessionDep,
                             principal: CurrentPrincipal) -> InvitationOut:
    """An invited unit confirms, before the meeting is held, that its head attends in person (不得替会): the name
    defaults to the person expected; another name is refused (422 ``proxy_not_allowed``: a head who cannot come
    asks leave instead). Confirming again replaces the earlier confirmation. A unit confirms for itself; the office
    may confirm for one. Answers the unit's invitation with the confirmation."""
    unit_id = acting_unit(principal, meeting.region_code, body.unit_id, "attendance confirmation")
    return InvitationOut.model_validate(await service.confirm_attendance(session, meeting, body, unit_id, principal))


@meeting_router.get("/leave-requests", summary="Leave requests for a meeting", responses=READ)
async def list_leave(meeting: VisibleMeeting, session: SessionDep, principal: CurrentPrincipal) -> list[LeaveOut]:
    """All of them for the office, the convener and readers of the region; a unit sees its own. Bounded: at
    most one open or approved request per invited unit of one meeting."""
    own = unit_of(principal)
    everyone = is_region_wide(principal) or own == meeting.convener_unit_id
    return [LeaveOut.model_validate(x) for x in await repo.leaves(session, meeting.id, None if everyone else own)]


@meeting_router.post("/leave-requests/{leave_id}/decision", summary="Approve or refuse leave",
                     responses=problem_responses(*MANAGE, LeaveRequestNotFound))
async def decide_leave(meeting: VisibleMeeting, leave_id: uuid.UUID, body: LeaveDecision, session: SessionDep,
                       principal: CurrentPrincipal) -> LeaveOut:
    """The convening unit (or the office) approves or refuses, once. Approved leave makes the unit on_leave."""
    leave = await repo.leave(session, meeting.id, leave_id)
    if leave is None:
        raise LeaveRequestNotFound("No such leave request.")
    ensure_manager(principal, meeting)
    await service.decide_leave(session, meeting, leave, body, principal)
    return LeaveOut.model_validate(leave)


# ---------------------------------------------------------------- attendance at a meeting


@meeting_router.put("/attendance", summary="Record who came",
                    responses=problem_responses(*MANAGE, MeetingInFuture, InvalidAttendance))
async def record_attendance(if_match: IfMatchOptional, etag: SendsETag, meeting: VisibleMeeting, body: AttendanceIn,
                            session: SessionDep, principal: CurrentPrincipal) -> list[AttendanceOut]:
    """Per invited unit, who actually came; the status is worked out (approved leave → on_leave, nobody → absent,
    the expected head → present, someone else → proxy, 替会) or checked when given. On the meeting day once the
    agenda is frozen, or after it is held, until the minutes are published. All or nothing: a unit not invited or
    a status that contradicts the facts is refused naming the entry. Published as ``attendance.recorded``.
    Changing attendance already recorded needs ``If-Match`` with the ``ETag`` of ``GET …/attendance`` (428
    without, 412 when it changed since); the first record needs none. The office or the convening unit.
    Bounded: one row per invited unit."""
    ensure_manager(principal, meeting)
    recorded = bool(await repo.records(session, meeting.id))
    if_match.check(content_etag(await service.meeting_attendance(session, meeting)), required=recorded)
    await service.record_attendance(session, meeting, body, principal, today())
    attendance = await service.meeting_attendance(session, meeting)
    etag(content_etag(attendance))
    return attendance


@meeting_router.get("/attendance", summary="Attendance at a meeting", responses=READ)
async def get_attendance(etag: SendsETag, meeting: VisibleMeeting, session: SessionDep) -> list[AttendanceOut]:
    """Every invited unit with the expected attendee and, once recorded, who came and the status; the ``ETag``
    is what a change of the recorded attendance sends as ``If-Match``. Bounded: one row per invited unit."""
    attendance = await service.meeting_attendance(session, meeting)
    etag(content_etag(attendance))
    return attendance


@meeting_router.get("/attendance.xlsx", summary="Attendance at a meeting as .xlsx", response_class=Response,
                    responses={**kit.XLSX_RESPONSE, **problem_responses(*MEETING_PROBLEMS, *UPSTREAM_PROBLEMS)})
async def export_attendance(meeting: VisibleMeeting, request: Request, session: SessionDep) -> Response:
    """The sign-in sheet (签到表) of the meeting with each unit's status."""
    names = await directory(request).unit_names(meeting.region_code)
    region = await region_name(request.app.state.upstreams, meeting.region_code)
    content = await run_in_threadpool(documents.attendance_workbook, meeting,
                                      await service.meeting_attendance(session, meeting), names, region=region)
    return kit.attachment(content, f"{meeting.title}{meeting.meeting_date}签到表.xlsx",
                          f"attendance-{meeting.meeting_date}-{meeting.id}.xlsx")


# ---------------------------------------------------------------- across meetings


@router.get("", summary="Attendance records over a period",
            responses=problem_responses(*PERIOD_PROBLEMS, UnitForbidden))
async def list_attendance(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode | None = None,
    unit_id: uuid.UUID | None = None, date_from: DateFrom = None, date_to: DateTo = None, month: Month = None,
    status: AttendanceStatus | None = None,
) -> Page[AttendanceRecordOut]:
    """A unit's attendance record over a period (a scoring input), by meeting date. A unit sees its own
    records; readers of the region see every unit's."""
    date_from, date_to = period(date_from, date_to, month=month)
    if not is_region_wide(principal):
        own = unit_of(principal)
        if own is None or unit_id not in (None, own):
            raise UnitForbidden("A unit reads its own attendance.")
        unit_id = own
    stmt = repo.record_list_query(region_code, region_clause(principal, AttendanceRecord.region_code), unit_id,
                                  date_from, date_to, (status.value,) if status else None)
    rows, cursor = await paginate(session, stmt, order=[AttendanceRecord.meeting_date, AttendanceRecord.id],
                                  params=page)
    return Page(items=[AttendanceRecordOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/bulletin", summary="Unexcused absences and proxies (通报)",
            responses=problem_responses(*PERIOD_PROBLEMS, *REGION_READER))
async def attendance_bulletin(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode,
    date_from: DateFrom = None, date_to: DateTo = None, month: Month = None,
) -> Page[AttendanceRecordOut]:
    """Units absent without approved leave and units that sent someone else where the head was required
    (不得替会), in the region's meetings of the period, by meeting date."""
    ensure_region_reader(principal, region_code, READERS)
    date_from, date_to = period(date_from, date_to, month=month, required=True)
    stmt = repo.bulletin_query(region_code, date_from, date_to)
    rows, cursor = await paginate(session, stmt, order=[AttendanceRecord.meeting_date, AttendanceRecord.id],
                                  params=page)
    return Page(items=[AttendanceRecordOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/bulletin.docx", summary="The attendance bulletin as .docx", response_class=Response,
            responses={**kit.DOCX_RESPONSE, **problem_responses(*PERIOD_PROBLEMS, *REGION_READER, *UPSTREAM_PROBLEMS)})
async def attendance_bulletin_docx(
    request: Request, session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
    date_from: DateFrom = None, date_to: DateTo = None, month: Month = None,
) -> Response:
    """The bulletin (关于2026年11月重点项目会议出勤情况的通报) of the period (at most two years) as a Word document in
    the official-document format (GB/T 9704): the region's red header, the bulletin's 字号 (numbered in the
    region's yearly sequence at the first download of the period and kept after), the absences and proxies and
    each unit's counts as tables, the signature, the date in Chinese and the 版记."""
    ensure_region_reader(principal, region_code, READERS)
    date_from, date_to = period(date_from, date_to, month=month, required=True)
    rows = [AttendanceRecordOut.model_validate(r) for r in await repo.bulletin_rows(session, region_code, date_from,
                                                                                     date_to)]
    names = await directory(request).unit_names(region_code)
    stats = [UnitAttendanceStats(**r) for r in await repo.unit_stats(session, region_code, date_from, date_to)]
    fmt, number, on = await kit.numbered(session, request, region_code, DocumentKind.attendance_bulletin,
                                         f"attendance_bulletin:{region_code}:{date_from}:{date_to}")
    content = documents.attendance_bulletin(rows, stats, names, date_from, date_to, fmt, number, on)
    return kit.docx_attachment(content, f"会议出勤情况通报{date_from}至{date_to}.docx",
                               f"attendance-bulletin-{region_code}-{date_from}-{date_to}.docx")


@router.get("/stats", summary="Attendance counts per unit (scoring input)",
            responses=problem_responses(*PERIOD_PROBLEMS, *REGION_READER))
async def attendance_stats(
    session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode, date_from: DateFrom = None,
    date_to: DateTo = None, month: Month = None,
) -> AttendanceStats:
    """Per invited unit over the region's meetings held in the period: expected, present, on leave, absent,
    proxy and not recorded — aggregated in the database. For readers of the region and the scoring service."""
    ensure_region_reader(principal, region_code, READERS)
    date_from, date_to = period(date_from, date_to, month=month, required=True)
    rows = await repo.unit_stats(session, region_code, date_from, date_to)
    return AttendanceStats(region_code=region_code, date_from=date_from, date_to=date_to,
                           units=[UnitAttendanceStats(**r) for r in rows])
