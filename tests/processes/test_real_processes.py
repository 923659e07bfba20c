"""The five apps as real processes, started the way ``make run`` starts them (``tuijin-<app> migrate``,
then ``tuijin-<app> serve``) on free loopback ports, and driven through the gateway only."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from tests.processes.cluster import Cluster, running_cluster
from tuijin.kernel.settings import SERVICES

pytestmark = pytest.mark.processes

CALENDAR = "/api/v1/calendar/days"
OCTOBER = {"from": "2026-10-01", "to": "2026-10-08"}


@pytest.fixture(scope="module")
async def cluster(fresh_databases: Any, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cluster]:
    async with running_cluster(tmp_path_factory.mktemp("processes"), fresh_databases.new) as c:
        yield c


@pytest.fixture(scope="module")
async def gateway(cluster: Cluster) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=cluster.gateway, timeout=10.0, trust_env=False) as client:
        yield client


@pytest.fixture(scope="module")
async def admin(cluster: Cluster, gateway: httpx.AsyncClient) -> dict[str, str]:
    resp = await gateway.post("/api/v1/auth/token", data={"username": "admin", "password": cluster.admin_password})
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
