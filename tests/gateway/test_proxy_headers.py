"""Response headers of proxied answers: no internal address of a service leaks in ``Location``, and
``date`` and ``server`` are sent once (by the gateway's own server), not once more from the service."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

CALENDAR = "/api/v1/calendar/days"
QUERY = "from=2026-10-01&to=2026-10-07"


class _ServedByUvicorn(httpx.AsyncBaseTransport):
    """Answers of a service as its own uvicorn sends them: with ``date`` and ``server``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        resp = await self.inner.handle_async_request(request)
        resp.headers["date"] = "Sat, 05 Dec 2026 08:00:00 GMT"
        resp.headers["server"] = "uvicorn"
        return resp


@pytest.fixture
def registry_via_uvicorn(gw, monkeypatch: pytest.MonkeyPatch) -> None:
    transport = gw.stack.transports["registry"]
    monkeypatch.setattr(transport, "inner", _ServedByUvicorn(transport.inner))


@pytest.fixture
async def served_gateway(gw) -> AsyncIterator[str]:
    """The gateway app behind a real uvicorn server on a loopback port (its lifespan already runs)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(gw.stack.apps["gateway"], lifespan="off", log_config=None,
                                           access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # up to 10 s
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def test_a_redirect_from_a_service_does_not_leak_its_internal_address(gw):
    internal = gw.stack.apps["gateway"].state.settings.common.registry_url

    resp = await gw.client.get(f"{CALENDAR}/?{QUERY}", headers=gw.stack.auth("office"))

    assert resp.status_code in (301, 302, 307, 308), resp.text
    location = resp.headers["location"]
    assert internal not in location and "127.0.0.1" not in location, location
    assert location == f"{CALENDAR}?{QUERY}"
    assert (await gw.client.get(location, headers=gw.stack.auth("office"))).status_code == 200


async def test_the_services_date_and_server_headers_are_not_passed_on(gw, registry_via_uvicorn):
    resp = await gw.client.get(f"{CALENDAR}?{QUERY}", headers=gw.stack.auth("office"))

    assert resp.status_code == 200, resp.text
    assert resp.headers.get_list("date") == [] and resp.headers.get_list("server") == []


async def test_a_proxied_answer_from_the_real_server_has_one_date_and_one_server_header(
        gw, registry_via_uvicorn, served_gateway):
    async with httpx.AsyncClient(base_url=served_gateway) as client:
        resp = await client.get(f"{CALENDAR}?{QUERY}", headers=gw.stack.auth("office"))

    assert resp.status_code == 200, resp.text
    assert len(resp.headers.get_list("date")) == 1, resp.headers
    assert resp.headers.get_list("server") == ["uvicorn"]
