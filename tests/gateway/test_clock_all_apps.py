"""One clock for rehearsals: ``/api/v1/admin/clock`` sets, advances and resets every app's clock in one call, the
services first and the gateway last so that the admin's token is never expired by the call it is used for; a
service that cannot be moved is named, with the apps already moved.

In the test process the five apps share one clock object; here each app gets its own (as in production, where each
is a process of its own): the clock answers for the app whose request is being handled."""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx
import pytest

from tuijin.kernel.clock import Clock, clock
from tuijin.kernel.settings import APPS, SERVICES

CURRENT_APP: ContextVar[str] = ContextVar("current_app", default="gateway")
ORDER = [*SERVICES, "gateway"]
SLACK = timedelta(seconds=60)


class _PerAppClock(Clock):
    """The kernel's clock object, answering with the clock of the app handling the current request."""

    clocks: ClassVar[dict[str, Clock]] = {}

    def _mine(self) -> Clock:
        return self.clocks[CURRENT_APP.get()]

    def now(self) -> datetime:
        return self._mine().now()

    def set(self, instant: datetime, *, frozen: bool = False) -> None:
        self._mine().set(instant, frozen=frozen)

    def advance(self, delta: timedelta) -> None:
        self._mine().advance(delta)

    def reset(self) -> None:
        self._mine().reset()

    @property
    def is_real(self) -> bool:
        return self._mine().is_real


@dataclass
class AppClocks:
    clocks: dict[str, Clock]
    calls: list[tuple[str, str, datetime]] = field(default_factory=list)
    """(app, method, the gateway's clock at that moment) of every clock call a service received"""
    refuse_moves_of: set[str] = field(default_factory=set)

    def offset(self, app: str) -> timedelta:
        return self.clocks[app].now() - datetime.now(UTC)


class _AsApp(httpx.AsyncBaseTransport):
    """A service's transport: the service's requests run on the service's own clock."""

    def __init__(self, inner: httpx.AsyncBaseTransport, app: str, state: AppClocks) -> None:
        self.inner, self.app, self.state = inner, app, state

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(f"/api/v1/admin/{self.app}/clock"):
            self.state.calls.append((self.app, request.method, self.state.clocks["gateway"].now()))
            if request.method != "GET" and self.app in self.state.refuse_moves_of:
                raise httpx.ConnectError("connection refused (test)", request=request)
        token = CURRENT_APP.set(self.app)
        try:
            return await self.inner.handle_async_request(request)
        finally:
            CURRENT_APP.reset(token)


@pytest.fixture
def app_clocks(stack: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppClocks]:
    state = AppClocks(clocks={app: Clock() for app in APPS})
    monkeypatch.setattr(_PerAppClock, "clocks", state.clocks)
    monkeypatch.setattr(clock, "__class__", _PerAppClock)
    for name in SERVICES:
        transport = stack.transports[name]
        monkeypatch.setattr(transport, "inner", _AsApp(transport.inner, name, state))
    yield state


def _near(value: timedelta, wanted: timedelta) -> bool:
    return abs(value - wanted) < SLACK


def _clocks(resp: httpx.Response) -> dict[str, dict[str, Any]]:
    assert resp.status_code == 200, resp.text
    clocks = resp.json()["clocks"]
    assert [c["app"] for c in clocks] == ORDER
    return {c["app"]: c for c in clocks}


def _answered_offset(entry: dict[str, Any]) -> timedelta:
    return datetime.fromisoformat(entry["now"]) - datetime.now(UTC)


async def test_one_call_moves_every_app_40_days_forward_and_back_without_locking_the_admin_out(gw, app_clocks):
    """Advance every app by 40 days with a token minted on real time, log in again on the new time, use that token
    on every service, move every app back by 40 days, then reset them all."""
    token = (await gw.login())["access_token"]

    moved = _clocks(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 40},
                                         headers=gw.bearer(token)))

    for app in ORDER:
        assert _near(_answered_offset(moved[app]), timedelta(days=40)), moved[app]
        assert _near(app_clocks.offset(app), timedelta(days=40)), f"{app}: {app_clocks.offset(app)}"
        assert moved[app]["is_real"] is False
    # the old token is now 40 days old everywhere; a new login is stamped on the new time, which every app shares
    gw.problem(await gw.client.get("/api/v1/admin/clock", headers=gw.bearer(token)), 401, "token_expired")
    token = (await gw.login())["access_token"]
    read = _clocks(await gw.client.get("/api/v1/admin/clock", headers=gw.bearer(token)))
    assert all(_near(_answered_offset(read[app]), timedelta(days=40)) for app in ORDER)

    back = _clocks(await gw.client.post("/api/v1/admin/clock/advance", json={"days": -40},
                                        headers=gw.bearer(token)))

    for app in ORDER:
        assert _near(_answered_offset(back[app]), timedelta(0)), back[app]
        assert _near(app_clocks.offset(app), timedelta(0))
    token = (await gw.login())["access_token"]  # the +40-day token is not valid yet on real time
    reset = _clocks(await gw.client.delete("/api/v1/admin/clock", headers=gw.bearer(token)))
    assert all(reset[app]["is_real"] for app in ORDER)
    assert all(app_clocks.clocks[app].is_real for app in ORDER)


