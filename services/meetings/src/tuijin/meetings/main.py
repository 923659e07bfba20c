"""The meetings service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.attachments.enums import AttachmentKind
from tuijin.kernel.attachments.service import orphan_sweep_job
from tuijin.kernel.enums import enum_catalog
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.meetings.agendas import enums as agenda_enums
from tuijin.meetings.agendas.endpoints import router as agendas_router
from tuijin.meetings.attachments.models import Attachment
from tuijin.meetings.attendance import enums as attendance_enums
from tuijin.meetings.attendance.endpoints import meeting_router as meeting_attendance_router
from tuijin.meetings.attendance.endpoints import router as attendance_router
from tuijin.meetings.duties import enums as duty_enums
from tuijin.meetings.duties.endpoints import router as duties_router
from tuijin.meetings.duties.policies import router as policies_router
from tuijin.meetings.handlers import HANDLERS
from tuijin.meetings.messages import LABELS, MESSAGES
from tuijin.meetings.minutes import enums as minutes_enums
from tuijin.meetings.minutes.endpoints import meeting_router as minutes_router
from tuijin.meetings.minutes.endpoints import router as decided_items_router
from tuijin.meetings.minutes.jobs import decided_item_overdue_job
from tuijin.meetings.models import kernel
from tuijin.meetings.scheduling import enums as scheduling_enums
from tuijin.meetings.scheduling.endpoints import meetings_router
from tuijin.meetings.scheduling.jobs import series_expansion_job
from tuijin.meetings.scheduling.series_endpoints import series_router
from tuijin.meetings.site_visits import enums as visit_enums
from tuijin.meetings.site_visits.endpoints import router as site_visits_router
from tuijin.meetings.upstream import Directory, IssuesUpstream


async def _start_upstreams(app: FastAPI) -> None:
    app.state.directory = Directory(app.state.upstreams)
    app.state.issues = IssuesUpstream(app.state.upstreams)


SPEC = ServiceSpec(
    name="meetings",
    messages=MESSAGES,
    field_labels=LABELS,
    title="Tuijin meetings",
    description=(
        "Meeting series and instances, invitations, attendance and leave, agendas, "
        "minutes (会议纪要) and decided items (议定事项), leaders' site visits (现场调研督导 / 现场办公) and the duty "
        "rules (履职规则) with who is behind on them."
    ),
    migrations_package="tuijin.meetings",
    kernel_tables=kernel,
    owns_calendar=False,
    routers=[series_router, meetings_router, agendas_router, meeting_attendance_router, minutes_router,
             attendance_router, decided_items_router, site_visits_router, duties_router, policies_router],
    jobs=[series_expansion_job, decided_item_overdue_job, orphan_sweep_job(Attachment)],
    on_startup=[_start_upstreams],
    event_handlers=HANDLERS,
    enum_catalog=enum_catalog([
        scheduling_enums.MeetingType, scheduling_enums.MeetingStatus, scheduling_enums.NonWorkingDay,
        scheduling_enums.InvitationKind, scheduling_enums.MeetingAction, scheduling_enums.RotationMode,
        scheduling_enums.BookingClash, agenda_enums.AgendaSource, agenda_enums.ProblemLevel,
        agenda_enums.SubmissionStatus, attendance_enums.AttendanceStatus, attendance_enums.LeaveStatus,
        minutes_enums.MinutesStatus, minutes_enums.Outcome, minutes_enums.DecidedItemStatus,
        minutes_enums.FollowUpAction, visit_enums.VisitKind, visit_enums.LinkKind, duty_enums.Duty, AttachmentKind,
    ]),
    upload_paths=(r"/api/v1/site-visits/[^/]+/attachments",),
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("meetings"), **kwargs)
