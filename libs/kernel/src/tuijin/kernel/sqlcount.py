"""Opt-in count of SQL statements per request (``TUIJIN_SQL_COUNT=true``), for the benchmark.

When on, every cursor execution of the app's engine during a request is counted (a SQLAlchemy
``before_cursor_execute`` listener and a context variable), statements counted by the services a
request called through :class:`~tuijin.kernel.upstream.Upstreams` (or the gateway's proxy) are added,
and the total is returned in the ``X-SQL-Statements`` response header. When off, neither the listener
nor the middleware is installed: nothing runs per request.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

HEADER = "x-sql-statements"
_HEADER_BYTES = HEADER.encode()


class StatementCounter:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0


current_counter: ContextVar[StatementCounter | None] = ContextVar("sql_statement_counter", default=None)


def count_statements(engine: AsyncEngine) -> None:
    """Count the engine's cursor executions into the current request's counter."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _count(*_args: Any, **_kwargs: Any) -> None:
        counter = current_counter.get()
        if counter is not None:
            counter.n += 1


def add_upstream_statements(headers: Any) -> None:
    """Add the statements another app reported in its response headers to the current request's count."""
    counter = current_counter.get()
    if counter is None:
        return
    try:
        counter.n += int(headers.get(HEADER, 0))
    except (TypeError, ValueError):
        return


class SqlCountMiddleware:
    """A fresh counter per request; its total (with any count an upstream already put in the headers, as
    the gateway's proxy passes them through) goes out in ``X-SQL-Statements`` (pure ASGI)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counter = StatementCounter()
        token = current_counter.set(counter)

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                total = counter.n
                headers = []
                for name, value in message.get("headers", []):
                    if name.lower() == _HEADER_BYTES:
                        try:
                            total += int(value)
                        except ValueError:
                            pass
                    else:
                        headers.append((name, value))
                headers.append((_HEADER_BYTES, str(total).encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            current_counter.reset(token)
