"""The five apps as processes (``tests/processes/cluster.py``) serving the built console, with the demo county
and the demo activity of ``make run`` loaded: what the browser tests and ``make bench-web`` open."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from scripts import demo_activity
from tests.processes.cluster import BIN, Cluster, running_cluster

SEED_TIMEOUT = 180
OFFICE = "lc.office"


@dataclass
class Console:
    cluster: Cluster
    password: str  # the demo accounts' password

    @property
    def url(self) -> str:
        return self.cluster.gateway

    @contextmanager
    def api(self, username: str = OFFICE) -> Iterator[httpx.Client]:
        """A client of the gateway logged in as ``username``, to compare what the page shows with the API."""
        with httpx.Client(base_url=self.url, timeout=30.0, trust_env=False) as client:
            resp = client.post("/api/v1/auth/token", data={"username": username, "password": self.password})
            assert resp.status_code == 200, resp.text
            client.headers["Authorization"] = f"Bearer {resp.json()['access_token']}"
            yield client


def _seed(cluster: Cluster, app: str) -> None:
    proc = subprocess.run([str(BIN / f"tuijin-{app}"), "seed-demo"], cwd=cluster.var_dir, env=cluster.env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=SEED_TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"{app} seed-demo failed:\n{proc.stdout}\n{proc.stderr}")


@asynccontextmanager
async def demo_console(var_dir: Path, new_database: Callable[[str], Awaitable[str]],
                       console_dir: Path) -> AsyncIterator[Console]:
    password = "demo-" + secrets.token_hex(8)
    extra = {"TUIJIN_GATEWAY_CONSOLE_DIR": str(console_dir), "TUIJIN_DEMO_PASSWORD": password}
    async with running_cluster(var_dir, new_database, extra_env=extra) as cluster:
        _seed(cluster, "gateway")
        _seed(cluster, "registry")
        with httpx.Client(base_url=cluster.gateway, timeout=60.0, trust_env=False) as client:
            demo_activity.seed(client, password)
        yield Console(cluster, password)
