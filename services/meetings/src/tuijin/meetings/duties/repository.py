"""Queries of the duty counts: push meetings held per chair in a period (the visits are read by
:func:`tuijin.meetings.site_visits.repository.visits_between`)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType
from tuijin.meetings.scheduling.models import Meeting

HELD = (MeetingStatus.held.value, MeetingStatus.minutes_published.value)


async def push_meetings_chaired(session: AsyncSession, region_code: str, date_from: date,
                                date_to: date) -> dict[uuid.UUID, int]:
    """Per chair (person id), the push meetings (推进会) of the region held in the period — counted in SQL."""
    stmt = (
        select(Meeting.chair_person_id, func.count())
        .where(Meeting.region_code == region_code, Meeting.meeting_type == MeetingType.push_meeting.value,
               Meeting.status.in_(HELD), Meeting.meeting_date.between(date_from, date_to),
               Meeting.chair_person_id.is_not(None))
        .group_by(Meeting.chair_person_id)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(stmt)).all()}
