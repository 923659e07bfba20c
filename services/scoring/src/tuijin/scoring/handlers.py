"""Events the scoring service receives and what it does with them.

- ``region.created`` / ``region.starting_set_requested`` (registry) → the region's starting set: the shipped
  default schemes it lacks (by code), as ``POST /api/v1/scoring-schemes/defaults`` installs them. Applied once
  per event by the inbox, and adding only what is missing, so a repeat changes nothing. A ``profile`` in the
  payload (a region profile chosen at creation) applies the profile's schemes after the defaults.
- ``region.profile_applied`` (registry) → the region profile's schemes (``scoring/schemes.yaml``, if it has one):
  a scheme the region lacks is created, a scheme whose latest version differs from the profile's gets a new
  version, nothing otherwise (:func:`tuijin.scoring.schemes.service.apply_profile`), so a repeat changes nothing.

None of another service's domain events otherwise: scoring pulls instead (see :mod:`tuijin.scoring.upstream`): a
run reads the registry's, issues' and meetings' figures in bulk at the moment it computes and keeps them as its
input snapshot, so a ranking always matches the figures it names and a recomputation reads them afresh. Keeping
event-fed copies of reports, problems, letters, decided items and attendance would only duplicate what those
services already count.

The kernel adds the handlers that keep the local copy of the registry's calendar overrides
(:func:`tuijin.kernel.calendar_routes.calendar_event_handlers`), as for every service that does not own the calendar.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.outbox import EventEnvelope, EventHandler
from tuijin.scoring.schemes import service as schemes


async def on_region_starting_set(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "region.created" / "region.starting_set_requested": the default schemes the region lacks."""
    region_code = str(event.payload["region_code"])
    installer = Principal(sub=f"{event.source}:{event.type}", roles=frozenset({Role.service.value}))
    await schemes.install_defaults(session, region_code, installer)
    if event.payload.get("profile"):
        await on_profile_applied(session, event, state)


async def on_profile_applied(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "region.profile_applied": the profile's scoring schemes, created or published where they differ."""
    code = str(event.payload["profile"])
    await schemes.apply_profile(session, str(event.payload["region_code"]), code)


HANDLERS: dict[str, EventHandler] = {
    "region.created": on_region_starting_set,
    "region.starting_set_requested": on_region_starting_set,
    "region.profile_applied": on_profile_applied,
}
