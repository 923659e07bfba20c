"""Fixtures of the kernel tests.

``kernel_app``: a small service built with the kernel's app factory, with routes the real services
do not have (writes that then fail with a problem or a crash, an ``If-Match``-guarded edit, a keyset-
paginated list, an ORM insert flushed only at commit), on its own fresh database (SQLite or
PostgreSQL, like the stack). Test modules import nothing from here (the suite may run in importlib
import mode): what they need is on the fixture object.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import Column, Integer, String, Table, Uuid, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.auth import CurrentPrincipal, TokenCodec
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep, UTCDateTime, create_engine, make_base
from tuijin.kernel.errors import Conflict, NotFound
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.keys import generate_private_key, public_key_text
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.settings import CommonSettings, load_settings
from tuijin.kernel.tables import KernelTables, kernel_tables

CRASH_MARKER = "kernel-test-secret-crash-detail"

Base = make_base()
KERNEL = kernel_tables(Base.metadata)
WIDGETS = Table(
    "widgets",
    Base.metadata,
    Column("id", Uuid(), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)


class Gadget(Base):
    """An ORM entity whose INSERT is only flushed at commit (so a unique clash fails the commit)."""

    __tablename__ = "gadgets"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class WidgetIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    quantity: int = Field(0, ge=0)


class WidgetPatch(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class WidgetOut(BaseModel):
    id: uuid.UUID
    name: str
    quantity: int
    version: int
    created_by: str
    created_at: datetime


async def _insert(session: AsyncSession, body: WidgetIn, sub: str) -> dict[str, Any]:
    row = {"id": uuid.uuid4(), "name": body.name, "quantity": body.quantity, "version": 1,
           "created_by": sub, "created_at": utcnow()}
    await session.execute(insert(WIDGETS).values(**row))
    return row


def widget_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/test")

    @router.post("/widgets", status_code=201)
    async def create_widget(body: WidgetIn, session: SessionDep, principal: CurrentPrincipal,
                            etag: SendsETag) -> WidgetOut:
        taken = await session.scalar(select(WIDGETS.c.id).where(WIDGETS.c.name == body.name))
        if taken is not None:
            raise Conflict(f"A widget named {body.name!r} exists.", code="widget_name_taken")
        row = await _insert(session, body, principal.sub)
        etag(row["version"])
        return WidgetOut(**row)

    @router.post("/widgets/then-problem", status_code=201)
    async def create_then_problem(body: WidgetIn, session: SessionDep, principal: CurrentPrincipal) -> WidgetOut:
        await _insert(session, body, principal.sub)
        await session.flush()
        raise Conflict("Refused after writing.", code="refused_after_write")

    @router.post("/widgets/then-crash", status_code=201)
    async def create_then_crash(body: WidgetIn, session: SessionDep, principal: CurrentPrincipal) -> WidgetOut:
        await _insert(session, body, principal.sub)
        await session.flush()
        raise RuntimeError(CRASH_MARKER)

    @router.get("/widgets")
    async def list_widgets(session: SessionDep, page: PageParamsDep) -> Page[WidgetOut]:
        rows, cursor = await paginate(session, select(WIDGETS), order=[WIDGETS.c.created_at, WIDGETS.c.id],
                                      params=page)
        return Page(items=[WidgetOut(**r._mapping) for r in rows], next_cursor=cursor, limit=page.limit)

    @router.get("/widgets/{widget_id}")
    async def get_widget(widget_id: uuid.UUID, session: SessionDep, etag: SendsETag) -> WidgetOut:
        row = (await session.execute(select(WIDGETS).where(WIDGETS.c.id == widget_id))).mappings().first()
        if row is None:
            raise NotFound("No such widget.", code="widget_not_found")
        etag(row["version"])
        return WidgetOut(**row)

    @router.patch("/widgets/{widget_id}")
    async def patch_widget(widget_id: uuid.UUID, body: WidgetPatch, if_match: IfMatchRequired, session: SessionDep,
                           etag: SendsETag, _: CurrentPrincipal) -> WidgetOut:
        row = (await session.execute(select(WIDGETS).where(WIDGETS.c.id == widget_id))).mappings().first()
        if row is None:
            raise NotFound("No such widget.", code="widget_not_found")
        if_match.check(row["version"])
        await session.execute(update(WIDGETS).where(WIDGETS.c.id == widget_id)
                              .values(name=body.name, version=row["version"] + 1))
        etag(row["version"] + 1)
        return WidgetOut(**{**row, "name": body.name, "version": row["version"] + 1})

    @router.post("/gadgets", status_code=201)
    async def create_gadget(body: WidgetPatch, session: SessionDep) -> dict[str, str]:
        session.add(Gadget(name=body.name))  # flushed by the unit of work's commit, not here
        return {"name": body.name}

    @router.get("/boom")
    async def boom() -> dict[str, str]:
        raise RuntimeError(CRASH_MARKER)

    return router



@dataclass
class KernelApp:
    """The test service, its client, direct access to its database and the names tests need."""

    app: Any
    client: httpx.AsyncClient
    sessionmaker: async_sessionmaker[AsyncSession]
    codec: Any
    """tests/conftest.py's ``KeyRing``: user tokens signed with the gateway's key."""
    widgets_table: Table = WIDGETS
    gadgets_table: Table = Gadget.__table__
    kernel_tables: KernelTables = KERNEL
    crash_marker: str = CRASH_MARKER

    def token(self, *roles: str, sub: str | None = None, ttl: timedelta = timedelta(minutes=15)) -> str:
        claims = {"sub": sub or f"test:{'-'.join(roles) or 'none'}", "roles": list(roles), "region": "410324",
                  "typ": "access"}
        return self.codec.encode(claims, ttl)

    def auth(self, *roles: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kw)}"}

    async def widgets(self) -> list[dict[str, Any]]:
        """Every widget row, in list order."""
        async with self.sessionmaker() as session:
            rows = (await session.execute(select(WIDGETS).order_by(WIDGETS.c.created_at, WIDGETS.c.id))).mappings()
            return [dict(r) for r in rows]

    async def count(self, table: Table) -> int:
        async with self.sessionmaker() as session:
            return len((await session.execute(select(table))).all())


def _root_conftest(config: pytest.Config) -> Any:
    """tests/conftest.py, from the plugin manager (its module name depends on the import mode)."""
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))


@pytest.fixture(scope="session")
def common_settings(pytestconfig: pytest.Config) -> Callable[..., CommonSettings]:
    """The suite's ``common_settings(**overrides)`` (tests/conftest.py)."""
    return _root_conftest(pytestconfig).common_settings


