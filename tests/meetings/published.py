"""The events the meetings service publishes, whoever receives them: an event no service handles yet is published
to no destination and leaves no outbox row, so its payload is seen here."""

from __future__ import annotations

from typing import Any

import pytest

from tuijin.meetings import events as meeting_events


def record_published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """From now on, every (event type, payload) the meetings service publishes, in order."""
    seen: list[tuple[str, dict[str, Any]]] = []
    real = meeting_events.publish

    async def publish(session: Any, tables: Any, event_type: str, payload: dict[str, Any], **kw: Any) -> Any:
        seen.append((event_type, payload))
        return await real(session, tables, event_type, payload, **kw)

    monkeypatch.setattr(meeting_events, "publish", publish)
    return seen


def payloads(seen: list[tuple[str, dict[str, Any]]], event_type: str) -> list[dict[str, Any]]:
    return [payload for kind, payload in seen if kind == event_type]
