"""A meeting in one read: the meeting, its invited units, agenda, leave, attendance, minutes and record."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today
from tuijin.meetings.agendas import repository as agenda_repo
from tuijin.meetings.agendas.schemas import AgendaItemOut
from tuijin.meetings.attendance import repository as attendance_repo
from tuijin.meetings.attendance import service as attendance_service
from tuijin.meetings.attendance.schemas import AttendanceOut, LeaveOut
from tuijin.meetings.minutes import repository as minutes_repo
from tuijin.meetings.minutes import service as minutes_service
from tuijin.meetings.minutes.schemas import MinutesOut
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.models import Meeting
from tuijin.meetings.scheduling.schemas import ChangeOut, InvitationOut, MeetingOut


class MeetingDetail(MeetingOut):
    """A meeting with everything about it."""

    invitations: list[InvitationOut]
    agenda: list[AgendaItemOut]
    leave_requests: list[LeaveOut]
    attendance: list[AttendanceOut]
    minutes: MinutesOut | None
    changes: list[ChangeOut]


async def meeting_detail(session: AsyncSession, meeting: Meeting) -> MeetingDetail:
    minutes = await minutes_repo.of_meeting(session, meeting.id)
    return MeetingDetail(
        **MeetingOut.model_validate(meeting).model_dump(),
        invitations=[InvitationOut.model_validate(i) for i in await scheduling_repo.invitations(session, meeting.id)],
        agenda=[AgendaItemOut.model_validate(i) for i in await agenda_repo.items(session, meeting.id)],
        leave_requests=[LeaveOut.model_validate(x) for x in await attendance_repo.leaves(session, meeting.id)],
        attendance=await attendance_service.meeting_attendance(session, meeting),
        minutes=await minutes_service.minutes_out(session, minutes, today()) if minutes else None,
        changes=[ChangeOut.model_validate(c) for c in await scheduling_repo.changes(session, meeting.id)],
    )