@pytest.fixture(scope="session")
def private_key(pytestconfig: pytest.Config) -> Callable[[str], str]:
    """The suite's ``private_key(app)``: that app's private token key of this session (tests/conftest.py)."""
    return _root_conftest(pytestconfig).private_key


@pytest.fixture(scope="session")
def forge_token(common_settings: Callable[..., CommonSettings]) -> Callable[..., str]:
    """``forge_token(sub, *roles)``: a well-formed access token that names the gateway's key (kid) but is
    signed with another key pair's private key."""
    key = generate_private_key()
    forger = TokenCodec(common_settings(jwt_public_keys=f"gateway:{public_key_text(key)}"), name="gateway",
                        private_key=key)

    def forge(sub: str, *roles: str) -> str:
        return forger.encode({"sub": sub, "roles": list(roles), "typ": "access"}, timedelta(minutes=5))

    return forge


@pytest.fixture(scope="session")
async def kernel_app_session(fresh_databases: Any, common_settings: Callable[..., CommonSettings],
                             pytestconfig: pytest.Config) -> AsyncIterator[KernelApp]:
    root = _root_conftest(pytestconfig)
    url = await fresh_databases.new("kerneltest")
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await engine.dispose()
    settings = load_settings("registry", database_url=url, common=common_settings(),
                             jwt_private_key=root.private_key("registry"))
    spec = ServiceSpec(name="kerneltest", title="Kernel test service", description="routes for kernel tests",
                       migrations_package="tuijin.registry", kernel_tables=KERNEL, routers=[widget_router()])
    app = create_service_app(spec, settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                     base_url="http://kerneltest.test") as client:
            yield KernelApp(app=app, client=client, sessionmaker=app.state.sessionmaker,
                            codec=root.KeyRing(common_settings()))


@pytest.fixture
async def kernel_app(kernel_app_session: KernelApp) -> AsyncIterator[KernelApp]:
    """The test service; its tables are emptied after each test."""
    yield kernel_app_session
    async with kernel_app_session.sessionmaker() as session, session.begin():
        for table in reversed(Base.metadata.sorted_tables):
            await session.execute(delete(table))
