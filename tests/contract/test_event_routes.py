"""Events are routed by handler (DESIGN.md, "How they talk"): an event type is sent to a service only if that service
handles it, and a service handles only events someone sends it.

Each service states what it publishes and to whom in ``tuijin.<svc>.events.DESTINATIONS`` (event type → receiving
services) and what it receives in ``tuijin.<svc>.handlers.HANDLERS`` (event type → handler), the table its app is
built with. The calendar's events are the kernel's: the service that owns the calendar sends every override to all
the others, and each of them applies it with the kernel's calendar handlers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

from tests.contract.apps import apps
from tuijin.kernel.calendar_routes import CALENDAR_EVENT_REMOVED, CALENDAR_EVENT_SET, calendar_event_handlers
from tuijin.kernel.settings import SERVICES

CALENDAR_EVENTS = (CALENDAR_EVENT_SET, CALENDAR_EVENT_REMOVED)


def _table(module: str, name: str) -> dict[str, Any] | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def destinations(service: str) -> dict[str, tuple[str, ...]] | None:
    return _table(f"tuijin.{service}.events", "DESTINATIONS")


def handlers(service: str) -> dict[str, Callable[..., Any]] | None:
    return _table(f"tuijin.{service}.handlers", "HANDLERS")


def calendar_owner() -> str:
    owners = [s for s in SERVICES if importlib.import_module(f"tuijin.{s}.main").SPEC.owns_calendar]
    assert len(owners) == 1, owners
    return owners[0]


def routing_problems(sent: dict[str, dict[str, tuple[str, ...]]],
                     handled: dict[str, set[str]]) -> list[str]:
    """What is wrong with a routing table: ``sent`` is sender → event type → destinations, ``handled`` receiver →
    the event types it has a handler for."""
    problems = []
    received: dict[str, set[str]] = {}
    for sender, table in sorted(sent.items()):
        for event, targets in sorted(table.items()):
            for target in targets:
                received.setdefault(target, set()).add(event)
                if target == sender:
                    problems.append(f"{sender} sends {event} to itself")
                elif event not in handled.get(target, set()):
                    problems.append(f"{sender} sends {event} to {target}, which has no handler for it")
    for receiver, events in sorted(handled.items()):
        for event in sorted(events - received.get(receiver, set())):
            problems.append(f"{receiver} handles {event}, which no service sends it")
    return problems


def _sent() -> dict[str, dict[str, tuple[str, ...]]]:
    owner = calendar_owner()
    sent = {s: dict(destinations(s) or {}) for s in SERVICES}
    sent[owner].update({e: tuple(s for s in SERVICES if s != owner) for e in CALENDAR_EVENTS})
    return sent


def _handled() -> dict[str, set[str]]:
    owner = calendar_owner()
    return {s: set(handlers(s) or {}) | (set() if s == owner else set(CALENDAR_EVENTS)) for s in SERVICES}


def _cases() -> list[Any]:
    return [pytest.param(s, id=s) for s in SERVICES]


@pytest.mark.parametrize("service", _cases())
def test_each_service_states_what_it_sends_and_what_it_handles(service):
    sent, handled = destinations(service), handlers(service)

    assert sent is not None, f"tuijin.{service}.events has no DESTINATIONS"
    assert handled is not None, f"tuijin.{service}.handlers has no HANDLERS"
    assert all(isinstance(t, tuple) and set(t) <= set(SERVICES) for t in sent.values()), sent
    app_handlers = apps()[service].state.event_handlers
    assert {e: app_handlers.get(e) for e in handled} == handled, "the app is not built with HANDLERS"
    own = set(app_handlers) - set(CALENDAR_EVENTS)
    assert own == set(handled), f"the app handles {sorted(own - set(handled))} besides HANDLERS"


@pytest.mark.parametrize("service", _cases())
def test_every_event_a_service_is_sent_it_handles_and_every_handler_has_a_sender(service):
    missing = [s for s in SERVICES if destinations(s) is None or handlers(s) is None]
    assert not missing, f"cannot check the routes without the tables of {missing}"

    problems = [p for p in routing_problems(_sent(), _handled()) if f" to {service}," in p or
                p.startswith(f"{service} handles ") or p.startswith(f"{service} sends ")]

    assert not problems, "\n".join(problems)


def test_the_calendar_goes_from_its_owner_to_every_other_service_which_applies_it():
    owner = calendar_owner()
    built = apps()
    calendar = calendar_event_handlers()

    for service in SERVICES:
        got = {e: built[service].state.event_handlers.get(e) for e in CALENDAR_EVENTS}
        if service == owner:
            assert got == dict.fromkeys(CALENDAR_EVENTS), "the owner receives its own overrides"
        else:
            assert all(got[e] is not None and got[e].__qualname__ == calendar[e].__qualname__
                       for e in CALENDAR_EVENTS), service


def test_the_routing_check_can_fail():
    sent = {"meetings": {"minutes.published": ("issues", "scoring")}, "scoring": {"ranking.published": ("issues",)}}
    handled = {"issues": {"minutes.published"}, "scoring": {"minutes.published", "project.changed"}}

    assert routing_problems(sent, handled) == [
        "scoring sends ranking.published to issues, which has no handler for it",
        "scoring handles project.changed, which no service sends it",
    ]
