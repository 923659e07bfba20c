"""HTTP clients to the other apps: one pooled ``httpx.AsyncClient`` per upstream, made at start-up
and closed at shut-down, with explicit limits and timeouts; the request id and identity are
forwarded; idempotent reads retry with backoff inside an overall deadline."""

from __future__ import annotations

import asyncio
import random
import select
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

import httpcore
import httpx
import structlog

from tuijin.kernel.auth import TokenCodec
from tuijin.kernel.context import request_id_var
from tuijin.kernel.errors import BadGateway, GatewayTimeout, ProblemError, UpstreamUnavailable
from tuijin.kernel.settings import CommonSettings
from tuijin.kernel.sqlcount import add_upstream_statements

log = structlog.get_logger("tuijin.upstream")

# An idle pooled connection is dropped by the client well before the server closes it
# (SERVER_KEEPALIVE_SECONDS): reusing one the server is closing at that moment fails the request
# with a read error. Equal timeouts on both sides (httpx's and uvicorn's default, 5 s) make that race.
UPSTREAM_KEEPALIVE_SECONDS = 4.0
SERVER_KEEPALIVE_SECONDS = 30
PAGE_LIMIT = 200  # the services' largest page


# The stream and backend below implement httpcore's interfaces, whose methods take ``timeout`` (ASYNC109).


class _Stream(httpcore.AsyncNetworkStream):
    """A pooled connection's stream that looks its socket up once. httpcore asks every idle pooled connection
    whether its socket is readable (closed by the server) each time it hands out a connection, and anyio builds
    its table of socket attributes anew for each question: with a few dozen idle connections that was a tenth
    of the gateway's CPU."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:  # noqa: ASYNC109
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self._socket
        if info == "is_readable":
            return _readable(self._socket)
        return self._inner.get_extra_info(info)


def _readable(sock: socket.socket | None) -> bool:
    """Whether the server has sent something (on an idle connection: that it closed it)."""
    if sock is None or sock.fileno() < 0:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class _Backend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,  # noqa: ASYNC109
                          local_address: str | None = None, socket_options: Any = None,
                          ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(self, path: str, timeout: float | None = None,  # noqa: ASYNC109
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def pooled_transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport over :class:`_Backend` (httpx does not take a network backend as a parameter)."""
    transport = httpx.AsyncHTTPTransport(limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_Backend(),
    )
    return transport