async def test_the_services_move_before_the_gateway(gw, app_clocks):
    """Every service is read, then moved one after the other, while the gateway's clock still stands where it was
    (the gateway signs tokens on its clock: moving it first would stamp them 40 days ahead of the services)."""
    token = (await gw.login())["access_token"]

    _clocks(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 40}, headers=gw.bearer(token)))

    reads = [c for c in app_clocks.calls if c[1] == "GET"]
    moves = [c for c in app_clocks.calls if c[1] != "GET"]
    assert sorted(a for a, _, _ in reads) == sorted(SERVICES)
    assert app_clocks.calls.index(moves[0]) >= len(reads), "a clock moved before every service was read"
    assert [a for a, _, _ in moves] == list(SERVICES)
    for app, _, gateway_now in moves:
        assert _near(gateway_now - datetime.now(UTC), timedelta(0)), f"the gateway had moved before {app}"
    assert _near(app_clocks.offset("gateway"), timedelta(days=40))


async def test_set_moves_every_app_to_one_frozen_instant(gw, app_clocks):
    instant = "2027-01-15T09:00:00+08:00"

    clocks = _clocks(await gw.client.put("/api/v1/admin/clock", json={"instant": instant, "frozen": True},
                                         headers=gw.admin))

    for app in ORDER:
        assert datetime.fromisoformat(clocks[app]["now"]) == datetime.fromisoformat(instant)
        assert clocks[app]["today"] == "2027-01-15"
        assert app_clocks.clocks[app].now() == datetime.fromisoformat(instant)


async def test_a_service_down_stops_the_call_before_any_clock_moves(gw, app_clocks):
    gw.stack.transports["scoring"].down = True

    body = gw.problem(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 40}, headers=gw.admin),
                      503, "upstream_unavailable")

    assert body["upstream"] == "scoring"
    assert body["moved"] == [] and body["not_moved"] == ORDER
    assert all(app_clocks.clocks[app].is_real for app in ORDER)


async def test_a_service_failing_while_clocks_move_is_named_with_the_apps_already_moved(gw, app_clocks):
    """The call stops at the failing service: the problem names it, lists the moved apps with their clocks and the
    ones not moved (the gateway among them), and those are exactly the clocks that moved."""
    app_clocks.refuse_moves_of = {"meetings"}
    assert list(SERVICES).index("meetings") == 2

    body = gw.problem(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 40}, headers=gw.admin),
                      503, "upstream_unavailable")

    assert body["upstream"] == "meetings"
    assert [c["app"] for c in body["moved"]] == ["registry", "issues"]
    assert all(_near(_answered_offset(c), timedelta(days=40)) for c in body["moved"])
    assert body["not_moved"] == ["meetings", "scoring", "gateway"]
    assert "meetings" in body["detail"]
    for app in ORDER:
        wanted = timedelta(days=40) if app in ("registry", "issues") else timedelta(0)
        assert _near(app_clocks.offset(app), wanted), app


@pytest.mark.parametrize("app", ["gateway", "issues"])
async def test_without_clock_control_on_any_app_nothing_moves(gw, app_clocks, monkeypatch, app):
    monkeypatch.setattr(gw.stack.apps[app].state.settings.common, "clock_control", False)

    body = gw.problem(await gw.client.delete("/api/v1/admin/clock", headers=gw.admin), 403, "clock_control_disabled")

    assert body["apps"] == [app]
    assert not [c for c in app_clocks.calls if c[1] != "GET"]


async def test_only_an_admin_moves_the_clocks(gw, app_clocks):
    gw.problem(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 1},
                                    headers=gw.stack.auth("office")), 403, "role_required")
    gw.problem(await gw.client.post("/api/v1/admin/clock/advance", json={"days": 1}), 401)
    assert not app_clocks.calls


async def test_the_one_call_clock_is_documented(gw, fresh_openapi):
    doc = (await gw.client.get("/openapi.json")).json()
    for method, path in [("get", ""), ("put", ""), ("post", "/advance"), ("delete", "")]:
        op = doc["paths"][f"/api/v1/admin/clock{path}"][method]
        assert op["summary"]
        assert "502" in op["responses"] and "503" in op["responses"]
        assert op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/AllClocks")
