"""The five apps as real processes, started the way ``make run`` starts them (``tuijin-<app> migrate``,
then ``tuijin-<app> serve``) on free loopback ports, each with its own database (a SQLite file in the
cluster's folder, or a fresh PostgreSQL database when ``TUIJIN_TEST_PG_URL`` names a server).

Every wait is bounded and fails with the tail of the processes' logs."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tuijin.kernel.keys import new_key_set
from tuijin.kernel.settings import APPS, SERVICES

PG_URL = os.environ.get("TUIJIN_TEST_PG_URL")
BIN = Path(sys.executable).parent  # the venv's bin: tuijin-<app> scripts live next to python
LOOPBACK = "127.0.0.1"
MIGRATE_TIMEOUT = 180.0
# how long the apps may take to answer /health; a loaded machine may need more (TUIJIN_TEST_READY_TIMEOUT)
READY_TIMEOUT = float(os.environ.get("TUIJIN_TEST_READY_TIMEOUT", "90"))
STOP_TIMEOUT = 15.0
SERVE_ATTEMPTS = 3


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    var_dir: Path
    ports: dict[str, int]
    env: dict[str, str]
    admin_password: str = ""
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

    def listening(self, app: str) -> int:
        """How many times the app's log says it listens on its port (it says so only once bound)."""
        path = self.log(app)
        line = f"Uvicorn running on http://{LOOPBACK}:{self.ports[app]}"
        return path.read_text(errors="replace").count(line) if path.exists() else 0

    async def serve(self, app: str) -> None:
        """Start (or start again) one app's server and wait until it answers its own /readyz."""
        before = {app: self.listening(app)}
        self.procs[app] = await self.start(app, "serve")
        assert await wait_listening(self, before), f"{app} could not listen on its port\n" + self.logs(app)
        await wait_app_ready(self, app)

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


def _exited(cluster: Cluster) -> dict[str, int]:
    return {app: p.returncode for app, p in cluster.procs.items() if p.returncode is not None}


async def wait_listening(cluster: Cluster, before: dict[str, int]) -> bool:
    """Wait until every app of ``before`` has bound its port (True), or one of them has exited first, as it
    does when another process took the port since it was chosen (False). Bounded."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        waiting = [app for app, n in before.items() if cluster.listening(app) <= n]
        if not waiting:
            return True
        if any(cluster.procs[app].returncode is not None for app in waiting):
            return False
        await asyncio.sleep(0.2)
    raise AssertionError(f"not listening within {READY_TIMEOUT:.0f} s\n" + cluster.logs(*before))


async def wait_app_ready(cluster: Cluster, app: str) -> None:
    """Poll one app's own /readyz until it answers 200 (bounded)."""
    deadline = time.monotonic() + READY_TIMEOUT
    last: Any = None
    async with httpx.AsyncClient(base_url=cluster.url(app), timeout=3.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            proc = cluster.procs.get(app)
            assert proc is None or proc.returncode is None, f"{app} exited early\n" + cluster.logs(app)
            try:
                resp = await client.get("/readyz")
                last = (resp.status_code, resp.text[:500])
                if resp.status_code == 200 and resp.json().get("app") == app:
                    return
            except httpx.TransportError as exc:
                last = repr(exc)
            await asyncio.sleep(0.3)
    raise AssertionError(f"{app} not ready within {READY_TIMEOUT:.0f} s; last answer: {last}\n" + cluster.logs(app))


async def wait_until_ready(cluster: Cluster) -> dict[str, Any]:
    """Poll the gateway's /readyz until it reports every upstream ready (bounded)."""
    deadline = time.monotonic() + READY_TIMEOUT
    last: Any = None
    async with httpx.AsyncClient(base_url=cluster.gateway, timeout=3.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            exited = _exited(cluster)
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


def _new_ports(env: dict[str, str]) -> dict[str, int]:
    """Free loopback ports for the five apps, written into ``env`` (each app's port, the services' URLs)."""
    ports = {app: free_port() for app in APPS}
    for app in APPS:
        env[f"TUIJIN_{app.upper()}_HOST"] = LOOPBACK
        env[f"TUIJIN_{app.upper()}_PORT"] = str(ports[app])
    for service in SERVICES:
        env[f"TUIJIN_{service.upper()}_URL"] = f"http://{LOOPBACK}:{ports[service]}"
    return ports


def _sqlite_files(var_dir: Path) -> set[str]:
    return {p.name for p in var_dir.glob("*.sqlite3")}


@asynccontextmanager
async def running_cluster(
    var_dir: Path,
    new_database: Callable[[str], Awaitable[str]],
    extra_env: dict[str, str] | None = None,
) -> AsyncIterator[Cluster]:
    """Migrate and serve the five apps; stop every process on the way out.

    ``new_database(label)`` returns the URL of a fresh database (used only on PostgreSQL: on SQLite each
    app keeps its file in ``var_dir``). ``extra_env`` adds ``TUIJIN_*`` settings (clock control, jobs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIJIN_")}
    admin_password = "process-test-" + secrets.token_hex(8)
    env.update(
        {
            **new_key_set(),  # the token keys make run writes to var/.env: one private key per app, the public keys
            "TUIJIN_VAR_DIR": str(var_dir),
            "TUIJIN_GATEWAY_ADMIN_PASSWORD": admin_password,
            "NO_PROXY": "*",
            "no_proxy": "*",
        }
    )
    env.update(extra_env or {})
    for app in APPS:
        if PG_URL:
            env[f"TUIJIN_{app.upper()}_DATABASE_URL"] = await new_database(f"proc_{app}")
    c = Cluster(var_dir=var_dir, ports=_new_ports(env), env=env, admin_password=admin_password)
    try:
        await migrate_all(c)
        if not PG_URL:
            assert _sqlite_files(var_dir) == {f"{app}.sqlite3" for app in APPS}
        for _ in range(SERVE_ATTEMPTS):
            before = {app: c.listening(app) for app in APPS}
            for app in APPS:
                c.procs[app] = await c.start(app, "serve")
            if await wait_listening(c, before):
                break
            # a port chosen free was taken by another process meanwhile: all again on new ports
            await asyncio.gather(*(c.stop(app) for app in APPS), return_exceptions=True)
            c.ports = _new_ports(env)
        else:
            raise AssertionError(f"no free ports after {SERVE_ATTEMPTS} attempts\n" + c.logs())
        await wait_until_ready(c)
        yield c
    finally:
        await asyncio.gather(*(c.stop(app) for app in list(c.procs)), return_exceptions=True)
