"""Events the meetings service receives and what it does with each (``HANDLERS``, given to the app).

The escalation ladder lives in the issues service; the agendas of meetings not yet held follow it here:

- ``problem.escalated`` (issues) → a problem sent up to the level of a meeting joins the agenda of the
  region's next meeting of that level (its system's, for a system meeting) whose agenda is still open, and
  leaves the open agendas of the level it left.
- ``problem.resolved`` and ``problem.closed`` (issues) → the problem leaves every agenda still open.
- ``region.created`` / ``region.starting_set_requested`` (registry) → the region's starting set: the duty rules'
  shipped default recorded as the region's own (``meeting_policies``); with a ``profile``, its part applied after.
- ``region.profile_applied`` (registry) → the region profile's meetings policies applied (docs/profiles.md).

Payloads (the issues service's ``event_payload``): {problem_id, project_id, region_code, system_id, level,
status, category, unit_id, deadline, …}; the item's title is the project's code and name, from the event when
it carries them, else read from the registry. The calendar events every service receives are added by the
kernel. Why the agenda is also built by a read of the issues service: ``docs/meetings-agenda.md``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel import profiles
from tuijin.kernel.clock import today
from tuijin.kernel.outbox import EventEnvelope, EventHandler
from tuijin.meetings.agendas import service as agendas
from tuijin.meetings.duties.policies import STORE as POLICIES

PROBLEM_ESCALATED = "problem.escalated"
PROBLEM_RESOLVED = "problem.resolved"
PROBLEM_CLOSED = "problem.closed"


async def problem_escalated(session: AsyncSession, envelope: EventEnvelope, state: Any) -> None:
    """The escalated problem joins the next open agenda of its new level and leaves those of the old one."""
    await agendas.problem_escalated(session, envelope.payload, today(), by=f"{envelope.source}:{envelope.type}",
                                    directory=getattr(state, "directory", None))


async def problem_settled(session: AsyncSession, envelope: EventEnvelope, state: Any) -> None:
    """A resolved or closed problem leaves the agendas of the meetings not yet held (agenda still open)."""
    await agendas.problem_settled(session, envelope.payload)


async def on_region_starting_set(session: AsyncSession, envelope: EventEnvelope, state: Any) -> None:
    """registry → "region.created" / "region.starting_set_requested": the region's starting set here, the shipped
    default of each policy (the duty rules) it has no value of, recorded as its own; a repeat adds nothing. A
    ``profile`` in the payload (a region profile chosen at creation): its meetings part applied after."""
    await POLICIES.install_defaults(session, str(envelope.payload["region_code"]))
    if envelope.payload.get("profile"):
        await on_profile_applied(session, envelope, state)


async def on_profile_applied(session: AsyncSession, envelope: EventEnvelope, state: Any) -> None:
    """registry → "region.profile_applied": the profile's meetings policies (the duty rules) set as the region's
    values for the year where the value in effect differs; a second delivery finds them so and writes nothing."""
    payload = envelope.payload
    code = str(payload["profile"])
    part = profiles.load_part(code, "meetings")
    await profiles.apply_part(session, POLICIES, str(payload["region_code"]), int(payload["year"]), part, code)


HANDLERS: dict[str, EventHandler] = {
    "region.created": on_region_starting_set,
    "region.starting_set_requested": on_region_starting_set,
    "region.profile_applied": on_profile_applied,
    PROBLEM_ESCALATED: problem_escalated,
    PROBLEM_RESOLVED: problem_settled,
    PROBLEM_CLOSED: problem_settled,
}
