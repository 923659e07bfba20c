"""``Idempotency-Key`` for retried writes (pure ASGI).

A POST/PUT/PATCH/DELETE carrying the header is executed once per (caller, method, path, key). Its
successful response is stored in the same transaction as the change it made (through the unit of
work's before-commit hook), so a retry after a lost response replays the stored response instead of
writing twice. The same key with a different body is refused (422 ``idempotency_key_reused``).
Errors are not stored: the client may fix the request and retry with the same key.

Duplicates that arrive while the first is still running (a phone on a bad network resends before the
first answer came back) are ordered through the database, so that it holds across processes and
replicas: before running, a request claims its key by inserting a *pending* row (``status_code`` 0)
in a short transaction of its own, committed before the work starts; the primary key decides the one
winner. The others poll that row until it holds the winner's response and replay it, or, when the
winner failed and released its claim, claim the key themselves and run. A request that waited
``idempotency_wait_seconds`` in vain answers 409 ``idempotency_in_progress`` with ``Retry-After``. A
claim left behind by a crashed process is taken over after ``CLAIM_LEASE``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import BEFORE_COMMIT_KEY
from tuijin.kernel.errors import PROBLEM_JSON, Conflict, ProblemError, Unprocessable
from tuijin.kernel.tables import KernelTables

log = structlog.get_logger("tuijin.idempotency")

HEADER = b"idempotency-key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_KEPT_HEADERS = {b"content-type", b"location", b"etag"}

PENDING = 0
"""``status_code`` of a claimed key whose request is still running (no HTTP status is 0)."""
CLAIM_LEASE = timedelta(minutes=2)
"""A pending claim older than this belongs to a request whose process died: another may take it over."""
DEFAULT_WAIT_SECONDS = 10.0
_POLL_FIRST, _POLL_MAX = 0.02, 0.25  # seconds between looks at a pending claim (doubling)
RETRY_AFTER_SECONDS = 2


def _caller(scope: dict) -> str | None:
    """Who is retrying: the subject of the verified token, ``anonymous`` without one, None when the
    token does not verify (then nothing may be replayed to it: a forged token naming someone else's
    subject would otherwise be served their stored response)."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            token = value.decode("latin-1").split(" ", 1)[-1]
            try:
                claims = scope["app"].state.tokens.decode(token)
            except ProblemError:
                return None
            return str(claims.get("sub", "anonymous"))
    return "anonymous"


def scope_key_of(caller: str, method: str, path: str, query: str, key: str) -> str:
    """The stored key: one per caller, method, path (with its query) and Idempotency-Key."""
    return hashlib.sha256(f"{caller}\n{method}\n{path}?{query}\n{key}".encode()).hexdigest()


class IdempotencyInProgress(Conflict):
    """A request with the same Idempotency-Key is still running (409, with ``Retry-After``)."""

    code = "idempotency_in_progress"


class IdempotencyKeyReused(Unprocessable):
    """The Idempotency-Key was used before with another request body."""

    code = "idempotency_key_reused"


class IdempotencyKeyInvalid(Unprocessable):
    """The Idempotency-Key is longer than 255 characters."""

    code = "idempotency_key_invalid"


def in_progress() -> Conflict:
    err = IdempotencyInProgress(
        "同一幂等键（Idempotency-Key）的请求仍在处理中，请稍后重试。"
        " A request with this Idempotency-Key is still running; retry after a moment.",
    )
    err.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return err


def key_reused() -> Unprocessable:
    return IdempotencyKeyReused("This Idempotency-Key was already used with a different request body.")


