"""The five apps as real processes, started the way ``make run`` starts them (``tuijin-<app> migrate``,
then ``tuijin-<app> serve``) on free loopback ports, and driven through the gateway only."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from tuijin.kernel.settings import APPS, SERVICES

pytestmark = pytest.mark.processes

PG_URL = os.environ.get("TUIJIN_TEST_PG_URL")
BIN = Path(sys.executable).parent  # the venv's bin: tuijin-<app> scripts live next to python
LOOPBACK = "127.0.0.1"
MIGRATE_TIMEOUT = 180.0
READY_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0
ADMIN_PASSWORD = "process-test-" + secrets.token_hex(8)
CALENDAR = "/api/v1/calendar/days"
OCTOBER = {"from": "2026-10-01", "to": "2026-10-08"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    var_dir: Path
    ports: dict[str, int]
    env: dict[str, str]
    procs: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)

    def url(self, app: str) -> str:
        return f"http://{LOOPBACK}:{self.ports[app]}"

    @property
    def gateway(self) -> str:
        return self.url("gateway")

    def log(self, name: str) -> Path:
        return self.var_dir / f"{name}.log"

    def logs(self, *names: str, tail: int = 40) -> str:
        """The end of each named log (every serve log by default), for failure messages."""
        out = []
        for name in names or APPS:
            path = self.log(name)
            lines = path.read_text(errors="replace").splitlines()[-tail:] if path.exists() else ["(no log)"]
            out.append(f"----- {name} -----\n" + "\n".join(lines))
        return "\n".join(out)

    async def start(self, app: str, command: str) -> asyncio.subprocess.Process:
        with self.log(f"{app}-{command}" if command != "serve" else app).open("ab") as log:
            return await asyncio.create_subprocess_exec(
                str(BIN / f"tuijin-{app}"),
                command,
                cwd=self.var_dir,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )

    async def stop(self, app: str) -> int | None:
        proc = self.procs.get(app)
        if proc is None:
            return None
        if proc.returncode is None:
            try:
                proc.terminate()
            except ProcessLookupError:
                pass
            try:
                await asyncio.wait_for(proc.wait(), STOP_TIMEOUT)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        return proc.returncode


async def migrate_all(cluster: Cluster) -> None:
    procs = {app: await cluster.start(app, "migrate") for app in APPS}
    try:
        codes = await asyncio.wait_for(asyncio.gather(*(p.wait() for p in procs.values())), MIGRATE_TIMEOUT)
    finally:
        for p in procs.values():
            if p.returncode is None:
                p.kill()
                await p.wait()
    failed = {app: code for app, code in zip(procs, codes, strict=True) if code != 0}
    assert not failed, f"migrate failed: {failed}\n" + cluster.logs(*(f"{a}-migrate" for a in failed))


async def wait_until_ready(cluster: Cluster) -> dict[str, Any]:
    """Poll the gateway's /readyz until it reports every upstream ready (bounded)."""
    deadline = time.monotonic() + READY_TIMEOUT
    last: Any = None
    async with httpx.AsyncClient(base_url=cluster.gateway, timeout=3.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            exited = {app: p.returncode for app, p in cluster.procs.items() if p.returncode is not None}
            assert not exited, f"processes exited early: {exited}\n" + cluster.logs(*exited)
            try:
                resp = await client.get("/readyz")
                last = (resp.status_code, resp.text[:500])
                if resp.status_code == 200:
                    body = resp.json()
                    if body.get("status") == "ready" and all(
                        body.get("upstreams", {}).get(s) == "ready" for s in SERVICES
                    ):
                        return body
            except httpx.TransportError as exc:
                last = repr(exc)
            await asyncio.sleep(0.5)
    raise AssertionError(f"not ready within {READY_TIMEOUT:.0f} s; last answer: {last}\n" + cluster.logs())


@pytest.fixture(scope="module")
async def cluster(fresh_databases: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cluster]:
    var_dir = tmp_path_factory.mktemp("processes")
    ports = {app: free_port() for app in APPS}
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIJIN_")}
    env.update(
        {
            "TUIJIN_JWT_SECRET": secrets.token_urlsafe(48),
            "TUIJIN_VAR_DIR": str(var_dir),
            "TUIJIN_GATEWAY_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "NO_PROXY": "*",
            "no_proxy": "*",
        }
    )
    for app in APPS:
        env[f"TUIJIN_{app.upper()}_HOST"] = LOOPBACK
        env[f"TUIJIN_{app.upper()}_PORT"] = str(ports[app])
        if PG_URL:
            env[f"TUIJIN_{app.upper()}_DATABASE_URL"] = await fresh_databases.new(f"proc_{app}")
    for service in SERVICES:
        env[f"TUIJIN_{service.upper()}_URL"] = f"http://{LOOPBACK}:{ports[service]}"
    c = Cluster(var_dir=var_dir, ports=ports, env=env)
    try:
        await migrate_all(c)
        if not PG_URL:
            assert {p.name for p in var_dir.glob("*.sqlite3")} == {f"{app}.sqlite3" for app in APPS}
        for app in APPS:
            c.procs[app] = await c.start(app, "serve")
        await wait_until_ready(c)
        yield c
    finally:
        await asyncio.gather(*(c.stop(app) for app in list(c.procs)), return_exceptions=True)


@pytest.fixture(scope="module")
async def gateway(cluster: Cluster) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=cluster.gateway, timeout=10.0, trust_env=False) as client:
        yield client


