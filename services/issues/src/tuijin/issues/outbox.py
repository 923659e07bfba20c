"""Publishing this service's events (problem raised / escalated / resolved / closed / overdue, letter
issued…) to the services that act on them, through the transactional outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.models import kernel
from tuijin.kernel.outbox import publish

SUBSCRIBERS = ("meetings", "scoring")


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> None:
    """Record ``event_type`` in the caller's transaction, for every subscriber."""
    await publish(session, kernel, event_type, payload, destinations=SUBSCRIBERS, region_code=region_code)
