"""Background job of decided items: announce the overdue ones."""

from __future__ import annotations

from tuijin.kernel.jobs import announcement_job
from tuijin.meetings.minutes import service

# publishes ``decided_item.overdue`` once for each open decided item past its due date
decided_item_overdue_job = announcement_job(
    "decided-item-overdue",
    service.announce_overdue,
    "publish decided_item.overdue once for each open decided item past its due date",
)
