"""Background job of decided items: announce the overdue ones."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.clock import today
from tuijin.kernel.jobs import Job
from tuijin.meetings.minutes import service


async def announce_overdue_decided_items(app: Any) -> dict[str, Any]:
    """Publish ``decided_item.overdue`` once for each open decided item past its due date."""
    async with app.state.sessionmaker() as session, session.begin():
        on = today()
        announced = await service.announce_overdue(session, on)
    return {"announced": announced, "business_date": on.isoformat()}


decided_item_overdue_job = Job(
    "decided-item-overdue",
    announce_overdue_decided_items,
    3600.0,
    "publish decided_item.overdue once for each open decided item past its due date",
)
