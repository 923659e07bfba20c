"""Background job of scheduling: expand series into meetings ahead of time."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.clock import today
from tuijin.kernel.jobs import Job
from tuijin.meetings.scheduling import service


async def expand_meeting_series(app: Any) -> dict[str, Any]:
    """Create the meetings of every active series' horizon that do not exist yet (idempotent)."""
    async with app.state.sessionmaker() as session, session.begin():
        return await service.expand_all(session, await app.state.calendar.regional(session), today())


series_expansion_job = Job(
    "series-expansion",
    expand_meeting_series,
    3600.0,
    "create the coming meetings of every active meeting series (running twice creates nothing more)",
)