@pytest.fixture(scope="module")
async def admin(gateway: httpx.AsyncClient) -> dict[str, str]:
    resp = await gateway.post("/api/v1/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"].lower() == "bearer"
    return {"Authorization": f"Bearer {body['access_token']}"}


async def test_every_upstream_is_ready_behind_the_gateway(cluster, gateway):
    resp = await gateway.get("/readyz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ready"
    assert body["upstreams"] == dict.fromkeys(SERVICES, "ready")
    for app, proc in cluster.procs.items():
        assert proc.returncode is None, f"{app} exited\n" + cluster.logs(app)


async def test_login_refuses_a_wrong_password(gateway):
    resp = await gateway.post("/api/v1/auth/token", data={"username": "admin", "password": "not-the-password"})
    assert resp.status_code == 401
    assert resp.headers["content-type"].startswith("application/problem+json")


async def test_a_proxied_call_reaches_the_registry(gateway, admin):
    resp = await gateway.get(CALENDAR, params=OCTOBER, headers=admin)
    assert resp.status_code == 200, resp.text
    days = {d["day"]: d for d in resp.json()}
    assert len(days) == 8
    assert days["2026-10-01"]["is_working_day"] is False
    assert days["2026-10-01"]["holiday"]
    assert days["2026-10-08"]["is_working_day"] is True
    assert resp.headers.get("x-request-id")
    # the token is checked by the service too: none at all is refused
    resp = await gateway.get(CALENDAR, params=OCTOBER)
    assert resp.status_code == 401


async def test_the_merged_openapi_document_is_valid(gateway):
    resp = await gateway.get("/openapi.json")
    assert resp.status_code == 200
    doc = resp.json()
    validate(doc)
    assert "x-tuijin-missing" not in doc["info"], doc["info"]
    assert CALENDAR in doc["paths"]
    assert "/api/v1/auth/token" in doc["paths"]
    assert not [p for p in doc["paths"] if p.startswith("/api/v1/internal")]


async def test_a_stopped_upstream_answers_503_fast(cluster, gateway, admin):
    """Runs last in this module: it stops the registry for good."""
    code = await cluster.stop("registry")
    assert code is not None

    started = time.monotonic()
    resp = await gateway.get(CALENDAR, params=OCTOBER, headers=admin)
    elapsed = time.monotonic() - started
    assert resp.status_code == 503, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["code"] == "upstream_unavailable"
    assert body.get("upstream") == "registry"
    assert elapsed < 1.0, f"503 took {elapsed:.2f} s"

    # again, now that no pooled connection to it can be left
    started = time.monotonic()
    resp = await gateway.get(CALENDAR, params=OCTOBER, headers=admin)
    assert resp.status_code == 503 and resp.json()["code"] == "upstream_unavailable"
    assert time.monotonic() - started < 1.0

    # the others still answer, and readiness names the one that is gone
    resp = await gateway.get("/api/v1/admin/issues/jobs", headers=admin)
    assert resp.status_code == 200, resp.text
    resp = await gateway.get("/readyz")
    body = resp.json()
    assert body["status"] == "degraded"
    assert body["upstreams"]["registry"] == "unavailable"
    assert all(body["upstreams"][s] == "ready" for s in SERVICES if s != "registry")
