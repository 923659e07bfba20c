"""A county linked to the stand-in provincial platform, in process: the registry reaches the stand-in
through an ASGI transport that a test can take down, and the stand-in pushes to the registry's webhook
through the registry's own transport."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from standins.province.app import ProjectRecord, Region, Store, create_app, signature
from tests.registry.conftest import REGION, County, county  # noqa: F401  (the county fixture)
from tuijin.kernel.clock import utcnow
from tuijin.registry.province.settings import province_settings

TOKEN = "province-token-" + "t" * 24
WEBHOOK_SECRET = "province-webhook-" + "w" * 24
TOKEN_VAR = f"TUIJIN_PROVINCE_{REGION}_TOKEN"  # the only variables a region's configuration may name
SECRET_VAR = f"TUIJIN_PROVINCE_{REGION}_WEBHOOK_SECRET"
PLATFORM_HOST = "province.test"  # allowed by the admin (TUIJIN_PROVINCE_ALLOWED_HOSTS) for these tests


class Switchable(httpx.AsyncBaseTransport):
    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused (test)", request=request)
        return await self.inner.handle_async_request(request)


@dataclass
class Province:
    county: County
    stack: Any
    store: Store
    platform: Switchable
    types: dict[str, str]

    @property
    def office(self) -> dict[str, str]:
        """Minted now, so that it holds after a test moves the clock."""
        return self.stack.auth("office", region=REGION)

    @property
    def admin(self) -> dict[str, str]:
        return self.stack.auth("admin", region=None)

    @property
    def client(self) -> httpx.AsyncClient:
        return self.county.client

    def code(self, n: int) -> str:
        return f"2411-410324-48-01-{637000 + n:06d}"

    def known(self, code: str, name: str = "平台上的项目") -> None:
        self.store.projects[code] = ProjectRecord(project_code=code, name=name, region_code=REGION)

    async def linked_project(self, n: int = 1, **overrides: Any) -> dict[str, Any]:
        code = self.code(n)
        self.known(code)
        project = await self.county.project(f"LC-{n:03d}", national_code=code, **overrides)
        resp = await self.client.post(
            "/api/v1/province/links", json={"project_id": project["id"], "national_code": code}, headers=self.office
        )
        assert resp.status_code == 201, resp.text
        return project

    async def procedures(self, project_id: str) -> dict[str, dict[str, Any]]:
        resp = await self.client.get(f"/api/v1/projects/{project_id}/procedures", headers=self.office)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        items = body["items"] if isinstance(body, dict) else body
        return {p["procedure_code"]: p for p in items}

    async def history(self, project_id: str, procedure_id: str) -> list[dict[str, Any]]:
        resp = await self.client.get(
            f"/api/v1/projects/{project_id}/procedures/{procedure_id}/status-changes", headers=self.office
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["items"]  # one page (50) holds every change these tests make

    async def pull(self) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=self.office)
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def log(self, **params: Any) -> list[dict[str, Any]]:
        resp = await self.client.get(f"/api/v1/province/regions/{REGION}/sync-log", params=params, headers=self.office)
        assert resp.status_code == 200, resp.text
        return resp.json()["items"]

    def event(self, project_code: str, item_code: str, status: str, version: int, **extra: Any) -> dict[str, Any]:
        item = {
            "item_id": f"item-{project_code[-6:]}-{item_code}",
            "project_code": project_code,
            "item_code": item_code,
            "item_name": item_code,
            "status": status,
            "version": version,
            "updated_at": utcnow().isoformat(),
            **extra,
        }
        return {"event_id": f"evt-{uuid.uuid4().hex[:12]}", "item": item}

    async def push(
        self,
        events: list[dict[str, Any]],
        *,
        secret: str = WEBHOOK_SECRET,
        timestamp: int | None = None,
        sign: str | None = None,
    ) -> httpx.Response:
        body = json.dumps({"events": events}).encode()
        ts = str(timestamp if timestamp is not None else int(utcnow().timestamp()))
        headers = {
            "content-type": "application/json",
            "x-province-timestamp": ts,
            "x-province-signature": sign or signature(secret, ts, body),
        }
        return await self.client.post(f"/api/v1/province/webhook/{REGION}", content=body, headers=headers)

    async def run_job(self, name: str) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/admin/registry/jobs/{name}/run", headers=self.admin)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture
async def province(stack: Any, county: County, monkeypatch: pytest.MonkeyPatch) -> Province:  # noqa: F811
    monkeypatch.setenv(TOKEN_VAR, TOKEN)
    monkeypatch.setenv(SECRET_VAR, WEBHOOK_SECRET)
    monkeypatch.setattr(province_settings(), "allowed_hosts", PLATFORM_HOST)
    store = Store()
    store.regions[REGION] = Region(TOKEN, f"http://registry.test/api/v1/province/webhook/{REGION}", WEBHOOK_SECRET)
    standin = create_app(store, push_transport=httpx.ASGITransport(app=stack.apps["registry"]))
    platform = Switchable(standin)
    registry = stack.apps["registry"]
    registry.state.province_transport = platform
    registry.state.__dict__.pop("_province_buckets", None)
    office = county.office
    resp = await county.client.put(
        f"/api/v1/province/regions/{REGION}/config",
        json={
            "base_url": f"http://{PLATFORM_HOST}",
            "credential_ref": f"env:{TOKEN_VAR}",
            "webhook_secret_ref": f"env:{SECRET_VAR}",
            "max_retries": 1,
            "backoff_seconds": 0,
            "rate_per_second": 1000,
            "burst": 1000,
        },
        headers=stack.auth("admin", region=None),  # only an admin configures the link
    )
    assert resp.status_code == 200, resp.text
    # the region starts with the shipped catalogue (installed with it); the defaults add nothing missing
    resp = await county.client.post("/api/v1/procedure-types/defaults", json={"region_code": REGION}, headers=office)
    assert resp.status_code == 200, resp.text
    resp = await county.client.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=office)
    types = {t["code"]: t["id"] for t in resp.json()}
    resp = await county.client.post(f"/api/v1/province/regions/{REGION}/mappings/defaults", headers=office)
    assert resp.status_code == 200, resp.text
    yield Province(county=county, stack=stack, store=store, platform=platform, types=types)
    registry.state.province_transport = None
