"""Test harness: every app on its own freshly migrated database (SQLite files, or PostgreSQL
databases when ``TUIJIN_TEST_PG_URL`` names a server), wired together in one process through
httpx's ASGI transport, with the tables emptied after each test and the clock reset."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from tuijin.kernel.auth import GATEWAY, Principal, TokenCodec
from tuijin.kernel.clock import clock
from tuijin.kernel.keys import PUBLIC_KEYS_VAR, new_key_set, private_key_var
from tuijin.kernel.migrations import upgrade
from tuijin.kernel.settings import APPS, CommonSettings, load_settings

PG_URL = os.environ.get("TUIJIN_TEST_PG_URL")
KEYS = new_key_set()
"""The session's token keys: one private key per app and the line of their public keys."""
ADMIN_PASSWORD = "admin-password-for-tests"
REGION = "410324"


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_pg_database(name: str) -> str:
    """Create database ``name`` on the test server; returns its SQLAlchemy URL."""
    import asyncpg

    conn = await asyncpg.connect(asyncpg_dsn(PG_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = PG_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


async def drop_pg_database(name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(asyncpg_dsn(PG_URL))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


class FreshDatabases:
    """Creates empty databases (and drops them at the end of the session)."""

    def __init__(self, tmp_dir: Any) -> None:
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    async def new(self, label: str) -> str:
        name = f"tj_{label}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if PG_URL:
            self.created.append(name)
            return await create_pg_database(name)
        return f"sqlite+aiosqlite:///{self.tmp_dir / (name + '.sqlite3')}"

    async def drop_all(self) -> None:
        for name in self.created:
            await drop_pg_database(name)


@pytest.fixture(scope="session")
async def fresh_databases(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FreshDatabases]:
    dbs = FreshDatabases(tmp_path_factory.mktemp("db"))
    yield dbs
    await dbs.drop_all()


def private_key(app: str) -> str:
    """``app``'s private token key of this session (given to that app only)."""
    return KEYS[private_key_var(app)]


def common_settings(**overrides: Any) -> CommonSettings:
    values: dict[str, Any] = {
        "environment": "test", "jwt_public_keys": KEYS[PUBLIC_KEYS_VAR], "clock_control": True,
        "background_jobs": False,
        "outbox_backoff_base_seconds": 1.0, "outbox_backoff_max_seconds": 60.0, "outbox_max_attempts": 5,
    }
    values.update(overrides)
    return CommonSettings(**values)


class SwitchableTransport(httpx.AsyncBaseTransport):
    """An in-process transport to an app that a test can take down (connection refused) and up."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.down = False
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused (test)", request=request)
        self.requests += 1
        return await self.inner.handle_async_request(request)


class KeyRing:
    """Signs tokens as the apps would: user claims with the gateway's key, a service's own token with that
    service's key (each app's codec, built from the session's keys)."""

    def __init__(self, common: CommonSettings) -> None:
        self.codecs = {app: TokenCodec(common, name=app, private_key=private_key(app)) for app in APPS}

    def encode(self, claims: dict[str, Any], ttl: timedelta) -> str:
        return self.codecs[GATEWAY].encode(claims, ttl)

    def service_token(self, service: str) -> str:
        return self.codecs[service].service_token()

    def decode(self, token: str) -> dict[str, Any]:
        return self.codecs[GATEWAY].decode(token)

    def principal(self, token: str) -> Principal:
        return self.codecs[GATEWAY].principal(token)


@dataclass
class Stack:
    """The five apps of one test session, wired in-process."""

    apps: dict[str, Any]
    transports: dict[str, SwitchableTransport]
    codec: KeyRing
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)

    def client(self, name: str) -> httpx.AsyncClient:
        return self.clients[name]

    def token(self, *roles: str, region: str | None = REGION, unit: uuid.UUID | None = None,
              sub: str | None = None, ttl: timedelta = timedelta(minutes=15)) -> str:
        claims = {"sub": sub or f"test:{'-'.join(roles) or 'none'}", "roles": list(roles), "region": region,
                  "unit": str(unit) if unit else None, "typ": "access"}
        return self.codec.encode(claims, ttl)

    def auth(self, *roles: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kw)}"}


def build_app(name: str, url: str, transports: dict[str, Any], **common_overrides: Any) -> Any:
    settings_common = common_settings(**common_overrides)
    if name == "gateway":
        from tuijin.gateway.main import create_app
        from tuijin.gateway.settings import GatewaySettings

        settings = load_settings("gateway", GatewaySettings, database_url=url, common=settings_common,
                                 jwt_private_key=private_key(name), admin_password=ADMIN_PASSWORD,
                                 login_max_failures=3)
        return create_app(settings, transports=transports)
    module = __import__(f"tuijin.{name}.main", fromlist=["create_app"])
    settings = load_settings(name, database_url=url, common=settings_common, jwt_private_key=private_key(name))
    return module.create_app(settings, transports=transports)


@pytest.fixture(scope="session")
async def stack(fresh_databases: FreshDatabases) -> AsyncIterator[Stack]:
    urls = {}
    for name in APPS:
        urls[name] = await fresh_databases.new(name)
        await asyncio.to_thread(upgrade, f"tuijin.{name}", urls[name])
    transports: dict[str, Any] = {}
    apps = {name: build_app(name, urls[name], transports) for name in APPS}
    for name, app in apps.items():
        transports[name] = SwitchableTransport(app)
    async with AsyncExitStack() as exit_stack:
        for app in apps.values():
            await exit_stack.enter_async_context(app.router.lifespan_context(app))
        s = Stack(apps=apps, transports=transports, codec=KeyRing(common_settings()))
        for name in APPS:
            s.clients[name] = await exit_stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=apps[name], raise_app_exceptions=False),
                                  base_url=f"http://{name}.test")
            )
        yield s


@pytest.fixture(autouse=True)
async def _clean_state(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """After each test: empty every table (the gateway keeps its first admin), reset the clock and
    bring every transport back up."""
    yield
    clock.reset()
    if "stack" not in request.fixturenames:
        return
    s: Stack = request.getfixturevalue("stack")
    for name, app in s.apps.items():
        s.transports[name].down = False
        app.state.calendar.invalidate()
        engine = app.state.engine
        tables = [t.name for t in reversed(_metadata(name).sorted_tables)]
        keep_admin = name == "gateway"  # hashing the admin's password again for every test is slow
        if keep_admin:
            tables.remove("users")
        async with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                await conn.execute(text(f"TRUNCATE {', '.join(tables)}"))
            else:
                for t in tables:
                    await conn.execute(text(f"DELETE FROM {t}"))
            if keep_admin:
                await conn.execute(text("DELETE FROM users WHERE username <> 'admin'"))
                await conn.execute(text("UPDATE users SET is_active = :t, password_hash = :h"),
                                   {"t": True, "h": _admin_hash(s)})


def _admin_hash(s: Stack) -> str:
    """The first admin's password hash as created at start-up, restored after every test."""
    if "admin_hash" not in s.__dict__:
        from tuijin.gateway.accounts import hash_password

        s.__dict__["admin_hash"] = hash_password(ADMIN_PASSWORD)
    return s.__dict__["admin_hash"]


def _metadata(name: str) -> Any:
    return __import__(f"tuijin.{name}.models", fromlist=["Base"]).Base.metadata
