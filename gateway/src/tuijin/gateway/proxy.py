"""The reverse proxy: one pooled client per upstream, hop-by-hop headers dropped, request id and
identity forwarded, bodies streamed both ways and closed when done, and a down upstream answered
fast with a 503 problem that names it."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_from_bytes

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from tuijin.gateway.routing import route_for
from tuijin.kernel.context import request_id_var
from tuijin.kernel.errors import (
    BadGateway,
    GatewayTimeout,
    NotFound,
    ProblemError,
    UpstreamUnavailable,
    invalid_field,
    problem_response,
)

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
    "transfer-encoding", "upgrade", "host", "content-length",
}


def _request_headers(request: Request) -> list[tuple[str, str]]:
    connection_listed = {h.strip().lower() for h in request.headers.get("connection", "").split(",") if h.strip()}
    headers = [
        (k, v) for k, v in request.headers.items()
        if k.lower() not in HOP_BY_HOP | connection_listed | {"accept-encoding", "x-request-id"}
    ]
    client = request.client.host if request.client else ""
    prior = request.headers.get("x-forwarded-for")
    headers += [
        ("x-request-id", request_id_var.get() or ""),
        ("x-forwarded-for", f"{prior}, {client}" if prior else client),
        ("x-forwarded-proto", request.url.scheme),
        ("x-forwarded-host", request.headers.get("host", "")),
        ("accept-encoding", "identity"),  # the gateway compresses for the client
    ]
    length = request.headers.get("content-length")
    if length is not None:  # the body goes on with its length, not re-chunked
        headers.append(("content-length", length))
    return headers


class MethodNotAllowed(ProblemError):
    status, code = 405, "method_not_allowed"

    def __init__(self, detail: str, *, allow: str) -> None:
        super().__init__(detail)
        self.headers["Allow"] = allow


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _gateway_methods(request: Request) -> set[str]:
    """Methods of the gateway's own routes whose path matches (for a 405 instead of a 404).

    Asks each route whether it would take the request with another method: included routers are
    not flattened into ``app.router.routes`` (FastAPI wraps them), so their paths are not listed there."""
    methods: set[str] = set()
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        for route in request.app.router.routes:
            if getattr(route, "endpoint", None) is proxy:
                continue
            if route.matches(scope)[0] is Match.FULL:
                methods.add(method)
                break
    return methods


# what a path segment may carry as it is (RFC 3986 pchar): everything else goes on percent-encoded
_PATH_SAFE = "/:@!$&'()*+,;="
# a query goes on as the client sent it, but for bytes a URL cannot carry (controls, space, non-ASCII, '#')
_QUERY_SAFE = "".join(chr(c) for c in range(0x21, 0x7f) if chr(c) not in "#")
# methods the gateway sends again, once, on a fresh connection when the pooled one turned out to be closed
RETRIED_METHODS = {"GET", "HEAD", "OPTIONS"}


def upstream_target(scope: Scope) -> bytes:
    """The path and query to ask the service for, as the client asked the gateway.

    From the decoded path re-encoded (not ``request.url.path``: a ``%3F`` or ``%23`` the client sent would
    become the start of a query or a fragment, and control characters would be dropped from it), and from the
    raw query string."""
    target = quote(scope["path"], safe=_PATH_SAFE)
    query = quote_from_bytes(scope.get("query_string") or b"", safe=_QUERY_SAFE)
    return (f"{target}?{query}" if query else target).encode("ascii")


def _retried(request: Request, has_body: bool) -> bool:
    """Whether the request may be sent again when its pooled connection was closed before any answer: a read
    without a body (nothing to replay) and without an ``Idempotency-Key`` (whose retries are the client's)."""
    return request.method in RETRIED_METHODS and not has_body and "idempotency-key" not in request.headers


async def _forward(request: Request, service: str) -> httpx.Response:
    """Check the caller's token, send the request on, and return the upstream's response with its body unread."""
    # the gateway refuses a bad token itself; a missing one is left to the service (public views)
    auth = request.headers.get("authorization")
    if auth and auth.lower().startswith("bearer "):
        request.app.state.tokens.principal(auth.split(" ", 1)[1])
    upstreams = request.app.state.upstreams
    # a request without Content-Length or Transfer-Encoding has no body (a GET): none is sent on, not even an
    # empty chunked one
    has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
    client = upstreams.client(service)
    try:
        url = client.base_url.copy_with(raw_path=client.base_url.raw_path.rstrip(b"/") + upstream_target(request.scope))
        upstream_request = client.build_request(
            request.method, url, headers=_request_headers(request), content=request.stream() if has_body else None,
        )
    except httpx.InvalidURL as exc:  # the kernel's limits refuse such paths first; this is the last guard
        raise invalid_field("path", "请求路径无法转发给服务。", "path_invalid") from exc
    try:
        return await upstreams.send(service, upstream_request, retry_stale=_retried(request, has_body))
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
        raise UpstreamUnavailable(f"The {service} service is unavailable.", upstream=service) from exc
    except httpx.TimeoutException as exc:
        raise GatewayTimeout(f"The {service} service did not answer in time.", upstream=service) from exc
    except httpx.TransportError as exc:  # e.g. the connection reset while the service was answering
        raise BadGateway(f"The {service} service failed while answering: {type(exc).__name__}.",
                         upstream=service) from exc


# the gateway's own server (uvicorn) sends these for every answer; the upstream's copies would be second ones
SERVER_OWN = {"date", "server"}


def _public_location(value: str, internal: httpx.URL) -> str:
    """A ``Location`` pointing at the upstream's internal address, made relative (the same path under the
    gateway); any other value is left as it is."""
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL:
        return value
    if not url.is_absolute_url or (url.scheme, url.host, url.port) != (internal.scheme, internal.host, internal.port):
        return value
    relative = url.raw_path.decode("ascii")
    return f"{relative}#{url.fragment}" if url.fragment else relative


def _internal_url(request: Request, service: str) -> httpx.URL:
    return request.app.state.upstreams.client(service).base_url


def _response_headers(upstream: httpx.Response, internal: httpx.URL) -> list[tuple[str, str]]:
    """The upstream's headers as the client gets them: without hop-by-hop headers and the ones the gateway's
    server sends itself, and with no internal address (``internal``, the upstream's base URL) left in
    ``Location``/``Content-Location``."""
    headers = []
    for k, v in upstream.headers.multi_items():
        key = k.lower()
        if key in HOP_BY_HOP or key in SERVER_OWN or key == "x-request-id":
            continue
        headers.append((k, _public_location(v, internal) if key in ("location", "content-location")
                        else v))
    return headers


# the gateway's own paths under a service's segment (they are routed, not proxied)
GATEWAY_PATHS = ("/api/v1/public/overview",)
GATEWAY_PATH_PATTERNS = (re.compile(r"^/api/v1/regions/[^/]+/organisation-workbook(/|$)"),)
"""The gateway's own paths under a service's segment that carry a parameter (the organisation workbook)."""


def proxied_service(path: str) -> str | None:
    """The service a request for ``path`` is forwarded to by :class:`ProxyMiddleware`, or None when the
    gateway's own routes answer it (its views, accounts, unknown paths and their 404/405)."""
    if path.startswith(GATEWAY_PATHS) or any(p.match(path) for p in GATEWAY_PATH_PATTERNS):
        return None
    return route_for(path)


class ProxyMiddleware:
    """The proxy in pure ASGI: a request for a service's path is forwarded before Starlette's routing, the
    endpoint machinery and a streaming response's task group are reached (each a share of a proxied request's
    cost). Everything outside it still applies: request id, access log and metrics, compression, idempotency.
    A problem (bad token, service down) is answered as problem+json like everywhere else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        service = proxied_service(scope["path"]) if scope["type"] == "http" else None
        if service is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            upstream = await _forward(request, service)
        except ProblemError as exc:
            await problem_response(exc.to_problem(request), headers=exc.headers or None)(scope, receive, send)
            return
        try:
            await send({
                "type": "http.response.start",
                "status": upstream.status_code,
                "headers": [(k.encode("latin-1"), v.encode("latin-1"))
                            for k, v in _response_headers(upstream, _internal_url(request, service))],
            })
            async for chunk in upstream.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await upstream.aclose()


async def proxy(request: Request) -> StreamingResponse:
    """The catch-all route behind :class:`ProxyMiddleware`: what reaches it is a path no service owns (404, or 405
    when a gateway route takes the path with another method), or one of ``GATEWAY_PATHS`` with a method the
    gateway's route does not take, which goes on to the service that owns the segment."""
    path = request.url.path
    service = route_for(path)
    if service is None:
        allowed = _gateway_methods(request)
        if allowed:
            raise MethodNotAllowed(f"{request.method} is not allowed on {path}", allow=", ".join(sorted(allowed)))
        raise NotFound(f"No route for {path}", code="not_found")
    upstream = await _forward(request, service)
    return StreamingResponse(
        upstream.aiter_raw(), status_code=upstream.status_code,
        headers=dict(_response_headers(upstream, _internal_url(request, service))),
        background=BackgroundTask(upstream.aclose),
    )
