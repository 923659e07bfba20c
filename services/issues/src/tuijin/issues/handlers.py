"""Handlers of the events this service receives (each applied exactly once by the kernel's inbox, in the
same transaction as the event id is recorded). Given to the app as ``event_handlers``; every type here is one
another service sends to ``issues`` (its ``events.DESTINATIONS``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory.service import store_light, store_project
from tuijin.issues.interviews.service import store_ranking
from tuijin.issues.letters import triggers
from tuijin.issues.policies.service import STORE as POLICIES
from tuijin.issues.problems.minutes import apply_minutes
from tuijin.kernel import profiles
from tuijin.kernel.outbox import EventEnvelope, EventHandler


async def on_minutes_published(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """meetings → "minutes.published": apply each decision to its problem."""
    await apply_minutes(session, event.payload, state)


async def on_decided_item_overdue(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """meetings → "decided_item.overdue": a letter to the unit charged with the item."""
    await triggers.on_decided_item_overdue(session, event.payload, state)


async def on_light_changed(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "light.changed": keep the light; a red light draws a letter to the responsible unit."""
    await store_light(session, event.payload)
    await triggers.on_light_changed(session, event.payload, state, event.id)


async def on_report_overdue(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "report.overdue": a letter to the unit that owes the report."""
    await triggers.on_report_overdue(session, event.payload, state)


async def on_project_changed(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "project.created" / "project.updated" / "project.stage_changed": refresh the project's copy
    (the full view, with its owner and co-units, read with a service token; the payload if the registry no
    longer has it)."""
    project_id = uuid.UUID(str(event.payload["project_id"]))
    refs = await state.directory.fetch_projects(session, state.upstreams, [project_id])
    if project_id not in refs:
        await store_project(session, event.payload, with_units=False)


async def on_ranking_published(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """scoring → "ranking.published": keep who was criticised, for interview candidates."""
    await store_ranking(session, event.payload)


async def on_region_starting_set(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "region.created" / "region.starting_set_requested": the region's starting set here, the shipped
    default of each policy (ladder, letters, interviews) it has no value of, recorded as its own; a repeat adds
    nothing. A ``profile`` in the payload (a region profile chosen at creation): its issues part applied after."""
    await POLICIES.install_defaults(session, str(event.payload["region_code"]))
    if event.payload.get("profile"):
        await on_profile_applied(session, event, state)


async def on_profile_applied(session: AsyncSession, event: EventEnvelope, state: Any) -> None:
    """registry → "region.profile_applied": the profile's issues policies set as the region's values for the year
    where the value in effect differs (``profile:<code>``); a second delivery finds them so and writes nothing."""
    payload = event.payload
    code = str(payload["profile"])
    part = profiles.load_part(code, "issues")
    await profiles.apply_part(session, POLICIES, str(payload["region_code"]), int(payload["year"]), part, code)


HANDLERS: dict[str, EventHandler] = {
    "region.created": on_region_starting_set,
    "region.starting_set_requested": on_region_starting_set,
    "region.profile_applied": on_profile_applied,
    "minutes.published": on_minutes_published,
    "decided_item.overdue": on_decided_item_overdue,
    "light.changed": on_light_changed,
    "report.overdue": on_report_overdue,
    "project.created": on_project_changed,
    "project.updated": on_project_changed,
    "project.stage_changed": on_project_changed,
    "ranking.published": on_ranking_published,
}
