"""The reverse proxy: routing by path, identity and request id forwarded, problems for unknown paths,
wrong methods and a service that is down, and compression towards the client."""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.raw_asgi import call
from tuijin.gateway.main import create_app
from tuijin.gateway.proxy import proxied_service, proxy
from tuijin.gateway.settings import GatewaySettings
from tuijin.kernel.errors import ProblemError
from tuijin.kernel.migrations import upgrade
from tuijin.kernel.settings import load_settings

CALENDAR = "/api/v1/calendar/days?from=2026-10-01&to=2026-10-07"


async def test_a_proxied_get_reaches_the_registry_with_the_callers_identity_and_request_id(gw, upstream_log):
    headers = gw.stack.auth("office")
    request_id = f"test-{uuid.uuid4().hex}"

    resp = await gw.client.get(CALENDAR, headers={**headers, "X-Request-ID": request_id})

    assert resp.status_code == 200, resp.text
    assert [d["day"] for d in resp.json()][:2] == ["2026-10-01", "2026-10-02"]
    assert resp.headers["x-request-id"] == request_id
    [forwarded] = upstream_log.of("registry")
    assert forwarded.url.path == "/api/v1/calendar/days"
    assert forwarded.url.params["from"] == "2026-10-01" and forwarded.url.params["to"] == "2026-10-07"
    assert forwarded.headers["authorization"] == headers["Authorization"]
    assert forwarded.headers["x-request-id"] == request_id
    assert all(not upstream_log.of(s) for s in ("issues", "meetings", "scoring"))


async def test_the_service_judges_the_forwarded_identity(gw):
    path = "/api/v1/admin/registry/jobs"

    as_office = await gw.client.get(path, headers=gw.stack.auth("office"))
    as_admin = await gw.client.get(path, headers=gw.stack.auth("admin"))

    gw.problem(as_office, 403, "role_required")
    assert as_admin.status_code == 200, as_admin.text
    assert "outbox-dispatch" in [j["name"] for j in as_admin.json()]


async def test_a_request_without_a_request_id_gets_one_that_the_service_also_saw(gw, upstream_log):
    resp = await gw.client.get(CALENDAR, headers=gw.stack.auth("office"))

    assert resp.status_code == 200
    assert resp.headers["x-request-id"]
    assert upstream_log.of("registry")[0].headers["x-request-id"] == resp.headers["x-request-id"]


async def test_an_unknown_path_is_a_404_problem(gw, upstream_log):
    resp = await gw.client.get("/api/v1/no-such-things/1", headers=gw.stack.auth("office"))

    gw.problem(resp, 404, "not_found")
    assert not any(upstream_log.requests.values())


async def test_a_wrong_method_on_a_gateway_route_is_a_405_problem_with_allow(gw):
    resp = await gw.client.delete("/api/v1/auth/token")

    gw.problem(resp, 405, "method_not_allowed")
    assert resp.headers["allow"] == "POST"


@pytest.mark.parametrize("path", [
    "/api/v1/internal/events",
    "/api/v1/calendar/%2e%2e/internal/events",
    "/api/v1/calendar/..%2Finternal/events",
    "/api/v1/admin/registry/%2E%2E/%2E%2E/internal/events",
])
async def test_internal_events_are_never_routed_by_the_gateway(gw, upstream_log, path):
    envelope = {"id": str(uuid.uuid4()), "type": "calendar.override_removed", "source": "registry",
                "occurred_at": "2026-10-01T00:00:00Z", "payload": {"day": "2026-10-08"}}
    service_token = gw.stack.codec.service_token("registry")

    posted = await gw.client.post(path, json=envelope, headers=gw.bearer(service_token))
    read = await gw.client.get(path, headers=gw.bearer(service_token))

    gw.problem(posted, 404)
    gw.problem(read, 404)
    assert not any(upstream_log.requests.values())


async def test_a_service_that_is_down_is_a_503_problem_naming_it(gw):
    gw.stack.transports["registry"].down = True

    resp = await gw.client.get(CALENDAR, headers=gw.stack.auth("office"))

    body = gw.problem(resp, 503, "upstream_unavailable")
    assert body["upstream"] == "registry"


