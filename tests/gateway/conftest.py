"""Helpers for the gateway tests, reached through fixtures (test modules do not import conftest files):

- ``gw``: the gateway client with login, user-creation and token helpers;
- ``upstream_log``: every request the gateway sends to a service, as the service receives it;
- ``fresh_openapi``: an empty merged-OpenAPI cache before and after the test.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tuijin.gateway.openapi import MergedOpenAPI
from tuijin.kernel.errors import PROBLEM_JSON

REGION = "410324"
OTHER_REGION = "410325"
USER_PASSWORD = "user-password-123"


def assert_problem(resp: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """``resp`` is an RFC 9457 problem with ``status`` (and ``code``); returns its body."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM_JSON), resp.headers["content-type"]
    body = resp.json()
    assert body["status"] == status
    if code is not None:
        assert body["code"] == code, body
    return body


@dataclass
class Gateway:
    stack: Any
    client: httpx.AsyncClient
    admin_password: str
    admin_username: str

    problem = staticmethod(assert_problem)

    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    @property
    def admin(self) -> dict[str, str]:
        """A header with a stack-minted admin token (no account behind it)."""
        return self.stack.auth("admin")

    async def login_response(self, username: str, password: str) -> httpx.Response:
        return await self.client.post("/api/v1/auth/token", data={"username": username, "password": password})

    async def login(self, username: str | None = None, password: str | None = None) -> dict[str, Any]:
        """Log in (the first admin by default); returns the token pair."""
        resp = await self.login_response(username or self.admin_username, password or self.admin_password)
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def refresh(self, refresh_token: str) -> httpx.Response:
        return await self.client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})

    async def create_user(self, username: str | None = None, *, roles: list[str] | None = None,
                          region_code: str | None = REGION, password: str = USER_PASSWORD,
                          **extra: Any) -> dict[str, Any]:
        body = {"username": username or f"u{uuid.uuid4().hex[:10]}", "password": password,
                "roles": roles or ["unit"], "region_code": region_code, **extra}
        resp = await self.client.post("/api/v1/users", json=body, headers=self.admin)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def user_with_tokens(self, **kw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """A new account and the token pair of its first login."""
        user = await self.create_user(**kw)
        return user, await self.login(user["username"], kw.get("password", USER_PASSWORD))

    async def disable(self, user_id: str) -> httpx.Response:
        etag = (await self.client.get(f"/api/v1/users/{user_id}", headers=self.admin)).headers["etag"]
        return await self.client.patch(f"/api/v1/users/{user_id}", json={"is_active": False},
                                       headers={**self.admin, "If-Match": etag})


@pytest.fixture
def gw(stack: Any) -> Gateway:
    settings = stack.apps["gateway"].state.settings
    return Gateway(stack=stack, client=stack.client("gateway"), admin_username=settings.admin_username,
                   admin_password=settings.admin_password.get_secret_value())


@dataclass
class UpstreamLog:
    """Requests the gateway sent, per service, as they left the gateway's pooled client."""

    requests: dict[str, list[httpx.Request]] = field(default_factory=dict)

    def of(self, service: str) -> list[httpx.Request]:
        return self.requests.get(service, [])


class _Recording(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, sink: list[httpx.Request]) -> None:
        self.inner = inner
        self.sink = sink

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sink.append(request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def upstream_log(stack: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[UpstreamLog]:
    log = UpstreamLog()
    for name, transport in stack.transports.items():
        if name != "gateway":
            monkeypatch.setattr(transport, "inner", _Recording(transport.inner, log.requests.setdefault(name, [])))
    yield log


@pytest.fixture
async def fresh_openapi(stack: Any) -> AsyncIterator[Any]:
    """The gateway app with an empty merged-OpenAPI cache (emptied again afterwards, so a document
    merged while a service was down does not leak into the next test)."""
    app = stack.apps["gateway"]
    app.state.merged_openapi = MergedOpenAPI(60)
    yield app
    app.state.merged_openapi = MergedOpenAPI(60)


HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


@pytest.fixture
async def doc(gw: Gateway, fresh_openapi: Any) -> dict[str, Any]:
    """The gateway's merged OpenAPI document with every service up (a complete one)."""
    resp = await gw.client.get("/openapi.json")
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert "x-tuijin-missing" not in body["info"]
    return body


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of an OpenAPI document."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield path, method, op
