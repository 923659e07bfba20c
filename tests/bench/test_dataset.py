"""The benchmark's data set generator still fits the migrated schemas: a tiny county written by COPY into freshly
migrated registry, issues and meetings databases, and counted back. No timing
here (speed is measured by ``make bench`` only). PostgreSQL only: the generator writes with COPY."""

from __future__ import annotations

import asyncio
import os

import asyncpg
import pytest

from bench.dataset import generate, plan_counties
from tuijin.kernel.migrations import upgrade

pytestmark = pytest.mark.skipif(not os.environ.get("TUIJIN_TEST_PG_URL"), reason="the generator writes with COPY")


async def test_a_tiny_data_set_fits_the_migrated_schemas(fresh_databases):
    urls = {}
    for app in ("registry", "issues", "meetings"):
        urls[app] = await fresh_databases.new(f"bench_{app}")
        await asyncio.to_thread(upgrade, f"tuijin.{app}", urls[app])
    out = await generate(urls, plan_counties("41", 0, 2, 3, activity=True))
    rows = out["rows"]
    assert rows["registry.projects"] == 6
    assert rows["registry.progress_reports"] == 6 * 12  # a year of monthly reports per project
    assert rows["issues.problems"] > 0 and rows["meetings.decided_items"] > 0
    conn = await asyncpg.connect(urls["registry"].replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        counties = await conn.fetchval("SELECT count(*) FROM regions WHERE level = 'county'")
        reports = await conn.fetchval("SELECT count(*) FROM progress_reports")
    finally:
        await conn.close()
    assert (counties, reports) == (2, 72)
