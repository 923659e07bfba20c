"""Async engine and sessions, the declarative base with a constraint naming convention, and the
unit of work: one session per request, committed once when the response is a success, rolled back
otherwise (see :class:`UnitOfWorkMiddleware`)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

import structlog
from fastapi import Depends, Request
from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator, Uuid, event
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import NullPool

from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import PROBLEM_JSON, CommitFailed, ProblemError, integrity_problem, stale_data_problem
from tuijin.kernel.numbers import WAN_COLUMN

log = structlog.get_logger("tuijin.db")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """An aware UTC instant. SQLite keeps no zone, so values are normalised on the way in and out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC instant is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Money is Decimal in 万元 (10,000 yuan); 4 decimal places keep it exact to the yuan, 15 digits keep it exact
# on SQLite too (see tuijin.kernel.numbers)
Money = WAN_COLUMN
JSONType = JSON()


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Base(DeclarativeBase):
    """Declarative base of one service; each service subclasses it to get its own metadata."""

    __abstract__ = True
    type_annotation_map = {  # noqa: RUF012
        datetime: UTCDateTime(),
        Decimal: Money,
        uuid.UUID: Uuid(),
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        str: String(),
    }


def make_base() -> type[DeclarativeBase]:
    """A fresh declarative base with its own MetaData and the naming convention."""

    class ServiceBase(Base):
        __abstract__ = True
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    return ServiceBase


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """An async engine for PostgreSQL (asyncpg) or SQLite (aiosqlite)."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, poolclass=NullPool, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    engine = create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size)
    _ping_idle_connections(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 5.0
_LAST_USED = "tuijin.last_used"


def _ping_idle_connections(engine: AsyncEngine) -> None:
    """Pessimistic disconnect handling, but only for connections that sat idle in the pool: one that came back
    less than ``PING_AFTER_IDLE_SECONDS`` ago is handed out as it is, one idle longer is pinged first and, if the
    server has closed it meanwhile (a restart, an idle timeout), replaced before the request sees it. SQLAlchemy's
    ``pool_pre_ping`` pings on every checkout: a round trip per request for nothing under load."""

    @event.listens_for(engine.sync_engine, "connect")
    def _fresh(_dbapi_conn: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_conn.ping()
        except Exception as exc:  # the pool discards this connection and checks out another (up to 3 tries)
            raise DisconnectionError(str(exc)) from exc


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def is_postgres(session_or_engine: AsyncSession | AsyncEngine) -> bool:
    bind = session_or_engine.bind if isinstance(session_or_engine, AsyncSession) else session_or_engine
    return bind.dialect.name == "postgresql"


SESSION_KEY = "tuijin.session"
BEFORE_COMMIT_KEY = "tuijin.before_commit"
UNDO_KEY = "tuijin.undo_on_rollback"
AFTER_COMMIT_KEY = "tuijin.after_commit"


def on_rollback(session: AsyncSession, undo: Callable[[], Awaitable[None]]) -> None:
    """Run ``undo`` if the request's transaction is rolled back instead of committed (a refused request, a
    commit that fails): what was done outside the database for it (a file stored) is undone, so nothing is left
    half-written. Forgotten once the transaction commits."""
    session.info.setdefault(UNDO_KEY, []).append(undo)


def on_commit(session: AsyncSession, action: Callable[[], Awaitable[None]]) -> None:
    """Run ``action`` once the request's transaction has committed (removing a stored file whose row was deleted):
    never when it is rolled back. One that fails is logged; the response stands."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(action)


async def _run_all(actions: list[Callable[[], Awaitable[None]]], event_name: str) -> None:
    for action in actions:
        try:
            await action()
        except Exception:
            log.exception(event_name)


async def run_undo(session: AsyncSession) -> None:
    """Run (and forget) the undo callbacks registered with :func:`on_rollback`, newest first; one that fails is
    logged and the others still run."""
    session.info.pop(AFTER_COMMIT_KEY, None)
    await _run_all(list(reversed(session.info.pop(UNDO_KEY, []))), "undo_failed")


class UnitOfWorkMiddleware:
    """One commit point per request (pure ASGI).

    The request's session is opened lazily by :func:`get_session`. When the app has produced its
    whole response, the session is committed if the status is below 400 and rolled back otherwise;
    the response is held back until then, so a client never sees success for a write that failed
    to commit. Requests that never touch the database stream straight through.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[dict] = []
        status_holder: dict[str, int] = {}

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
            session: AsyncSession | None = scope.get(SESSION_KEY)
            if session is None and not held:
                await send(message)
                return
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                await self._finish(scope, send, held, status_holder.get("status", 500))

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            session = scope.pop(SESSION_KEY, None)
            if session is not None:
                await session.rollback()
                await run_undo(session)
                await session.close()

    async def _finish(self, scope: dict, send: Any, held: list[dict], status: int) -> None:
        session: AsyncSession | None = scope.get(SESSION_KEY)
        if session is not None:
            try:
                if status < 400:
                    hook = scope.get(BEFORE_COMMIT_KEY)
                    if hook is not None:
                        await hook(session, held)
                    await session.commit()
                    session.info.pop(UNDO_KEY, None)
                    await _run_all(session.info.pop(AFTER_COMMIT_KEY, []), "after_commit_failed")
                else:
                    await session.rollback()
            except Exception as exc:  # commit failed: the client must not see the success
                await session.rollback()
                err: ProblemError
                if isinstance(exc, IntegrityError):
                    log.info("commit_conflict", error=str(exc.orig)[:300])
                    err = integrity_problem()
                elif isinstance(exc, StaleDataError):  # a concurrent edit committed first
                    log.info("commit_stale", error=str(exc))
                    err = stale_data_problem()
                elif isinstance(exc, ProblemError):  # refused by the before-commit hook
                    err = exc
                else:
                    log.exception("commit_failed")
                    err = CommitFailed("The change could not be saved.")
                body = json.dumps(err.to_problem()).encode()
                held[:] = [
                    {
                        "type": "http.response.start",
                        "status": err.status,
                        "headers": [
                            (b"content-type", PROBLEM_JSON.encode()),
                            (b"content-length", str(len(body)).encode()),
                            *((k.lower().encode(), v.encode()) for k, v in err.headers.items()),
                        ],
                    },
                    {"type": "http.response.body", "body": body},
                ]
        for message in held:
            await send(message)
        held.clear()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session (one per request; committed by :class:`UnitOfWorkMiddleware`)."""
    session = request.scope.get(SESSION_KEY)
    if session is None:
        session = request.app.state.sessionmaker()
        request.scope[SESSION_KEY] = session
    yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
