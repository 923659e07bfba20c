"""The transactional outbox and the receiving inbox.

``publish(session, ...)`` writes one outbox row per destination in the caller's transaction, so the
event exists if and only if the change does. The dispatcher (a background job, also runnable from an
admin endpoint) POSTs due rows to ``<destination>/api/v1/internal/events`` with a service token,
retries with exponential backoff and, after ``outbox_max_attempts``, leaves a row ``dead`` where an
operator can see and replay it. Receivers record each applied event id in ``inbox_events`` in the same
transaction as its effect, so a second delivery changes nothing.

Two kinds of failure are told apart:

- **the receiver is unreachable** (connection refused, a timeout, 502/503/504, 429, or an answer that
  says the delivery itself is wrong for every event: 401/403/404/405): an outage, not a bad event. The
  event stays ``pending`` and is retried with backoff, and every later event to that destination waits
  behind it, so that a service that was down gets everything, in order, when it is back;
- **the receiver's handler failed** (500, or another 4xx such as 409/422/413 from its
  ``/internal/events``): this event is bad for that receiver, not the line. It is ``parked`` with the
  error (visible in the admin outbox list, replayable) and retried on its own backoff until it is
  delivered or ``dead``, while the following events to that destination go on, except those about the
  same record (the same ``ordering_key``): they are held, still ``pending``, until the parked event is
  delivered (or replayed and delivered). A ``dead`` event holds the later events of its record the same
  way until it is replayed. Events without an ordering key wait for nothing but an outage.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx
import structlog
from pydantic import BaseModel, Field
from sqlalchemy import and_, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import is_postgres
from tuijin.kernel.tables import KernelTables

log = structlog.get_logger("tuijin.outbox")


LEASE = timedelta(seconds=60)  # how long a claimed row is left to the dispatcher that claimed it

_last_ns = 0


def ordered_uuid() -> uuid.UUID:
    """A UUID that sorts in creation order within this process (nanosecond time, then random bits),
    so events published at the same instant of a frozen clock keep their order."""
    global _last_ns
    ns = max(time.time_ns(), _last_ns + 1)
    _last_ns = ns
    return uuid.UUID(int=(ns << 64) | random.getrandbits(64))


class OutboxStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    parked = "parked"
    dead = "dead"


OUTBOX_STATUS_LABELS = {
    "pending": "待投递",
    "delivered": "已投递",
    "parked": "接收方处理失败（已搁置，可重放）",
    "dead": "投递失败（死信）",
}

HOLDING_STATUSES = (OutboxStatus.parked.value, OutboxStatus.dead.value)
"""An event in one of these states holds back the later events of its record to its destination."""

UNREACHABLE_STATUSES = frozenset({401, 403, 404, 405, 408, 425, 429, 502, 503, 504})
"""Answers that say the receiver (or the way to it) is not there or not working for any event: an outage,
retried in order. Any other error answer means the receiver's handler failed on this event."""


def record_key(payload: dict[str, Any], *fields: str, kind: str | None = None) -> str | None:
    """``"<kind>:<value>"`` of the first of ``fields`` the payload has a value for (None if none has), the
    kind defaulting to the field's name: the usual ordering key, e.g. ``record_key(payload, "project_id")``
    → ``"project_id:…"``; ``record_key(payload, "project_id", "out_project_id", kind="project")`` gives one
    key to a project whichever field names it."""
    for name in fields:
        value = payload.get(name)
        if value not in (None, ""):
            return f"{kind or name}:{value}"[:200]
    return None


class EventEnvelope(BaseModel):
    """What a receiver gets."""

    id: uuid.UUID = Field(description="event id; the same for every destination and every retry")
    type: str = Field(examples=["minutes.published"])
    source: str = Field(examples=["meetings"])
    occurred_at: datetime
    region_code: str | None = None
    payload: dict[str, Any] = Field(description="free-form: the event's fields, as its publisher's `events.py` "
                                    "documents them for its type")


EventHandler = Callable[[AsyncSession, EventEnvelope, Any], Awaitable[None]]
"""``handler(session, envelope, app_state)``: apply the event in the receiver's transaction."""


