"""Background job of node plans: announce overdue milestones."""

from __future__ import annotations

from tuijin.kernel.jobs import announcement_job
from tuijin.registry.milestones import service

# publishes ``milestone.overdue`` once for each node that passed its planned date unreached
milestone_overdue_job = announcement_job(
    "milestone-overdue",
    service.announce_overdue,
    "publish milestone.overdue once for each node past its planned date and not reached",
)
