"""The five apps, built once (no database is opened: only their routes and OpenAPI documents are read), and the
gateway's merged document of them, as a front-end team downloads it."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from tests.conftest import build_app
from tuijin.gateway.openapi import merge
from tuijin.gateway.routing import route_for
from tuijin.kernel.headers import api_routes
from tuijin.kernel.openapi import HTTP_METHODS
from tuijin.kernel.settings import APPS, SERVICES


@functools.cache
def apps() -> dict[str, Any]:
    return {name: build_app(name, "sqlite+aiosqlite:///:memory:", {}) for name in APPS}


@functools.cache
def merged_document() -> dict[str, Any]:
    built = apps()
    return merge(built["gateway"].openapi(), {s: built[s].openapi() for s in SERVICES})


def public(app: str, path: str) -> bool:
    """Whether the gateway's merged document carries ``app``'s operation at ``path``."""
    return path in merged_document()["paths"] and (app == "gateway" or route_for(path) == app)


def operation_of(app: str, path: str, method: str) -> dict[str, Any] | None:
    """The operation as a client sees it: from the merged document when the gateway publishes it, else (health,
    internal events) from the app's own."""
    doc = merged_document() if public(app, path) else apps()[app].openapi()
    op = doc.get("paths", {}).get(path, {}).get(method.lower())
    return op if isinstance(op, dict) else None


def routes_of(app: str) -> Iterator[tuple[Any, str, dict[str, Any]]]:
    """Every documented (route, method, operation) of ``app``."""
    for route in api_routes(apps()[app].routes):
        if not route.include_in_schema:
            continue
        for method in sorted(route.methods):
            if method.lower() not in HTTP_METHODS:
                continue
            op = operation_of(app, route.path_format, method)
            if op is not None:
                yield route, method, op


def declared_codes(op: dict[str, Any]) -> set[str]:
    """Every code an operation's problem answers declare (``x-problem-codes``), whatever their status."""
    return {code for status, entry in op.get("responses", {}).items() if status[:1] in "45" and isinstance(entry, dict)
            for code in entry.get("x-problem-codes", [])}


@functools.cache
def owners() -> dict[tuple[str, str], str]:
    """(METHOD, path) → whose operation it is in the merged document: ``kernel`` (the routes every app mounts from
    the kernel: admin, enums, calendar), ``gateway`` or the service's name."""
    out: dict[tuple[str, str], str] = {}
    for app in APPS:
        for route, method, _ in routes_of(app):
            if public(app, route.path_format):
                kernel = route.endpoint.__module__.startswith("tuijin.kernel.")
                out[(method, route.path_format)] = "kernel" if kernel else app
    return out