async def publish(
    session: AsyncSession,
    tables: KernelTables,
    event_type: str,
    payload: dict[str, Any],
    *,
    destinations: list[str] | tuple[str, ...],
    region_code: str | None = None,
    ordering_key: str | None = None,
) -> uuid.UUID:
    """Record an event for each destination in the caller's transaction; returns the event id.

    ``ordering_key`` names the record the event is about (e.g. ``record_key(payload, "project_id")``):
    events with the same key reach each destination in the order they were published, and a parked one
    holds back the later ones. None: the event keeps its place in line only through outages."""
    event_id = uuid.uuid4()
    now = utcnow()
    if destinations:
        await session.execute(
            insert(tables.outbox),
            [
                {
                    "id": ordered_uuid(),
                    "event_id": event_id,
                    "event_type": event_type,
                    "destination": dest,
                    "region_code": region_code,
                    "ordering_key": ordering_key[:200] if ordering_key else None,
                    "payload": payload,
                    "status": OutboxStatus.pending.value,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for dest in destinations
            ],
        )
    return event_id


def backoff(attempts: int, *, base: float, cap: float) -> timedelta:
    """Exponential backoff with full jitter: up to base·2^(attempts-1) seconds, capped."""
    ceiling = min(cap, base * (2 ** max(0, attempts - 1)))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def _due_rows(t: Any, now: datetime, batch: int) -> Any:
    """The statement selecting the rows due for delivery, oldest first."""
    # a pending row waits while an older pending row to its destination waits out its backoff (or
    # is leased): an outage keeps the destination's events in the order they were published
    earlier = t.alias("earlier")
    waiting_behind = (
        select(earlier.c.id)
        .where(
            earlier.c.destination == t.c.destination,
            earlier.c.status == OutboxStatus.pending.value,
            earlier.c.next_attempt_at > now,
            tuple_(earlier.c.created_at, earlier.c.id) < tuple_(t.c.created_at, t.c.id),
        )
        .exists()
    )
    # a row is held while an older event about the same record to its destination is parked or dead
    blocker = t.alias("blocker")
    held = (
        select(blocker.c.id)
        .where(
            blocker.c.destination == t.c.destination,
            blocker.c.ordering_key == t.c.ordering_key,
            blocker.c.status.in_(HOLDING_STATUSES),
            tuple_(blocker.c.created_at, blocker.c.id) < tuple_(t.c.created_at, t.c.id),
        )
        .exists()
    )
    return (
        select(t)
        .where(
            or_(
                and_(t.c.status == OutboxStatus.pending.value, ~waiting_behind),
                t.c.status == OutboxStatus.parked.value,
            ),
            t.c.next_attempt_at <= now,
            or_(t.c.ordering_key.is_(None), ~held),
        )
        .order_by(t.c.created_at, t.c.id)
        .limit(batch)
    )


class OutboxDispatcher:
    """Delivers due outbox rows. Safe with several replicas: on PostgreSQL rows are claimed with
    ``FOR UPDATE SKIP LOCKED``; on SQLite the database has a single writer anyway."""

    def __init__(
        self,
        *,
        source: str,
        tables: KernelTables,
        sessionmaker: async_sessionmaker[AsyncSession],
        client_for: Callable[[str], httpx.AsyncClient],
        token: Callable[[], str],
        max_attempts: int,
        backoff_base: float,
        backoff_cap: float,
    ) -> None:
        self.source = source
        self.tables = tables
        self.sessionmaker = sessionmaker
        self.client_for = client_for
        self.token = token
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap

    async def dispatch(self, *, batch: int = 100) -> dict[str, int]:
        """Deliver due rows. Rows are first claimed in a short transaction (a lease: their next attempt
        moves ``LEASE`` ahead, so no other replica takes them), then delivered with no transaction
        open, then each outcome is written in its own short transaction. A crash mid-way leaves the
        rows to be retried after the lease; receivers drop the duplicate.

        Counts: ``delivered``; ``retrying`` (left pending after an outage, or parked after a handler
        failure, both to be tried again); ``dead``."""
        counts = {"delivered": 0, "retrying": 0, "dead": 0}
        rows = await self._claim(batch)
        down: set[str] = set()  # destinations found unreachable in this round: nothing more goes there
        parked: set[tuple[str, str]] = set()  # (destination, ordering key) whose earlier event failed this round
        for row in rows:
            destination, key = row["destination"], row["ordering_key"]
            if destination in down or (key is not None and (destination, key) in parked):
                values: dict[str, Any] = {"next_attempt_at": row["next_attempt_at"]}  # give the lease back
            else:
                values = await self._attempt(row, counts, down, parked)
            t = self.tables.outbox
            async with self.sessionmaker() as session, session.begin():
                await session.execute(update(t).where(t.c.id == row["id"]).values(**values))
        return counts

    async def _claim(self, batch: int) -> Sequence[Any]:
        """Take up to ``batch`` due rows in a short transaction, leasing them (their next attempt moves
        ``LEASE`` ahead) so that no other replica takes them."""
        t = self.tables.outbox
        async with self.sessionmaker() as session, session.begin():
            now = utcnow()
            stmt = _due_rows(t, now, batch)
            if is_postgres(session):
                stmt = stmt.with_for_update(skip_locked=True)
            rows = (await session.execute(stmt)).mappings().all()
            if rows:
                await session.execute(
                    update(t).where(t.c.id.in_([r["id"] for r in rows])).values(next_attempt_at=now + LEASE)
                )
        return rows

    async def _attempt(self, row: Any, counts: dict[str, int], down: set[str],
                       parked: set[tuple[str, str]]) -> dict[str, Any]:
        """Deliver one row; the values to write on it. Counts the outcome, and notes an unreachable
        destination in ``down`` and a failed record's (destination, key) in ``parked``."""
        failure = await self._deliver(row)
        now = utcnow()
        if failure is None:
            counts["delivered"] += 1
            return {"status": OutboxStatus.delivered.value, "delivered_at": now,
                    "attempts": row["attempts"] + 1, "last_error": None}
        destination, key = row["destination"], row["ordering_key"]
        error, unreachable = failure
        attempts = row["attempts"] + 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:2000]}
        if unreachable:
            down.add(destination)
        elif row["status"] == OutboxStatus.pending.value:
            values["status"] = OutboxStatus.parked.value
            log.warning("outbox_parked", event_id=str(row["event_id"]), event_type=row["event_type"],
                        destination=destination, ordering_key=key, error=error)
        if key is not None:
            parked.add((destination, key))
        if attempts >= self.max_attempts:
            values["status"] = OutboxStatus.dead.value
            counts["dead"] += 1
            log.warning("outbox_dead_letter", event_id=str(row["event_id"]),
                        destination=destination, error=error)
        else:
            values["next_attempt_at"] = now + backoff(
                attempts, base=self.backoff_base, cap=self.backoff_cap
            )
            counts["retrying"] += 1
        return values

    async def _deliver(self, row: Any) -> tuple[str, bool] | None:
        """None when delivered; else the error and whether the receiver was unreachable (an outage) rather
        than failing on this event."""
        envelope = {
            "id": str(row["event_id"]),
            "type": row["event_type"],
            "source": self.source,
            "occurred_at": row["created_at"].isoformat(),
            "region_code": row["region_code"],
            "payload": row["payload"],
        }
        try:
            client = self.client_for(row["destination"])
            resp = await client.post(
                "/api/v1/internal/events", json=envelope, headers={"Authorization": f"Bearer {self.token()}"}
            )
        except (httpx.HTTPError, KeyError) as exc:
            return f"{type(exc).__name__}: {exc}", True
        if resp.status_code >= 300:
            unreachable = resp.status_code < 400 or resp.status_code in UNREACHABLE_STATUSES or resp.status_code > 500
            return f"HTTP {resp.status_code}: {resp.text[:500]}", unreachable
        return None


