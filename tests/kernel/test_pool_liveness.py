"""Pooled database connections on PostgreSQL: one that sat idle is checked before it is handed out, so a
connection the server closed meanwhile (a restart, an idle timeout) is replaced without the request failing;
one that came back a moment ago is handed out without a round trip."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from tests.conftest import PG_URL, asyncpg_dsn
from tuijin.kernel import db

pytestmark = pytest.mark.skipif(not PG_URL, reason="the pool is PostgreSQL's (SQLite opens a connection per use)")


async def _terminate(url: str, pid: int) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


async def test_an_idle_connection_the_server_closed_is_replaced_before_use(fresh_databases, monkeypatch):
    url = await fresh_databases.new("liveness")
    engine = db.create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
        await _terminate(url, first)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every pooled connection counts as idle
        async with engine.connect() as conn:
            second = await conn.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await engine.dispose()


async def test_a_connection_used_a_moment_ago_is_not_pinged(fresh_databases, monkeypatch):
    url = await fresh_databases.new("liveness")
    engine = db.create_engine(url, pool_size=1)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    pings: list[bool] = []
    ping = AsyncAdapt_asyncpg_connection.ping
    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", lambda self: pings.append(True) or ping(self))
    try:
        for _ in range(3):
            async with engine.connect() as conn:
                assert await conn.scalar(text("SELECT 1")) == 1
        assert len(statements) == 3
        assert pings == []
    finally:
        await engine.dispose()
