"""Events the meetings service publishes through its outbox, and who receives them. An event type goes only to
the services whose ``HANDLERS`` act on it; a type nobody handles yet is still published here (to no
destination), so that a receiver added later needs one line.

- ``minutes.published`` → issues: {meeting_id, region_code, meeting_type, held_on, decisions:
  [{problem_id, outcome: solved | assigned | escalated, unit_id, deadline, note}]}, once per publication.
- ``decided_item.overdue`` → issues (a letter to the owner unit): {decided_item_id, meeting_id, site_visit_id,
  region_code, unit_id, project_id, title, due_date}, once per overdue decided item (a meeting's, ``meeting_id``
  set, or a site visit's, ``site_visit_id`` set).

- ``attendance.recorded``: {meeting_id, region_code, meeting_type, held_on, records: [{unit_id, status}]},
  and ``decided_item.done``: {decided_item_id, meeting_id, region_code, unit_id, due_date, done_on, on_time}: no
  receiver today (scoring reads ``GET /api/v1/attendance/stats`` and ``GET /api/v1/decided-items/stats`` when
  it computes a run).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.outbox import publish, record_key
from tuijin.meetings.models import kernel

MINUTES_PUBLISHED = "minutes.published"
DECIDED_ITEM_OVERDUE = "decided_item.overdue"
DECIDED_ITEM_DONE = "decided_item.done"
ATTENDANCE_RECORDED = "attendance.recorded"

DESTINATIONS: dict[str, tuple[str, ...]] = {
    MINUTES_PUBLISHED: ("issues",),
    DECIDED_ITEM_OVERDUE: ("issues",),
    DECIDED_ITEM_DONE: (),
    ATTENDANCE_RECORDED: (),
}


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> uuid.UUID:
    """Record the event in the caller's transaction for each of its destinations. Every event names its
    meeting or its site visit: the events of one meeting (its minutes, attendance and decided items), or of one
    visit, arrive in order."""
    return await publish(session, kernel, event_type, payload, destinations=DESTINATIONS[event_type],
                         region_code=region_code, ordering_key=record_key(payload, "meeting_id", "site_visit_id"))