def _closed_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def _gateway_reaching_registry_at(
    port: int, stack: Any, fresh_databases: Any
) -> AsyncIterator[tuple[Any, httpx.AsyncClient, dict[str, str]]]:
    """A gateway of its own whose registry is reached over the network at ``port`` (no in-process transport)."""
    url = await fresh_databases.new("gateway_net")
    await asyncio.to_thread(upgrade, "tuijin.gateway", url)
    gateway_settings = stack.apps["gateway"].state.settings
    common = gateway_settings.common.model_copy(update={"registry_url": f"http://127.0.0.1:{port}"})
    settings = load_settings("gateway", GatewaySettings, database_url=url, common=common,
                             admin_password=gateway_settings.admin_password,
                             jwt_private_key=gateway_settings.jwt_private_key)
    app = create_app(settings)
    token = stack.codec.encode({"sub": "test:office", "roles": ["office"], "region": "410324", "typ": "access"},
                               timedelta(minutes=15))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://gw.test") as client:
        assert app.state.upstreams.client("registry").base_url == httpx.URL(f"http://127.0.0.1:{port}")
        yield app, client, {"Authorization": f"Bearer {token}"}


async def test_a_refused_connection_on_the_network_is_a_503_within_a_second(stack, fresh_databases):
    async with _gateway_reaching_registry_at(_closed_loopback_port(), stack, fresh_databases) as (_, client, auth):
        started = time.monotonic()
        resp = await client.get(CALENDAR, headers=auth)
        elapsed = time.monotonic() - started

    assert resp.status_code == 503, resp.text
    assert resp.json()["code"] == "upstream_unavailable" and resp.json()["upstream"] == "registry"
    assert elapsed < 1.0, f"the 503 took {elapsed:.2f} s"


