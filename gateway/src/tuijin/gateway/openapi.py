"""One OpenAPI document for the whole platform: the gateway's own paths and every service's public
paths, tags and schemas without collisions, under one security scheme."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from typing import Any

from fastapi import FastAPI

from tuijin.gateway.routing import route_for
from tuijin.kernel.naming import check_operation_ids
from tuijin.kernel.openapi import HTTP_METHODS, UPSTREAM_STATUSES, add_statuses, ensure_problem_schema
from tuijin.kernel.settings import SERVICES

SECURITY_SCHEME = "OAuth2"
_REF = "#/components/schemas/"
_PRIVATE_PREFIXES = ("/api/v1/internal", "/healthz", "/readyz", "/metrics")


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(_REF) and v[len(_REF):] in renames:
                out[k] = _REF + renames[v[len(_REF):]]
            else:
                out[k] = _rewrite_refs(v, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


def _normalise_security(paths: dict[str, Any]) -> None:
    for item in paths.values():
        for op in item.values():
            if isinstance(op, dict) and op.get("security"):
                op["security"] = [{SECURITY_SCHEME: []}]


def _service_name(service: str, name: str, taken: dict[str, Any], incoming: dict[str, Any]) -> str:
    """``Thing`` of ``meetings`` when an earlier app already has another ``Thing``: ``MeetingsThing``."""
    renamed = f"{service.title()}{name}"
    if renamed in incoming or (renamed in taken and taken[renamed] != incoming[name]):
        raise ValueError(f"schema {name} of {service} clashes, and so does {renamed}: rename the model")
    return renamed


def merge(gateway_doc: dict[str, Any], service_docs: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Merge; a schema name used differently by two apps is prefixed with the later app's name (the gateway
    first, then :data:`SERVICES` in order, so the same code always gives the same names). Two operations
    with one operationId are refused (:func:`tuijin.kernel.naming.check_operation_ids`)."""
    merged = copy.deepcopy(gateway_doc)
    merged["info"] = {
        "title": "Tuijin 重点项目协调推进平台 API",
        "version": gateway_doc.get("info", {}).get("version", "0.1.0"),
        "description": (
            "One API for the key-project coordination platform. Log in at `POST /api/v1/auth/token` "
            "(Authorize button), then call any path with the bearer token. Errors are "
            "`application/problem+json` with a stable `code`."
        ),
    }
    paths: dict[str, Any] = {p: v for p, v in merged.get("paths", {}).items() if not p.startswith(_PRIVATE_PREFIXES)}
    schemas: dict[str, Any] = merged.setdefault("components", {}).setdefault("schemas", {})
    tags = {t["name"]: t for t in merged.get("tags", [])}
    missing = []
    for service in SERVICES:
        doc = service_docs.get(service)
        if doc is None:
            missing.append(service)
            continue
        doc = copy.deepcopy(doc)
        renames: dict[str, str] = {}
        incoming = doc.get("components", {}).get("schemas", {})
        for name, schema in incoming.items():
            if name in schemas and schemas[name] != schema:
                renames[name] = _service_name(service, name, schemas, incoming)
        doc = _rewrite_refs(doc, renames)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            if name in renames and schema.get("title") == name:
                schema["title"] = renames[name]  # a generator naming a type by its title reads the same name
            schemas.setdefault(renames.get(name, name), schema)
        for path, item in doc.get("paths", {}).items():
            if path.startswith(_PRIVATE_PREFIXES) or route_for(path) != service:
                continue
            for method, op in item.items():  # forwarded: the gateway answers for a service it cannot use
                if method in HTTP_METHODS and isinstance(op, dict):
                    add_statuses(op, UPSTREAM_STATUSES)
            paths[path] = item
        for tag in doc.get("tags", []):
            tags.setdefault(tag["name"], tag)
    ensure_problem_schema(merged)
    _normalise_security(paths)
    check_operation_ids({"paths": paths})  # unique by construction (tuijin.kernel.naming): never suffixed here
    merged["paths"] = dict(sorted(paths.items()))
    merged["tags"] = list(tags.values())
    merged["components"]["securitySchemes"] = {
        SECURITY_SCHEME: {
            "type": "oauth2",
            "description": "Log in with a Tuijin account; the access token lives a few minutes.",
            "flows": {"password": {"tokenUrl": "/api/v1/auth/token", "refreshUrl": "/api/v1/auth/refresh",
                                   "scopes": {}}},
        }
    }
    if missing:
        merged["info"]["x-tuijin-missing"] = missing
        merged["info"]["description"] += f"\n\n**Not available right now:** {', '.join(missing)}."
    return merged


class MergedOpenAPI:
    """Fetches the services' documents concurrently and caches the merge (briefly when incomplete)."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._doc: dict[str, Any] | None = None
        self._bytes: bytes | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self, app: FastAPI) -> bytes:
        if self._bytes is not None and time.monotonic() < self._expires:
            return self._bytes
        async with self._lock:
            if self._bytes is not None and time.monotonic() < self._expires:
                return self._bytes
            upstreams = app.state.upstreams

            async def fetch(name: str) -> dict[str, Any] | None:
                try:
                    return await upstreams.get_json(name, "/openapi.json", deadline=15.0, retries=1)
                except Exception:
                    return None

            docs = await asyncio.gather(*(fetch(s) for s in SERVICES))
            self._doc = merge(app.openapi(), dict(zip(SERVICES, docs, strict=True)))
            self._bytes = json.dumps(self._doc, ensure_ascii=False).encode()
            complete = not self._doc["info"].get("x-tuijin-missing")
            self._expires = time.monotonic() + (self.ttl if complete else 5.0)
            return self._bytes
