"""Events the meetings service publishes through its outbox, and who receives them: an event goes only to the
services whose ``HANDLERS`` act on it.

- ``minutes.published`` → issues: {meeting_id, region_code, meeting_type, held_on, decisions:
  [{problem_id, outcome: solved | assigned | escalated, unit_id, deadline, note}]}, once per publication.
- ``decided_item.overdue`` → issues (a letter to the owner unit): {decided_item_id, meeting_id, region_code,
  unit_id, project_id, title, due_date}, once per overdue decided item.

Scoring handles no event: it reads attendance and decided items (``GET /api/v1/attendance/stats``,
``GET /api/v1/decided-items/stats``) when it computes a run, so attendance and a decided item done are not
published.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.outbox import publish, record_key
from tuijin.meetings.models import kernel

MINUTES_PUBLISHED = "minutes.published"
DECIDED_ITEM_OVERDUE = "decided_item.overdue"

DESTINATIONS: dict[str, tuple[str, ...]] = {
    MINUTES_PUBLISHED: ("issues",),
    DECIDED_ITEM_OVERDUE: ("issues",),
}


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> uuid.UUID:
    """Record the event in the caller's transaction for each of its destinations. Every event names its
    meeting: the events of one meeting (its minutes and decided items) arrive in order."""
    return await publish(session, kernel, event_type, payload, destinations=DESTINATIONS[event_type],
                         region_code=region_code, ordering_key=record_key(payload, "meeting_id"))
