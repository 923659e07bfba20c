"""Events the registry publishes through its outbox, and who receives them. An event type goes only to the
services whose ``handlers.py`` handles it (``HANDLERS``); a type no service handles has no destination, and
:func:`emit` records nothing for it (the call stays where the change happens, so that a service that starts
handling it only needs a line here).

Sent (payloads as the issues service reads them):

- ``project.created`` / ``project.updated`` / ``project.stage_changed`` → issues: {project_id, region_code,
  code, name, stage, system_id, responsible_unit_id, leader_post_id} (+ from_stage), to refresh its copy.
- ``light.changed`` → issues: {project_id, region_code, kind, from_colour, to_colour…}; a red light draws a letter.
- ``report.overdue`` → issues: {project_id, project_code, region_code, responsible_unit_id, period…}.
- ``region.created`` / ``region.starting_set_requested`` → issues, meetings, scoring: {region_code, name, level,
  parent_code, year, profile}; each installs its part of the region's starting set (see
  :mod:`tuijin.registry.organisation.starting_set`); a ``profile`` (a region profile's code, or null) makes
  each receiver apply its part of that profile for the year after installing its defaults.
- ``region.profile_applied`` → issues, meetings, scoring: {region_code, year, profile, version}; each applies its
  part of the profile (:mod:`tuijin.registry.profiles`).

Published with no receiver today (no service handles them): ``post.holder_changed``, ``policy.changed``,
``project.swapped``, ``project_list.imported``, ``milestone.overdue``, ``procedure.status_changed``,
``procedure.overdue``, ``report.submitted``, ``report.verified``, ``report.returned``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.outbox import publish, record_key
from tuijin.registry.base import kernel

DESTINATIONS: dict[str, tuple[str, ...]] = {
    "project.created": ("issues",),
    "project.updated": ("issues",),
    "project.stage_changed": ("issues",),
    "light.changed": ("issues",),
    "report.overdue": ("issues",),
    "region.created": ("issues", "meetings", "scoring"),
    "region.starting_set_requested": ("issues", "meetings", "scoring"),
    "region.profile_applied": ("issues", "meetings", "scoring"),
}


def ordering_key(event_type: str, payload: dict[str, Any]) -> str | None:
    """The record an event is about, for delivery in order (a parked event holds back only these): the
    project for project, stage, light, milestone, procedure, report and swap events (a swap by the project
    swapped out), the post for a change of holder, the region's policy for a policy change, the region for its
    creation and starting set; none for a list
    import (its projects announce themselves one by one)."""
    if event_type == "policy.changed":
        return f"policy:{payload.get('region_code')}:{payload.get('name')}"
    if event_type.startswith("region."):
        return record_key(payload, "region_code", kind="region")
    return record_key(payload, "project_id", "out_project_id", kind="project") or record_key(payload, "post_id")


async def emit(session: AsyncSession, event_type: str, payload: dict[str, Any], region_code: str) -> None:
    """Record the event in the caller's transaction for each service that handles it (none: nothing)."""
    destinations = DESTINATIONS.get(event_type, ())
    if destinations:
        await publish(session, kernel, event_type, payload, destinations=destinations, region_code=region_code,
                      ordering_key=ordering_key(event_type, payload))
