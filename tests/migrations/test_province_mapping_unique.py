"""Migration 0015 puts a unique constraint on (region, procedure type) of the province item mappings (issue 22: two
platform items on one procedure type overwrite each other). A database that already maps one type twice is not
changed silently: the upgrade stops and names the item codes, for the office to keep one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Boolean, DateTime, Integer, MetaData, String, insert, pool, select
from sqlalchemy.ext.asyncio import create_async_engine

from tuijin.kernel.migrations import upgrade

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _filled(table: Any, **given: Any) -> dict[str, Any]:
    """A row of ``table`` with ``given`` and a plain value for every other column that needs one."""
    row = dict(given)
    for col in table.columns:
        if col.name in row or col.nullable or col.server_default is not None:
            continue
        if isinstance(col.type, DateTime):
            row[col.name] = NOW
        elif isinstance(col.type, Boolean):
            row[col.name] = True
        elif isinstance(col.type, Integer):
            row[col.name] = 1
        elif isinstance(col.type, String):
            row[col.name] = ""
        else:
            row[col.name] = uuid.uuid4()
    return row


async def _map_twice(url: str, codes: tuple[str, str], same_type: bool) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    # a reflected uuid column is CHAR(32) on SQLite (what SQLAlchemy's Uuid stores there) and uuid on PostgreSQL
    key = (lambda u: u.hex) if url.startswith("sqlite") else (lambda u: u)
    meta = MetaData()
    async with engine.begin() as conn:
        await conn.run_sync(lambda c: meta.reflect(c, only=["regions", "procedure_types", "province_item_mappings"]))
        regions, types, mappings = (meta.tables[n] for n in ("regions", "procedure_types", "province_item_mappings"))
        await conn.execute(insert(regions).values(_filled(regions, code="410324", name="栾川县", level="county")))
        type_ids = [uuid.uuid4(), uuid.uuid4()]
        for n, type_id in enumerate(type_ids):
            await conn.execute(insert(types).values(_filled(
                types, id=key(type_id), region_code="410324", code=f"t{n}", name=f"手续{n}")))
        for n, code in enumerate(codes):
            await conn.execute(insert(mappings).values(_filled(
                mappings, id=key(uuid.uuid4()), region_code="410324", item_code=code, item_name="",
                procedure_type_id=key(type_ids[0 if same_type else n]))))
    await engine.dispose()


async def test_two_items_on_one_procedure_type_stop_the_upgrade_naming_them(fresh_databases):
    url = await fresh_databases.new("mig_prov_dup")
    await asyncio.to_thread(upgrade, "tuijin.registry", url, "0014")
    await _map_twice(url, ("HN-FG-03", "HN-FG-09"), same_type=True)
    with pytest.raises(RuntimeError, match=r"item HN-FG-03 .*item HN-FG-09"):
        await asyncio.to_thread(upgrade, "tuijin.registry", url)


async def test_mappings_of_distinct_types_migrate_unchanged(fresh_databases):
    url = await fresh_databases.new("mig_prov_ok")
    await asyncio.to_thread(upgrade, "tuijin.registry", url, "0014")
    await _map_twice(url, ("HN-FG-03", "HN-HB-01"), same_type=False)
    await asyncio.to_thread(upgrade, "tuijin.registry", url)
    engine = create_async_engine(url, poolclass=pool.NullPool)
    meta = MetaData()
    async with engine.connect() as conn:
        await conn.run_sync(lambda c: meta.reflect(c, only=["province_item_mappings"]))
        codes = (await conn.execute(select(meta.tables["province_item_mappings"].c.item_code))).scalars().all()
    await engine.dispose()
    assert sorted(codes) == ["HN-FG-03", "HN-HB-01"]
