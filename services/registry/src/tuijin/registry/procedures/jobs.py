"""Background job of procedures: announce overdue procedures."""

from __future__ import annotations

from tuijin.kernel.jobs import announcement_job
from tuijin.registry.procedures import service

# publishes ``procedure.overdue`` once for each open procedure past its deadline
procedure_overdue_job = announcement_job(
    "procedure-overdue",
    service.announce_overdue,
    "publish procedure.overdue once for each procedure past its deadline and not done or not needed",
)
