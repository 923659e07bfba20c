"""Background job of procedures: announce overdue procedures."""

from __future__ import annotations

from typing import Any

from tuijin.kernel.clock import today
from tuijin.kernel.jobs import Job
from tuijin.registry.procedures import service


async def announce_overdue_procedures(app: Any) -> dict[str, Any]:
    """Publish ``procedure.overdue`` for each open procedure past its deadline (once per procedure)."""
    async with app.state.sessionmaker() as session, session.begin():
        on = today()
        announced = await service.announce_overdue(session, await app.state.calendar.regional(session), on)
    return {"announced": announced, "business_date": on.isoformat()}


procedure_overdue_job = Job(
    "procedure-overdue",
    announce_overdue_procedures,
    3600.0,
    "publish procedure.overdue once for each procedure past its deadline and not done or not needed",
)
