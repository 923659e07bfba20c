"""Request ids, structured logs that carry them, and Prometheus metrics (pure ASGI)."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from typing import Any

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from tuijin.kernel.context import request_id_var

REQUEST_ID_HEADER = "x-request-id"
_VALID_RID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def configure_logging(*, json_logs: bool, level: str = "INFO") -> None:
    """structlog over the standard library, every line carrying the request id."""

    def add_request_id(_logger: Any, _name: str, event: dict) -> dict:
        rid = request_id_var.get()
        if rid and "request_id" not in event:
            event["request_id"] = rid
        return event

    shared = [
        structlog.contextvars.merge_contextvars,
        add_request_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = structlog.processors.JSONRenderer(ensure_ascii=False) if json_logs else (
        structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # our access log carries the request id
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per upstream call is noise


class RequestIdMiddleware:
    """Take ``X-Request-ID`` from the caller (or make one), expose it to logs and outgoing calls,
    and echo it on the response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                if _VALID_RID.match(candidate):
                    rid = candidate
                break
        rid = rid or uuid.uuid4().hex
        request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"]
                headers.append((b"x-request-id", rid.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_wrapper)


class Metrics:
    """Per-app Prometheus registry with request count and latency by route template."""

    def __init__(self, app_name: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tuijin_http_requests_total", "HTTP requests", ["app", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tuijin_http_request_duration_seconds", "HTTP request latency", ["app", "method", "route"],
            registry=self.registry,
        )
        self.app_name = app_name

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class AccessLogMetricsMiddleware:
    """One structured access-log line and one metrics sample per request."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = structlog.get_logger("tuijin.access")

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            if template != "/metrics":
                self.metrics.requests.labels(self.metrics.app_name, method, template, status["code"]).inc()
                self.metrics.latency.labels(self.metrics.app_name, method, template).observe(elapsed)
                self.log.info(
                    "request", method=method, path=scope.get("path"), status=status["code"],
                    duration_ms=round(elapsed * 1000, 2),
                )


def metrics_endpoint(request: Request) -> Response:
    return request.app.state.metrics.render()