async def _reset_after_reading(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A service that dies while answering: it reads the request, then the connection is reset."""
    await reader.readuntil(b"\r\n\r\n")
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST, not FIN
    writer.transport.abort()


async def test_a_service_that_fails_while_answering_is_a_502_problem_naming_it(stack, fresh_databases):
    server = await asyncio.start_server(_reset_after_reading, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with _gateway_reaching_registry_at(port, stack, fresh_databases) as (app, client, auth):
            proxied = await client.get(CALENDAR, headers=auth)
            with pytest.raises(ProblemError) as read:  # the composed views' reads name the failure the same way
                await app.state.upstreams.get_json("registry", "/api/v1/calendar/days", deadline=2.0, retries=0)
    finally:
        server.close()
        await server.wait_closed()

    assert proxied.status_code == 502, proxied.text
    assert proxied.headers["content-type"].startswith("application/problem+json")
    assert proxied.json()["code"] == "upstream_failed" and proxied.json()["upstream"] == "registry"
    assert read.value.status == 502 and read.value.code == "upstream_failed"


async def test_a_large_response_is_gzip_compressed_when_the_client_accepts_it(gw, fresh_openapi):
    resp = await gw.client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})

    assert resp.status_code == 200
    assert resp.headers["content-encoding"] == "gzip"
    assert int(resp.headers["content-length"]) < len(resp.content)
    assert resp.json()["openapi"].startswith("3.")


async def test_a_large_proxied_response_is_gzip_compressed_when_the_client_accepts_it(gw, upstream_log):
    resp = await gw.client.get("/api/v1/calendar/days?from=2026-01-01&to=2026-12-31",
                               headers={**gw.stack.auth("office"), "Accept-Encoding": "gzip"})

    assert resp.status_code == 200, resp.text
    assert resp.headers["content-encoding"] == "gzip"
    assert len(resp.json()) == 365
    assert upstream_log.of("registry")[0].headers["accept-encoding"] == "identity"


async def test_a_response_is_not_compressed_when_the_client_does_not_accept_it(gw, fresh_openapi):
    resp = await gw.client.get("/openapi.json", headers={"Accept-Encoding": "identity"})

    assert resp.status_code == 200
    assert "content-encoding" not in resp.headers
    assert resp.json()["openapi"].startswith("3.")


def _routes(routes: list[Any]) -> list[Any]:
    """The app's routes with included routers flattened."""
    out: list[Any] = []
    for route in routes:
        out += _routes(route.original_router.routes) if hasattr(route, "original_router") else [route]
    return out


def test_no_route_of_the_gateway_itself_is_forwarded_to_a_service(gw):
    own = [
        re.sub(r"\{[^}]+\}", "x", r.path) for r in _routes(gw.stack.apps["gateway"].router.routes)
        if r.path.startswith("/api/v1/") and getattr(r, "endpoint", None) is not proxy
    ]

    assert "/api/v1/public/overview" in own and "/api/v1/dossiers/x" in own
    assert {p: proxied_service(p) for p in own if proxied_service(p)} == {}


async def test_a_proxied_response_keeps_the_services_status_and_headers(gw):
    resp = await gw.client.get("/api/v1/projects/00000000-0000-0000-0000-000000000000",
                               headers=gw.stack.auth("office"))

    body = gw.problem(resp, 404)
    assert body["instance"] == "/api/v1/projects/00000000-0000-0000-0000-000000000000"
    assert resp.headers["x-request-id"] == body["request_id"]


async def test_a_cookie_one_answer_sets_is_not_sent_with_the_next_callers_request(stack, fresh_databases):
    """The gateway's pooled client is shared by every caller: it must keep no cookie jar, or one user's
    session cookie from a service would go out with the next user's requests."""
    seen: list[bytes] = []

    async def sets_a_cookie(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            seen.append(head)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: session=alice\r\n"
                         b"Content-Length: 2\r\n\r\n[]")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(sets_a_cookie, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with _gateway_reaching_registry_at(port, stack, fresh_databases) as (app, client, auth):
            first = await client.get(CALENDAR, headers=auth)
            client.cookies.clear()  # the next caller is another browser: it has no cookie of its own
            second = await client.get(CALENDAR, headers=auth)
            await app.state.upstreams.get_json("registry", "/api/v1/calendar/days", deadline=2.0, retries=0)
    finally:
        server.close()
        await server.wait_closed()

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.headers["set-cookie"] == "session=alice"  # passed on to its caller, as the service sent it
    assert [h.split(b" ")[1].split(b"?")[0] for h in seen].count(b"/api/v1/calendar/days") == 3
    assert all(b"cookie:" not in head.lower() for head in seen), seen
    assert all(b"transfer-encoding" not in head.lower() for head in seen), "a GET went on with a body"


CONTROL_PATHS = ["/api/v1/projects/%00", "/api/v1/projects/a%0d%0aX-Injected:%201", "/api/v1/projects/%7f",
                 "/api/v1/projects/%C2%85", "/api/v1/regions/41%0932"]


@pytest.mark.parametrize("path", [*CONTROL_PATHS, "/api/v1/users/%00", "/api/v1/no-such-things/%00"])
async def test_a_path_with_a_control_character_is_a_422_problem_naming_the_path_and_is_not_forwarded(
        gw, upstream_log, path):
    """A control character in a path cannot be put in the service's URL: the gateway refuses the path (the
    gateway answered 500 and dropped the connection)."""
    resp = await gw.client.get(path, headers=gw.stack.auth("office"))

    body = gw.problem(resp, 422, "path_invalid")
    assert body["errors"][0]["field"] == "path"
    assert "控制字符" in body["detail"]
    assert not any(upstream_log.requests.values())


@pytest.mark.parametrize("length", [3_000, 70_000])  # 70,000: longer than any URL the upstream client builds
async def test_an_overlong_path_is_a_422_problem_naming_the_path(gw, upstream_log, length):
    answer = await call(gw.stack.apps["gateway"], "GET", b"/api/v1/projects/" + b"a" * length,
                        headers=gw.stack.auth("office").items())

    assert answer.status == 422 and answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "path_too_long" and answer.json()["errors"][0]["field"] == "path"
    assert not any(upstream_log.requests.values())


@pytest.mark.parametrize("raw_path", [b"/api/v1/calendar/../projects", b"/api/v1/projects/./x", b"/api/v1/projects/.."])
async def test_a_dot_segment_is_never_resolved_by_the_gateway_into_another_path(gw, upstream_log, raw_path):
    answer = await call(gw.stack.apps["gateway"], "GET", raw_path, headers=gw.stack.auth("office").items())

    assert answer.status == 404 and answer.json()["code"] == "not_found"
    assert not any(upstream_log.requests.values())


@pytest.mark.parametrize("service,path", [
    ("registry", "/api/v1/regions/%00"), ("registry", "/api/v1/projects/%0d%0a"), ("issues", "/api/v1/problems/%7f"),
    ("meetings", "/api/v1/meetings/%00"), ("scoring", "/api/v1/scoring-schemes/%1b"),
    ("registry", "/api/v1/regions/" + "4" * 5000),
])
async def test_a_service_asked_directly_refuses_a_malformed_path_with_a_422_not_a_500(stack, service, path):
    resp = await stack.client(service).get(path, headers=stack.auth("admin"))

    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] in {"path_invalid", "path_too_long"}
    assert resp.json()["errors"][0]["field"] == "path"


async def test_an_encoded_question_mark_or_hash_in_a_path_reaches_the_service_in_the_path(gw, upstream_log):
    """The path goes on as the client sent it: an encoded ``?`` or ``#`` stays in the path, it does not start
    the upstream URL's query or fragment."""
    resp = await gw.client.get("/api/v1/projects/x%3Fregion_code%3D1%23y?limit=5", headers=gw.stack.auth("office"))

    gw.problem(resp, 422, "validation_failed")  # not a UUID: the service judged the whole segment
    [forwarded] = upstream_log.of("registry")
    assert (forwarded.url.path, forwarded.url.query) == ("/api/v1/projects/x?region_code=1#y", b"limit=5")


class OneAnswerPerConnection:
    """A service that answers the first request on a connection, keeping it alive, and closes that connection
    when the next request arrives on it, unanswered: what the gateway's pool meets when a service closes a
    connection (after a 500, at its idle timeout) just as a request goes out on it."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[str] = []

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            for answered in (True, False):
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests.append(head.split(b"\r\n")[0].decode())
                if answered:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()


async def test_a_read_whose_pooled_connection_was_closed_goes_again_once_on_a_fresh_connection(
        stack, fresh_databases):
    """GET, HEAD and OPTIONS without a body are sent again on a new connection when the pooled one was closed
    before any answer; a POST, or any request with an Idempotency-Key, is not (the service may have acted on
    it; the client decides)."""
    service = OneAnswerPerConnection()
    server = await asyncio.start_server(service, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with _gateway_reaching_registry_at(port, stack, fresh_databases) as (_, client, auth):
            statuses = [
                (await client.get("/api/v1/projects?a", headers=auth)).status_code,  # connection 1
                (await client.get("/api/v1/projects?b", headers=auth)).status_code,  # 1 closed: again on 2
                (await client.get("/api/v1/projects?c", headers=auth)).status_code,  # connection 3
                (await client.post("/api/v1/projects?d", json={}, headers=auth)).status_code,  # 3 closed
                (await client.get("/api/v1/projects?e", headers=auth)).status_code,  # connection 4
                (await client.get("/api/v1/projects?f", headers={**auth, "Idempotency-Key": "k-1"})).status_code,
            ]
    finally:
        server.close()
        await server.wait_closed()

    assert statuses[:3] == [200, 200, 200] and statuses[4] == 200
    assert statuses[3] in (502, 503) and statuses[5] in (502, 503)
    assert [r.split(" ")[1] for r in service.requests] == [
        "/api/v1/projects?a", "/api/v1/projects?b", "/api/v1/projects?b", "/api/v1/projects?c",
        "/api/v1/projects?d", "/api/v1/projects?e", "/api/v1/projects?f",
    ]
