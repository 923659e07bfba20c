"""What the composed views share: how a view says what it is missing, and the page size of their bulk reads. Each
view's composition (which reads it makes, all at once, in bulk, never one call per project of a list, and how
their answers are put together) is in its own module: :mod:`.dossier`, :mod:`.dashboard`, :mod:`.todos`,
:mod:`.public`."""

from __future__ import annotations

from typing import Any

from tuijin.gateway.views.fanout import Fanout
from tuijin.kernel.clock import utcnow

PAGE = 200  # the services' largest page


def status_of(fan: Fanout) -> dict[str, Any]:
    """The view's freshness and completeness fields."""
    return {
        "as_of": utcnow(),
        "complete": fan.complete,
        "missing": fan.missing,
        "truncated": fan.truncated,
        "deadline_seconds": fan.deadline,
    }


def value_of(outcome: Any) -> Any:
    return outcome.value if outcome.ok else None


def not_found_is_missing(fan: Fanout, got: dict[str, Any], services: dict[str, str]) -> None:
    """A part whose read answered 404 is listed as missing."""
    for name, outcome in got.items():
        if outcome.error is not None and outcome.error.status == 404:
            fan.mark_missing(name, services[name], "error", outcome.error.detail or "not found")
