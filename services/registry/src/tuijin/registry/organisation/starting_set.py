"""A region starts ready (开通即可用): what a county needs to begin is installed when its region is created, each
service its own part in its own transaction.

- The registry, in the transaction that creates the region: the shipped procedure catalogue (手续目录) and its
  policies' shipped defaults recorded as the region's own values (year 0, see
  :meth:`tuijin.kernel.policies.PolicyStore.install_defaults`). The working-day calendar needs nothing: a region
  works on the national calendar, with its office's own overrides when it adds some.
- The other services, when ``region.created`` reaches them through the outbox: scoring installs the default
  schemes, issues records its policies' defaults. The inbox applies an event once, and each install adds only
  what is missing, so a second delivery, a replay or :func:`reinstall` changes nothing.

An admin brings an existing region up to date with ``POST /api/v1/regions/{code}/starting-set``: the same
installs, announced as ``region.starting_set_requested`` (a new event, so each service looks again).

A region profile (区域配置模板, docs/profiles.md) may be chosen at creation (``POST /api/v1/regions`` with
``profile``): right after the starting set the registry applies its part of the profile for the business year and
records the application, and the ``region.created`` payload carries the profile's code, so that each receiver,
having installed its defaults, applies its own part. ``profile`` null: the shipped defaults only."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today
from tuijin.registry.events import DESTINATIONS, emit
from tuijin.registry.organisation.models import Region
from tuijin.registry.organisation.schemas import StartingSetOut
from tuijin.registry.policies.catalogue import STORE as POLICIES
from tuijin.registry.procedures import catalogue

CREATED = "region.created"
REQUESTED = "region.starting_set_requested"


def payload(region: Region, year: int, profile: str | None = None) -> dict[str, Any]:
    """What the receivers read: the region, the business year, the profile's code (null: the shipped defaults)."""
    return {
        "region_code": region.code, "name": region.name, "level": region.level, "parent_code": region.parent_code,
        "year": year, "profile": profile,
    }


async def install(
    session: AsyncSession, region: Region, event: str = CREATED, *, profile: str | None = None
) -> StartingSetOut:
    """Install the registry's part of the region's starting set and announce it to the services that install
    theirs (``event``: ``region.created`` at creation, ``region.starting_set_requested`` on a re-install); the
    announcement carries ``profile`` (at creation: the profile the caller applies right after, see
    :func:`tuijin.registry.profiles.service.apply`)."""
    await session.flush()
    year = today().year
    types = await catalogue.add_missing(session, region.code)
    policies = await POLICIES.install_defaults(session, region.code)
    await emit(session, event, payload(region, year, profile), region.code)
    return StartingSetOut(
        region_code=region.code, year=year, profile=profile,
        procedure_types_added=[t.code for t in types], policies_added=policies, calendar="national",
        event=event, requested_from=list(DESTINATIONS.get(event, ())),
    )
