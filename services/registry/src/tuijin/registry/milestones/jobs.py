"""Background job of node plans: announce overdue milestones."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.clock import today
from tuijin.kernel.jobs import Job
from tuijin.registry.milestones import service


async def announce_overdue_milestones(app: Any) -> dict[str, Any]:
    """Publish ``milestone.overdue`` for each node that passed its planned date unreached (once per node)."""
    async with app.state.sessionmaker() as session, session.begin():
        on = today()
        announced = await service.announce_overdue(session, await app.state.calendar.regional(session), on)
    return {"announced": announced, "business_date": on.isoformat()}


milestone_overdue_job = Job(
    "milestone-overdue",
    announce_overdue_milestones,
    3600.0,
    "publish milestone.overdue once for each node past its planned date and not reached",
)
