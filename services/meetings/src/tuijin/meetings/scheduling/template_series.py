"""A region's meeting series created from one of its templates (policy ``meeting_series``): the template gives
the kind, the title, the recurrence and the timing; the series is made by the same rules as any other (a
template of one series per system is the system rotation)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.meetings.duties.policies import STORE
from tuijin.meetings.scheduling import repository as repo
from tuijin.meetings.scheduling.errors import ConvenerRequired, TemplateSeriesExists, UnknownTemplate
from tuijin.meetings.scheduling.models import MeetingSeries
from tuijin.meetings.scheduling.schemas import RotationIn, SeriesIn, TemplateSeriesIn
from tuijin.meetings.scheduling.service import create_rotation, create_series
from tuijin.meetings.scheduling.templates import MeetingSeriesPolicy
from tuijin.meetings.upstream import Directory

AFTERNOON = time(15)


async def create_from_template(
    session: AsyncSession, body: TemplateSeriesIn, principal: Principal, directory: Directory, cal: WorkingCalendar,
    on: date,
) -> list[MeetingSeries]:
    """The series of the region's template ``body.template`` (one, or one per system for a rotation), each
    expanded at once; refused while the same convening unit (for a rotation: the region) has an active series
    from that template — 清水's departments each hold their own monthly dispatch from one template."""
    policy = await STORE.load(session, body.region_code, body.start_date.year, MeetingSeriesPolicy)
    template = policy.template(body.template)
    if template is None:
        known = "、".join(f"{t.code}（{t.name}）" for t in policy.templates) or "无"
        raise UnknownTemplate(f"No series template {body.template} in the region's meeting series; known: {known}.",
                              field="body.template")
    start_time = body.start_time or template.start_time
    if template.rotation is not None:
        if await repo.active_template_series(session, body.region_code, template.code):
            raise TemplateSeriesExists(f"The region already has active series from the template {template.code} "
                                       f"({template.name}).")
        rotation = RotationIn(
            region_code=body.region_code, mode=template.rotation, start_date=body.start_date, end_date=body.end_date,
            weekdays=body.weekdays, times=body.times or [start_time, AFTERNOON],
            duration_minutes=template.duration_minutes, place=body.place, non_working_day=template.non_working_day,
            horizon_days=body.horizon_days,
        )
        return await create_rotation(session, rotation, principal, directory, cal, on, template_code=template.code)
    if body.convener_unit_id is None:
        raise ConvenerRequired(f"Name the unit that convenes {template.name} ({template.convener}).",
                               field="body.convener_unit_id")
    if await repo.active_template_series(session, body.region_code, template.code, body.convener_unit_id):
        raise TemplateSeriesExists(f"The unit already convenes an active series from the template {template.code} "
                                   f"({template.name}).")
    series, _ = await create_series(session, SeriesIn(
        region_code=body.region_code, meeting_type=template.meeting_type, title=template.name,
        convener_unit_id=body.convener_unit_id, chair_person_id=body.chair_person_id,
        chair_name=body.chair_name or template.chair, place=body.place, start_time=start_time,
        duration_minutes=template.duration_minutes, rrule=template.rrule, start_date=body.start_date,
        end_date=body.end_date, non_working_day=template.non_working_day, horizon_days=body.horizon_days,
        submission_lead_days=template.submission_lead_days, fixed_unit_ids=body.fixed_unit_ids,
    ), principal, directory, cal, on, template_code=template.code)
    return [series]