async def replay(session: AsyncSession, tables: KernelTables, outbox_id: uuid.UUID) -> bool:
    """Put a parked or dead (or pending) row back in line for delivery now, in its original place among the
    events to its destination; False if there is no such row. The events of its record held behind it
    follow it once it is delivered."""
    t = tables.outbox
    result = await session.execute(
        update(t)
        .where(t.c.id == outbox_id, t.c.status != OutboxStatus.delivered.value)
        .values(status=OutboxStatus.pending.value, attempts=0, next_attempt_at=utcnow())
    )
    return result.rowcount == 1


async def apply_event(
    session: AsyncSession,
    tables: KernelTables,
    handlers: dict[str, EventHandler],
    envelope: EventEnvelope,
    state: Any = None,
) -> str:
    """Apply an incoming event once: ``applied``, ``ignored`` (no handler) or ``duplicate``."""
    seen = await session.scalar(select(tables.inbox.c.event_id).where(tables.inbox.c.event_id == envelope.id))
    if seen is not None:
        return "duplicate"
    handler = handlers.get(envelope.type)
    outcome = "applied" if handler else "ignored"
    if handler is not None:
        await handler(session, envelope, state)
    await session.execute(
        insert(tables.inbox).values(
            event_id=envelope.id, event_type=envelope.type, source=envelope.source, outcome=outcome,
            received_at=utcnow(),
        )
    )
    return outcome
