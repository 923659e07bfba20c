"""``Idempotency-Key`` for retried writes (pure ASGI).

A POST/PUT/PATCH/DELETE carrying the header is executed once per (caller, method, path, key). Its
successful response is stored in the same transaction as the change it made (through the unit of
work's before-commit hook), so a retry after a lost response replays the stored response instead of
writing twice. The same key with a different body is refused (422 ``idempotency_key_reused``).
Errors are not stored: the client may fix the request and retry with the same key.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import BEFORE_COMMIT_KEY
from tuijin.kernel.errors import PROBLEM_JSON, ProblemError, Unprocessable
from tuijin.kernel.tables import KernelTables

HEADER = b"idempotency-key"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_KEPT_HEADERS = {b"content-type", b"location", b"etag"}


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
            await _send_problem(send, Unprocessable("Idempotency-Key is longer than 255 characters.",
                                                    code="idempotency_key_invalid"))
            return
        caller = _caller(scope)
        if caller is None:  # the route refuses the token (401); nothing to store or replay
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        query = scope.get("query_string", b"").decode("latin-1")
        scope_key = hashlib.sha256(
            f"{caller}\n{scope['method']}\n{scope['path']}?{query}\n{key}".encode()
        ).hexdigest()
        request_hash = hashlib.sha256(body).hexdigest()
        state = scope["app"].state
        t = state.kernel_tables.idempotency
        sessionmaker: async_sessionmaker[AsyncSession] = state.sessionmaker
        async with sessionmaker() as session:
            row = (await session.execute(select(t).where(t.c.scope_key == scope_key))).mappings().first()
        if row is not None:
            if row["request_hash"] != request_hash:
                await _send_problem(send, Unprocessable(
                    "This Idempotency-Key was already used with a different request body.",
                    code="idempotency_key_reused"))
                return
            headers = [(k.encode(), v.encode()) for k, v in row["headers"]]
            headers.append((b"idempotent-replayed", b"true"))
            await send({"type": "http.response.start", "status": row["status_code"], "headers": headers})
            await send({"type": "http.response.body", "body": row["body"]})
            return

        async def store(session: AsyncSession, held: list[dict]) -> None:
            start = held[0]
            if start["status"] >= 300:
                return
            kept = [(k.decode(), v.decode()) for k, v in start.get("headers", []) if k.lower() in _KEPT_HEADERS]
            payload = b"".join(m.get("body", b"") for m in held[1:])
            await session.execute(insert(t).values(
                scope_key=scope_key, request_hash=request_hash, status_code=start["status"], headers=kept,
                body=payload, created_at=utcnow(),
            ))

        scope[BEFORE_COMMIT_KEY] = store
        replayed = False

        async def replay_receive() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay_receive, send)


async def prune_idempotency_keys(session: AsyncSession, tables: KernelTables, *, older_than: timedelta) -> int:
    result = await session.execute(
        delete(tables.idempotency).where(tables.idempotency.c.created_at < utcnow() - older_than)
    )
    return result.rowcount or 0


async def _send_problem(send: Any, err: Unprocessable) -> None:
    body = json.dumps(err.to_problem()).encode()
    await send({"type": "http.response.start", "status": err.status,
                "headers": [(b"content-type", PROBLEM_JSON.encode())]})
    await send({"type": "http.response.body", "body": body})
