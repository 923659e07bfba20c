"""Events the scoring service publishes through its outbox, and who receives them.

- ``ranking.published`` → issues: {run_id, scheme_id, scheme_name, region_code, subject_kind, period,
  version, published_at, praise: [entry], criticism: [entry]} with entry = {subject_id, subject_code,
  subject_name, unit_id, rank, total}, once per publication. The issues service proposes the leaders of
  projects on the criticism list for an interview (清水: the bottom three are criticised and interviewed).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.outbox import publish, record_key
from tuijin.scoring.models import kernel

RANKING_PUBLISHED = "ranking.published"

DESTINATIONS: dict[str, tuple[str, ...]] = {
    RANKING_PUBLISHED: ("issues",),
}


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> uuid.UUID:
    """Record the event in the caller's transaction for each of its destinations. The rankings of one
    scheme arrive in the order they were published (a later version follows the earlier)."""
    return await publish(session, kernel, event_type, payload, destinations=DESTINATIONS[event_type],
                         region_code=region_code, ordering_key=record_key(payload, "scheme_id"))
