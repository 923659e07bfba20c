"""Helpers for the outbox tests: the registry publishes; issues, meetings and scoring receive.

Everything is reached through the ``kit`` fixture (test modules do not import conftest files)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from tuijin.kernel.outbox import EventEnvelope, publish

PUBLISHER = "registry"
RECEIVERS = ("issues", "meetings", "scoring")
RECORDED = "test.recorded"


@dataclass
class Kit:
    stack: Any
    calls: list[tuple[str, uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    """Every application of a ``test.recorded`` event: (receiver, event id, payload)."""

    publisher: str = PUBLISHER
    recorded: str = RECORDED

    # ------------------------------------------------------------ reading the databases

    async def outbox(self, app: str = PUBLISHER, **where: Any) -> list[dict[str, Any]]:
        """The outbox rows of ``app`` (oldest first), optionally filtered by column values."""
        state = self.stack.apps[app].state
        t = state.kernel_tables.outbox
        stmt = select(t).order_by(t.c.created_at, t.c.id)
        for column, value in where.items():
            stmt = stmt.where(t.c[column] == value)
        async with state.sessionmaker() as session:
            return [dict(r) for r in (await session.execute(stmt)).mappings().all()]

    async def inbox(self, app: str) -> list[dict[str, Any]]:
        state = self.stack.apps[app].state
        t = state.kernel_tables.inbox
        async with state.sessionmaker() as session:
            rows = (await session.execute(select(t).order_by(t.c.received_at))).mappings().all()
            return [dict(r) for r in rows]

    async def overrides(self, app: str) -> dict[Any, bool]:
        """A receiver's copy of the calendar overrides: {day: is_working_day}."""
        state = self.stack.apps[app].state
        t = state.kernel_tables.calendar_overrides
        async with state.sessionmaker() as session:
            return {r.day: r.is_working_day for r in (await session.execute(select(t))).all()}

    async def calendar(self, app: str) -> Any:
        """The app's working calendar of region 410324 (the office's who edits) as its code sees it (through its
        cache)."""
        state = self.stack.apps[app].state
        async with state.sessionmaker() as session:
            return await state.calendar.get(session, "410324")

    # ------------------------------------------------------------ acting

    async def publish(
        self, event_type: str, payload: dict[str, Any], destinations: tuple[str, ...] = ("issues",)
    ) -> uuid.UUID:
        """Publish from the registry in a transaction of its own that commits."""
        state = self.stack.apps[PUBLISHER].state
        async with state.sessionmaker() as session, session.begin():
            return await publish(session, state.kernel_tables, event_type, payload, destinations=destinations)

    async def dispatch(self) -> dict[str, Any]:
        """Run the registry's outbox job through its admin endpoint, as an operator would."""
        resp = await self.stack.client(PUBLISHER).post(
            f"/api/v1/admin/{PUBLISHER}/jobs/outbox-dispatch/run", headers=self.stack.auth("admin")
        )
        assert resp.status_code == 200, resp.text
        return resp.json()

    def envelope(
        self, event_type: str = RECORDED, payload: dict[str, Any] | None = None, event_id: uuid.UUID | None = None
    ) -> dict[str, Any]:
        """A JSON envelope as the dispatcher sends it."""
        return EventEnvelope(
            id=event_id or uuid.uuid4(),
            type=event_type,
            source=PUBLISHER,
            occurred_at=datetime.now(UTC),
            payload=payload if payload is not None else {},
        ).model_dump(mode="json")

    def service_headers(self, service: str = PUBLISHER) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.stack.codec.service_token(service)}"}

    def recorded_by(self, receiver: str) -> list[dict[str, Any]]:
        return [payload for r, _, payload in self.calls if r == receiver]

    def _handler(self, receiver: str) -> Any:
        async def handler(session: Any, event: EventEnvelope, state: Any) -> None:
            self.calls.append((receiver, event.id, event.payload))

        return handler


@pytest.fixture
def kit(stack: Any, monkeypatch: pytest.MonkeyPatch) -> Kit:
    """The helpers, with a ``test.recorded`` handler installed on every receiver for this test."""
    k = Kit(stack)
    for receiver in RECEIVERS:
        monkeypatch.setitem(stack.apps[receiver].state.event_handlers, RECORDED, k._handler(receiver))
    return k
