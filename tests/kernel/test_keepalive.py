"""Pooled connections between the apps: the client forgets an idle connection before the server closes it.
With equal idle timeouts on both sides a request can go out on a connection the server is closing at that
very moment and fail with a read error (the gateway answered 500 for it)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tuijin.kernel import cli
from tuijin.kernel.keys import new_key_set
from tuijin.kernel.settings import CommonSettings
from tuijin.kernel.upstream import Upstreams, pooled_transport


def served_with(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The keyword arguments ``tuijin-<app> serve`` hands to uvicorn."""
    import uvicorn

    seen: dict[str, Any] = {}
    for var, value in new_key_set().items():  # serve refuses to start without its token keys
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    assert cli.run_cli("registry", ["serve"]) == 0
    return seen


def test_an_idle_upstream_connection_is_dropped_by_the_client_well_before_the_server_closes_it(monkeypatch):
    server_idle = served_with(monkeypatch)["timeout_keep_alive"]
    upstreams = Upstreams(CommonSettings(), ["registry"], tokens=None, caller="gateway")  # type: ignore[arg-type]
    upstreams.start()
    try:
        client_idle = upstreams.client("registry")._transport._pool._keepalive_expiry
    finally:
        upstreams._clients.clear()
    assert client_idle is not None
    assert client_idle + 1 <= server_idle, (client_idle, server_idle)


async def _answer_once_then_close(reader: Any, writer: Any) -> None:
    """A server that answers one request on a connection, keep-alive, and then closes that connection."""
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    await writer.drain()
    writer.close()


async def test_a_pooled_connection_the_server_closed_while_idle_is_not_reused():
    connections = 0

    async def handler(reader: Any, writer: Any) -> None:
        nonlocal connections
        connections += 1
        await _answer_once_then_close(reader, writer)

    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=30)
    try:
        async with httpx.AsyncClient(transport=pooled_transport(limits), base_url=f"http://127.0.0.1:{port}") as c:
            first = await c.get("/a")
            await asyncio.sleep(0.1)  # the server's FIN reaches the idle pooled connection
            second = await c.get("/b")
    finally:
        server.close()
        await server.wait_closed()

    assert (first.status_code, second.status_code) == (200, 200)
    assert connections == 2


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[int]:
    """``app`` served by uvicorn on a loopback port (as ``tuijin-<app> serve`` does); yields the port."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_config=None))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "the server did not start"
            await asyncio.sleep(0.01)
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await task


async def test_a_500_answer_says_the_connection_closes_and_the_next_request_on_the_pool_succeeds(kernel_app):
    """After an unhandled error the server closes the connection it answered on: the 500 says so with
    ``Connection: close``, so a pooled client does not send its next request on that connection (the gateway
    answered that request 502)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=30)
    async with served(kernel_app.app) as port, httpx.AsyncClient(
            transport=pooled_transport(limits), base_url=f"http://127.0.0.1:{port}") as client:
        crashed = await client.get("/api/v1/test/boom")
        after = [(await client.get("/healthz")).status_code for _ in range(10)]

    assert crashed.status_code == 500
    assert crashed.json()["code"] == "internal_error" and kernel_app.crash_marker not in crashed.text
    assert crashed.headers["connection"] == "close"
    assert after == [200] * 10


async def test_a_server_answers_a_declared_51_mb_body_413_at_once_and_closes_without_reading_it(kernel_app):
    """Over a real connection: the 413 comes back while the client has sent the headers and 1 KB of the 51 MB
    it announced, and the server then closes the connection instead of reading the rest."""
    async with served(kernel_app.app) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /api/v1/test/widgets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 53477376\r\n\r\n" + b" " * 1024)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
        rest = await asyncio.wait_for(reader.read(), timeout=10)  # b"" once the server has closed
        writer.close()

    assert head.startswith(b"HTTP/1.1 413 "), head
    assert b"connection: close" in head.lower()
    assert b'"code":"payload_too_large"' in rest
