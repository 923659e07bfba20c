"""Events the issues service publishes through its transactional outbox, and who receives them. An event type
goes only to the services whose ``HANDLERS`` act on it; a type nobody handles yet is still recorded here (with
no destination) so that a receiver added later needs one line.

- ``problem.escalated`` → meetings: {problem_id, project_id, region_code, system_id, level, status, category,
  unit_id, deadline, from_level, reason, source}; a problem went up a level (by hand, by the timer job or by
  a meeting's minutes): the agenda of the meeting of its new level takes it up.
- ``problem.resolved`` → meetings: {…, meeting_id, resolution}; solved before (or at) the meeting.
- ``problem.closed`` → meetings: {…, days_open}; verified and closed (销号).
- ``problem.raised``, ``problem.assigned``, ``problem.reopened``, ``problem.sent_down``, ``problem.overdue``
  ({…, kind: answer | deadline, due_on}), ``letter.issued``, ``letter.replied``: no receiver today.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.models import kernel
from tuijin.kernel.outbox import publish, record_key

PROBLEM_RAISED = "problem.raised"
PROBLEM_ASSIGNED = "problem.assigned"
PROBLEM_ESCALATED = "problem.escalated"
PROBLEM_SENT_DOWN = "problem.sent_down"
PROBLEM_RESOLVED = "problem.resolved"
PROBLEM_CLOSED = "problem.closed"
PROBLEM_REOPENED = "problem.reopened"
PROBLEM_OVERDUE = "problem.overdue"
LETTER_ISSUED = "letter.issued"
LETTER_REPLIED = "letter.replied"

DESTINATIONS: dict[str, tuple[str, ...]] = {
    PROBLEM_RAISED: (),
    PROBLEM_ASSIGNED: (),
    PROBLEM_ESCALATED: ("meetings",),
    PROBLEM_SENT_DOWN: (),
    PROBLEM_RESOLVED: ("meetings",),
    PROBLEM_CLOSED: ("meetings",),
    PROBLEM_REOPENED: (),
    PROBLEM_OVERDUE: (),
    LETTER_ISSUED: (),
    LETTER_REPLIED: (),
}


def ordering_key(event_type: str, payload: dict[str, Any]) -> str | None:
    """Events about one problem (``problem.*``) reach each receiver in order, and so do those about one
    letter (``letter.*``)."""
    if event_type.startswith("letter."):
        return record_key(payload, "letter_id")
    return record_key(payload, "problem_id")


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> uuid.UUID:
    """Record ``event_type`` in the caller's transaction for each of its destinations."""
    return await publish(session, kernel, event_type, payload, destinations=DESTINATIONS[event_type],
                         region_code=region_code, ordering_key=ordering_key(event_type, payload))
