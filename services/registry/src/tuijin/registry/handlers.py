"""Events the registry receives: none. The registry is the source of projects, organisation, reports and lights;
it reads nothing another service announces (the other services call its API or receive its events), so its
inbox handles no event type. A handler added here is registered through ``create_app(event_handlers=...)``."""

from __future__ import annotations

from tuijin.kernel.outbox import EventHandler

HANDLERS: dict[str, EventHandler] = {}