class Upstreams:
    def __init__(self, settings: CommonSettings, names: list[str], *, tokens: TokenCodec, caller: str) -> None:
        self.settings = settings
        self.names = names
        self.tokens = tokens
        self.caller = caller
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._transports: dict[str, httpx.AsyncBaseTransport] = {}
        self._fresh: dict[str, httpx.AsyncBaseTransport] = {}
        self._abandoned: set[asyncio.Task] = set()

    def start(self, transports: dict[str, httpx.AsyncBaseTransport] | None = None) -> None:
        s = self.settings
        timeout = httpx.Timeout(s.upstream_read_timeout, connect=s.upstream_connect_timeout)
        limits = httpx.Limits(max_connections=s.upstream_pool_size,
                              max_keepalive_connections=s.upstream_pool_size // 2,
                              keepalive_expiry=UPSTREAM_KEEPALIVE_SECONDS)
        # the transport a request goes out on again when its pooled connection was closed: one that keeps no
        # idle connection, so each request opens a new one
        fresh = httpx.Limits(max_connections=max(1, s.upstream_pool_size // 10), max_keepalive_connections=0)
        for name in self.names:
            given = (transports or {}).get(name)
            transport = given or pooled_transport(limits)
            self._transports[name] = transport
            self._fresh[name] = given or pooled_transport(fresh)
            self._clients[name] = httpx.AsyncClient(
                base_url=s.url_of(name), timeout=timeout, limits=limits, transport=transport,
                # identity: compressing on loopback costs both sides CPU and saves nothing
                headers={"user-agent": f"tuijin-{self.caller}", "accept-encoding": "identity"},
            )

    async def close(self) -> None:
        for task in list(self._abandoned):
            task.cancel()
        await asyncio.gather(*self._abandoned, return_exceptions=True)
        for client in self._clients.values():
            await client.aclose()
        for name, transport in self._fresh.items():
            if transport is not self._transports.get(name):
                await transport.aclose()
        self._clients.clear()
        self._fresh.clear()

    def client(self, name: str) -> httpx.AsyncClient:
        return self._clients[name]

    async def send(self, name: str, request: httpx.Request, *, retry_stale: bool = False) -> httpx.Response:
        """Send ``request`` (made by ``client(name).build_request``, with its base URL, headers and timeouts) on
        the upstream's pooled transport and return the answer with its body unread. The client's cookie jar,
        auth and redirect steps are left out: the apps keep no cookies between calls (a shared jar would carry
        one caller's cookie to the next) and an answer is passed on as it is.

        ``retry_stale`` (a request safe to send twice, without a body to replay): when the pooled connection
        turns out to be closed by the service before any answer came (it closed it as the request went out,
        e.g. after answering a 500), the request goes out once more on a new connection."""
        try:
            return await self._transports[name].handle_async_request(request)
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            if not retry_stale:
                raise
            log.info("upstream_connection_closed_retrying", upstream=name, method=request.method,
                     path=request.url.path, error_type=type(exc).__name__)
        return await self._fresh[name].handle_async_request(request)

    async def _read(self, name: str, request: httpx.Request) -> httpx.Response:
        response = await self.send(name, request, retry_stale=True)  # GET, or a POST that only reads
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    def headers(self, token: str | None = None) -> dict[str, str]:
        """Request id of the current request, and the caller's token or else a service token."""
        headers = {"authorization": f"Bearer {token or self.tokens.service_token(self.caller)}"}
        rid = request_id_var.get()
        if rid:
            headers["x-request-id"] = rid
        return headers

    async def get_json(
        self,
        name: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        token: str | None = None,
        deadline: float = 5.0,
        retries: int = 2,
    ) -> Any:
        """GET and decode JSON, retrying connection errors and 502/503/504 within ``deadline`` seconds.
        Raises 502/503/504 problems naming the upstream; other 4xx/5xx come back as ProblemError."""
        return await self._call(name, "GET", path, params=params, json=None, token=token, deadline=deadline,
                                retries=retries)

    async def pages(
        self, name: str, path: str, params: dict[str, Any], *, max_pages: int, token: str | None = None,
        deadline: float = 5.0,
    ) -> list[dict[str, Any]]:
        """Every item of another service's keyset-paginated list (:func:`collect_pages`, each page a
        :meth:`get_json`)."""
        return await collect_pages(
            lambda query: self.get_json(name, path, params=query, token=token, deadline=deadline),
            params, max_pages=max_pages,
        )

    async def read_json(
        self,
        name: str,
        path: str,
        body: Any,
        *,
        token: str | None = None,
        deadline: float = 5.0,
        retries: int = 2,
    ) -> Any:
        """POST a read that carries its query in the body (bulk reads such as
        ``/api/v1/projects/bulk``): safe to retry like a GET because it changes nothing."""
        return await self._call(name, "POST", path, params=None, json=body, token=token, deadline=deadline,
                                retries=retries)

    async def _call(
        self,
        name: str,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None,
        json: Any,
        token: str | None,
        deadline: float,
        retries: int,
    ) -> Any:
        started = time.monotonic()
        attempt = 0
        while True:
            remaining = deadline - (time.monotonic() - started)
            try:
                built = self.client(name).build_request(method, path, params=params, json=json,
                                                        headers=self.headers(token))
                request = asyncio.ensure_future(self._read(name, built))
                try:
                    resp = await asyncio.wait_for(asyncio.shield(request), timeout=max(0.05, remaining))
                except BaseException:
                    self._abandon(request)
                    raise
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                failure: ProblemError = UpstreamUnavailable(f"The {name} service is unavailable.", upstream=name)
                cause: Exception = exc
            except (TimeoutError, httpx.TimeoutException) as exc:
                failure = GatewayTimeout(f"The {name} service did not answer in time.", upstream=name)
                cause = exc
            except httpx.TransportError as exc:  # e.g. the connection reset mid-answer: a read, so try again
                failure = BadGateway(f"The {name} service failed while answering.", upstream=name)
                cause = exc
            else:
                if resp.status_code in (502, 503, 504):
                    failure = UpstreamUnavailable(f"The {name} service is unavailable.", upstream=name)
                    cause = RuntimeError(resp.text[:200])
                elif resp.status_code >= 400:
                    err = ProblemError(_detail(resp), code=_code(resp), upstream=name, **_message(resp))
                    err.status = resp.status_code
                    raise err
                else:
                    if self.settings.sql_count:
                        add_upstream_statements(resp.headers)
                    return resp.json()
            attempt += 1
            pause = min(1.0, 0.1 * 2**attempt) * random.uniform(0.5, 1.0)
            if attempt > retries or time.monotonic() - started + pause >= deadline:
                raise failure from cause
            await asyncio.sleep(pause)

    def _abandon(self, request: asyncio.Future) -> None:
        """A request its caller stopped waiting for (deadline, or the caller cancelled, as a composed view does at
        its deadline) finishes on its own within the client's timeouts. Cancelling it inside httpcore's pool while
        it waits for a connection can keep the pool slot for good (encode/httpcore#1093): after enough of those
        every call to that service fails at its deadline although the service is healthy."""
        if request.done():
            if not request.cancelled():
                request.exception()  # retrieved: nobody is waiting for it any more
            return
        self._abandoned.add(request)

        def settled(task: asyncio.Future) -> None:
            self._abandoned.discard(task)
            if not task.cancelled():
                task.exception()

        request.add_done_callback(settled)


async def collect_pages(
    read_page: Callable[[dict[str, Any]], Awaitable[Any]], params: dict[str, Any], *, max_pages: int,
    limit: int = PAGE_LIMIT,
) -> list[dict[str, Any]]:
    """Every item of a keyset-paginated list (``{items, next_cursor}``), following the cursor for at most
    ``max_pages`` pages of ``limit``; ``read_page(query)`` reads one page."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(max_pages):
        page = await read_page({**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return items


def raise_refusal(exc: ProblemError, name: str, what: str = "the request") -> NoReturn:
    """Re-raise another service's error answer: an outage (503, 504) as it is; any other as the kernel's 502
    ``upstream_failed`` naming the service, its status and its code."""
    if exc.status in (503, 504):
        raise exc
    raise BadGateway(f"The {name} service refused {what}: {exc.detail}", upstream=name,
                     upstream_status=exc.status, upstream_code=exc.code) from exc


def _detail(resp: httpx.Response) -> str:
    try:
        return str(resp.json().get("detail") or resp.reason_phrase)
    except ValueError:
        return resp.reason_phrase


def _message(resp: httpx.Response) -> dict[str, str]:
    """The upstream problem's Chinese ``message``, relayed as it is (this app may not know the upstream's code)."""
    try:
        message = resp.json().get("message")
    except (ValueError, AttributeError):
        return {}
    return {"message": message} if isinstance(message, str) and message else {}


def _code(resp: httpx.Response) -> str:
    try:
        return str(resp.json().get("code") or "upstream_error")
    except ValueError:
        return "upstream_error"
