"""Publishing this service's events (problem raised / escalated / resolved / closed / overdue, letter
issued…) to the services that act on them, through the transactional outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.models import kernel
from tuijin.kernel.outbox import publish, record_key

SUBSCRIBERS = ("meetings", "scoring")


def ordering_key(event_type: str, payload: dict[str, Any]) -> str | None:
    """Events about one problem (``problem.*``) reach each subscriber in order, and so do those about one
    letter (``letter.*``)."""
    if event_type.startswith("letter."):
        return record_key(payload, "letter_id")
    return record_key(payload, "problem_id")


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> None:
    """Record ``event_type`` in the caller's transaction, for every subscriber."""
    await publish(session, kernel, event_type, payload, destinations=SUBSCRIBERS, region_code=region_code,
                  ordering_key=ordering_key(event_type, payload))
