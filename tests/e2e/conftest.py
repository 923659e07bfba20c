"""The cluster of a county's own period: five newly started apps with empty databases, driven by one Desk."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.county import ENV
from tests.e2e.driver import JSON, Desk
from tests.processes.cluster import running_cluster

Scenario = Callable[[Desk], Awaitable[JSON]]
CountyRunner = Callable[[str, str, Scenario], Awaitable[JSON]]


@pytest.fixture
def county_on_a_fresh_cluster(fresh_databases: Any, tmp_path_factory: pytest.TempPathFactory) -> CountyRunner:
    """Runs ``scenario`` for the county ``region`` on five newly started apps, stops them, returns its result."""

    async def run(folder: str, region: str, scenario: Scenario) -> JSON:
        var_dir: Path = tmp_path_factory.mktemp(folder)
        async with running_cluster(var_dir, fresh_databases.new, ENV) as cluster:
            async with httpx.AsyncClient(base_url=cluster.gateway, timeout=30.0, trust_env=False) as http:
                return await scenario(Desk(cluster=cluster, http=http, region=region))

    return run
