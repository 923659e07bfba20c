"""The registry's money columns narrow to numeric(15, 4) (what SQLite's REAL holds exactly); a database that
already holds a larger amount is not changed silently: the upgrade stops and names the row."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, DateTime, Integer, Numeric, String, Uuid, column, insert, pool, table
from sqlalchemy.ext.asyncio import create_async_engine

from tuijin.kernel.migrations import upgrade

NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def _insert_project(url: str, total: Decimal) -> uuid.UUID:
    """A region, a unit and a project, written as the schema of revision 0008 has them."""
    regions = table("regions", column("code", String), column("name", String), column("level", String))
    units = table("units", column("id", Uuid), column("region_code", String), column("name", String),
                  column("short_name", String), column("kind", String), column("is_active", Boolean),
                  column("version", Integer), column("created_at", DateTime(timezone=True)),
                  column("updated_at", DateTime(timezone=True)))
    projects = table("projects", *(column(n, String) for n in (
        "region_code", "code", "name", "industry", "location", "stage", "content", "push_plan", "ledger",
        "tier_override_reason")), column("id", Uuid), column("responsible_unit_id", Uuid),
        column("total_investment", Numeric(18, 4)), column("is_poverty_alleviation", Boolean),
        column("version", Integer), column("created_at", DateTime(timezone=True)),
        column("updated_at", DateTime(timezone=True)))
    unit_id, project_id = uuid.uuid4(), uuid.uuid4()
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.begin() as conn:
        await conn.execute(insert(regions).values(code="410324", name="栾川县", level="county"))
        await conn.execute(insert(units).values(id=unit_id, region_code="410324", name="交通局", short_name="",
                                                kind="department", is_active=True, version=1, created_at=NOW,
                                                updated_at=NOW))
        await conn.execute(insert(projects).values(
            id=project_id, region_code="410324", code="HUGE", name="过大项目", industry="", location="",
            stage="new_start", content="", push_plan="", ledger="", tier_override_reason="",
            responsible_unit_id=unit_id, total_investment=total, is_poverty_alleviation=False, version=1,
            created_at=NOW, updated_at=NOW))
    await engine.dispose()
    return project_id


async def test_an_amount_the_narrow_column_cannot_hold_stops_the_upgrade_and_names_the_row(fresh_databases):
    url = await fresh_databases.new("mig_money")
    await asyncio.to_thread(upgrade, "tuijin.registry", url, "0008")
    await _insert_project(url, Decimal("99999999999999.9999"))
    with pytest.raises(RuntimeError, match=r"projects\.total_investment id=\S+ value="):
        await asyncio.to_thread(upgrade, "tuijin.registry", url)


async def test_amounts_within_the_limit_migrate_unchanged(fresh_databases):
    url = await fresh_databases.new("mig_money_ok")
    await asyncio.to_thread(upgrade, "tuijin.registry", url, "0008")
    await _insert_project(url, Decimal("99999999999.9999"))
    await asyncio.to_thread(upgrade, "tuijin.registry", url)
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as conn:
        projects = table("projects", column("total_investment", Numeric(15, 4)))
        stored = (await conn.execute(projects.select())).scalar_one()
    await engine.dispose()
    assert stored == Decimal("99999999999.9999")