class IdempotencyMiddleware:
    """Reads the session factory and tables from ``app.state`` (set at start-up)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        key = next((v.decode("latin-1") for n, v in scope.get("headers", ()) if n == HEADER), None)
        if not key:
            await self.app(scope, receive, send)
            return
        if len(key) > 255:
            await _send_problem(send, IdempotencyKeyInvalid("Idempotency-Key is longer than 255 characters."))
            return
        caller = _caller(scope)
        if caller is None:  # the route refuses the token (401); nothing to store or replay
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        scope_key = scope_key_of(caller, scope["method"], scope["path"],
                                 scope.get("query_string", b"").decode("latin-1"), key)
        request_hash = hashlib.sha256(body).hexdigest()
        state = scope["app"].state
        t = state.kernel_tables.idempotency
        sessionmaker: async_sessionmaker[AsyncSession] = state.sessionmaker
        common = getattr(getattr(state, "settings", None), "common", None)
        wait = getattr(common, "idempotency_wait_seconds", DEFAULT_WAIT_SECONDS)

        outcome = await _claim_or_wait(sessionmaker, t, scope_key, request_hash, wait)
        if isinstance(outcome, ProblemError):
            await _send_problem(send, outcome)
            return
        if not isinstance(outcome, datetime):  # the stored response of the request that ran
            await _send_stored(send, outcome)
            return
        # this request owns the key: run it
        await self._run_claimed(scope, body, receive, send, sessionmaker, t, scope_key, claimed_at=outcome)

    async def _run_claimed(self, scope: dict, body: bytes, receive: Any, send: Any,
                           sessionmaker: async_sessionmaker[AsyncSession], t: Table, scope_key: str,
                           claimed_at: datetime) -> None:
        """Run the request that holds the key; its success is stored in the route's own transaction (just
        before the commit), anything else releases the key."""
        stored = False

        async def store(session: AsyncSession, held: list[dict]) -> None:
            nonlocal stored
            start = held[0]
            if start["status"] >= 300:
                return
            kept = [(k.decode(), v.decode()) for k, v in start.get("headers", []) if k.lower() in _KEPT_HEADERS]
            payload = b"".join(m.get("body", b"") for m in held[1:])
            result = await session.execute(
                update(t)
                .where(t.c.scope_key == scope_key, t.c.status_code == PENDING, t.c.created_at == claimed_at)
                .values(status_code=start["status"], headers=kept, body=payload)
            )
            if result.rowcount != 1:  # the claim expired and another request took it over: do not write twice
                raise in_progress()
            stored = True

        scope[BEFORE_COMMIT_KEY] = store
        replayed = False

        async def replay_receive() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        try:
            await self.app(scope, replay_receive, send)
        finally:
            if not stored:  # failed, refused, nothing to store, or crashed: a retry may run again
                await asyncio.shield(_release(sessionmaker, t, scope_key, claimed_at))


async def _read_body(receive: Any) -> bytes:
    """The whole request body (the route reads it again from a replay)."""
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


async def _send_stored(send: Any, stored: dict[str, Any]) -> None:
    """Answer with the stored response of the request that ran, marked as a replay."""
    headers = [(k.encode(), v.encode()) for k, v in stored["headers"]]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored["status_code"], "headers": headers})
    await send({"type": "http.response.body", "body": stored["body"]})


async def _claim_or_wait(
    sessionmaker: async_sessionmaker[AsyncSession], t: Table, scope_key: str, request_hash: str, wait: float
) -> datetime | dict[str, Any] | ProblemError:
    """The claim's instant when this request may run; the stored row when it should replay; a problem
    (key reused with another body, or still in progress after ``wait`` seconds) otherwise.

    The row is read before any write: a duplicate of a running request only reads (on SQLite it would
    otherwise queue for the single writer behind the very request it waits for)."""
    deadline = time.monotonic() + wait
    pause = _POLL_FIRST
    while True:
        async with sessionmaker() as session:
            row = (await session.execute(select(t).where(t.c.scope_key == scope_key))).mappings().first()
        claimed_at = utcnow()
        try:
            if row is None:
                async with sessionmaker() as session, session.begin():
                    await session.execute(insert(t).values(
                        scope_key=scope_key, request_hash=request_hash, status_code=PENDING, headers=[],
                        body=b"", created_at=claimed_at,
                    ))
                return claimed_at
            if row["request_hash"] != request_hash:
                return key_reused()
            if row["status_code"] != PENDING:
                return dict(row)
            if row["created_at"] < utcnow() - CLAIM_LEASE:
                async with sessionmaker() as session, session.begin():  # its owner died: take the claim over
                    taken = await session.execute(
                        update(t)
                        .where(t.c.scope_key == scope_key, t.c.status_code == PENDING,
                               t.c.created_at == row["created_at"])
                        .values(created_at=claimed_at)
                    )
                if taken.rowcount == 1:
                    log.warning("idempotency_claim_taken_over", claimed_at=row["created_at"].isoformat())
                    return claimed_at
        except IntegrityError:
            continue  # another duplicate claimed it between our read and our insert: read again
        except OperationalError:  # the database is busy (SQLite's writer lock): look again after a pause
            log.info("idempotency_claim_busy")
        if time.monotonic() >= deadline:
            return in_progress()
        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, _POLL_MAX)


async def _release(sessionmaker: async_sessionmaker[AsyncSession], t: Table, scope_key: str,
                   claimed_at: datetime) -> None:
    """Forget this request's pending claim (a no-op once its response is stored)."""
    try:
        async with sessionmaker() as session, session.begin():
            await session.execute(delete(t).where(
                t.c.scope_key == scope_key, t.c.status_code == PENDING, t.c.created_at == claimed_at))
    except Exception:  # the claim then expires after CLAIM_LEASE
        log.exception("idempotency_release_failed")


async def prune_idempotency_keys(session: AsyncSession, tables: KernelTables, *, older_than: timedelta) -> int:
    result = await session.execute(
        delete(tables.idempotency).where(tables.idempotency.c.created_at < utcnow() - older_than)
    )
    return result.rowcount or 0


async def _send_problem(send: Any, err: ProblemError) -> None:
    body = json.dumps(err.to_problem()).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in err.headers.items()]
    await send({"type": "http.response.start", "status": err.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
