"""The opt-in SQL statement counter (TUIJIN_SQL_COUNT): when on, each response says how many statements
its request executed, counted per request; when off (the default) the header is absent."""

from __future__ import annotations

import httpx
from fastapi import APIRouter
from sqlalchemy import text

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.db import SessionDep, make_base
from tuijin.kernel.settings import load_settings
from tuijin.kernel.tables import kernel_tables

HEADER = "X-SQL-Statements"


def _router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/test")

    @router.get("/statements/{n}")
    async def run_statements(n: int, session: SessionDep) -> dict[str, int]:
        for i in range(n):
            await session.execute(text(f"SELECT {i}"))
        return {"ran": n}

    @router.get("/no-database")
    async def no_database() -> dict[str, int]:
        return {"ran": 0}

    return router


async def test_counter_reports_each_requests_own_statements_when_on(fresh_databases, common_settings, private_key):
    url = await fresh_databases.new("sqlcount")
    base = make_base()
    spec = ServiceSpec(
        name="sqlcount",
        title="t",
        description="d",
        migrations_package="tuijin.registry",
        kernel_tables=kernel_tables(base.metadata),
        routers=[_router()],
    )
    settings = load_settings("registry", database_url=url, common=common_settings(sql_count=True),
                             jwt_private_key=private_key("registry"))
    app = create_service_app(spec, settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sqlcount.test") as client,
    ):
        three = await client.get("/api/v1/test/statements/3")
        five = await client.get("/api/v1/test/statements/5")
        none = await client.get("/api/v1/test/no-database")
    assert three.status_code == 200, three.text
    assert three.headers[HEADER] == "3"
    assert five.headers[HEADER] == "5"  # not 8: the count is per request
    assert none.headers[HEADER] == "0"


async def test_header_is_absent_when_the_counter_is_off(kernel_app):
    resp = await kernel_app.client.get("/api/v1/test/widgets")
    assert resp.status_code == 200, resp.text
    assert HEADER not in resp.headers
