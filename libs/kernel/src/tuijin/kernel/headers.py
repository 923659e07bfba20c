"""The headers an operation reads or sends, documented where they are true.

A route reads ``If-Match`` and sends ``ETag`` and ``Location`` only through dependencies
(:data:`tuijin.kernel.etag.IfMatchRequired`, :data:`~tuijin.kernel.etag.IfMatchOptional`,
:data:`~tuijin.kernel.etag.SendsETag`, :data:`SendsLocation`); :func:`document_headers` walks each route's
dependencies and writes into its operation:

- ``If-Match`` (a header parameter; ``required`` when a missing one is refused with 428 ``if_match_required``);
- ``Idempotency-Key`` on the writes the idempotency middleware honours: a POST/PUT/PATCH/DELETE whose route
  opens the request's database session (:func:`tuijin.kernel.db.get_session`), since the stored answer is
  written in that session's transaction; those operations also document the 409 ``idempotency_in_progress``
  with its ``Retry-After``;
- ``ETag`` and ``Location`` on the success answers of the routes that send them;
- ``Retry-After`` on every documented 429 (:class:`tuijin.kernel.errors.TooManyRequests` always sends it).

It also documents the problems a route's dependencies raise (:func:`document_route_problems`): each dependency
marked with :func:`tuijin.kernel.errors.raises` (the token check, ``require_roles``, ``If-Match``, the page
parameters, a service's ``Visible*`` dependencies), and on a write that opens the request's session the 409
``integrity_error`` a unique or foreign-key rule answers with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Response
from fastapi import routing as fastapi_routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from tuijin.kernel.db import get_session
from tuijin.kernel.errors import IntegrityConflict
from tuijin.kernel.etag import if_match_optional, if_match_required, sends_etag
from tuijin.kernel.idempotency import (
    RETRY_AFTER_SECONDS,
    WRITE_METHODS,
    IdempotencyInProgress,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
)
from tuijin.kernel.openapi import declare_codes, problems_reached


class LocationSender:
    """Sets the answer's ``Location`` (the new record's path): ``location(f"/api/v1/things/{thing.id}")``."""

    __slots__ = ("response",)

    def __init__(self, response: Response) -> None:
        self.response = response

    def __call__(self, path: str) -> None:
        self.response.headers["Location"] = path


async def sends_location(response: Response) -> LocationSender:
    return LocationSender(response)


SendsLocation = Annotated[LocationSender, Depends(sends_location)]

IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (≤ 255 characters, e.g. a UUID) chosen by the client for this write: a retry with "
        "the same key and body within 24 h replays the first success (header `Idempotent-Replayed: true`) "
        "instead of writing twice (重试不重复提交); the same key with another body is refused with 422 "
        "`idempotency_key_reused`, and while the first is still running a retry gets 409 "
        "`idempotency_in_progress` with `Retry-After`."
    ),
    "schema": {"type": "string", "maxLength": 255},
}
ETAG_HEADER: dict[str, Any] = {
    "description": "The record's version (e.g. `\"3\"`): send it back as `If-Match` to edit it.",
    "schema": {"type": "string"},
}
LOCATION_HEADER: dict[str, Any] = {
    "description": "The path of the record created (e.g. `/api/v1/projects/{id}`).",
    "schema": {"type": "string"},
}
RETRY_AFTER_HEADER: dict[str, Any] = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "minimum": 0},
}


def dependency_calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    """Every dependency function ``dependant`` (a route's, with those of its routers) runs, however deep."""
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from dependency_calls(dep)


def _header_parameter(op: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((p for p in op.get("parameters", []) if p.get("in") == "header"
                 and p.get("name", "").lower() == name.lower()), None)


def _success_answers(op: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for status, entry in op.get("responses", {}).items()
            if status.startswith("2") and isinstance(entry, dict)]


def _add_header(op: dict[str, Any], name: str, header: dict[str, Any]) -> None:
    for entry in _success_answers(op):
        entry.setdefault("headers", {})[name] = dict(header)


def _document_idempotency(op: dict[str, Any]) -> None:
    if _header_parameter(op, "Idempotency-Key") is None:
        op.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY_PARAMETER))
    declare_codes(op, IdempotencyInProgress.status, (IdempotencyInProgress.code,))
    declare_codes(op, IdempotencyKeyReused.status, (IdempotencyKeyReused.code, IdempotencyKeyInvalid.code))
    op["responses"]["409"].setdefault("headers", {})["Retry-After"] = dict(
        RETRY_AFTER_HEADER, description=f"With `idempotency_in_progress`: seconds to wait before retrying (about "
                                        f"{RETRY_AFTER_SECONDS}).")
    op["responses"] = dict(sorted(op["responses"].items(), key=lambda kv: kv[0]))


def document_route_problems(route: Any, method: str, op: dict[str, Any]) -> None:
    """Write into ``op`` the problems of the functions marked with ``raises`` that the route's endpoint and
    dependencies reach (a dependency, a kernel helper such as ``ensure_region``), and on a write that opens the
    request's session the ``integrity_error`` its commit may answer with."""
    calls = list(dependency_calls(route.dependant))
    for err in sorted(problems_reached([route.endpoint, *calls]), key=lambda e: (e.status, e.code)):
        declare_codes(op, err.status, (err.code,))
    if method.upper() in WRITE_METHODS and get_session in calls:
        declare_codes(op, IntegrityConflict.status, (IntegrityConflict.code,))
    op["responses"] = dict(sorted(op.get("responses", {}).items(), key=lambda kv: kv[0]))


def document_route_headers(route: Any, method: str, op: dict[str, Any]) -> None:
    """Write into ``op`` (the operation of ``route`` for ``method``) the headers its dependencies read or send."""
    calls = set(dependency_calls(route.dependant))
    if if_match_required in calls or if_match_optional in calls:
        param = _header_parameter(op, "If-Match")
        if param is not None:
            param["schema"] = {"type": "string"}  # a header is sent or not: never null
        if param is not None and if_match_required in calls:
            param["required"] = True
            param["description"] = (param.get("description", "") + " Required: without it the edit is "
                                    "refused with 428 `if_match_required`.").strip()
        elif param is not None:
            param["description"] = (param.get("description", "") + " Checked when sent; the operation's "
                                    "description names any edit that needs it (428 `if_match_required`).").strip()
    if method.upper() in WRITE_METHODS and get_session in calls:
        _document_idempotency(op)
    if sends_etag in calls:
        _add_header(op, "ETag", ETAG_HEADER)
    if sends_location in calls:
        _add_header(op, "Location", LOCATION_HEADER)


def api_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """The app's API routes with their effective path and dependencies (those of the routers that include them
    too): FastAPI's route contexts where it has them (routers included lazily), the routes themselves otherwise."""
    iter_contexts = getattr(fastapi_routing, "iter_route_contexts", None)
    if iter_contexts is None:
        yield from (r for r in routes if isinstance(r, APIRoute))
        return
    for context in iter_contexts(list(routes)):
        if isinstance(context.original_route, APIRoute):
            yield context


def document_headers(routes: Iterable[Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Post-process one app's document in place (see the module's docstring); returns it."""
    paths = schema.get("paths", {})
    for route in api_routes(routes):
        if not route.include_in_schema:
            continue
        item = paths.get(route.path_format)
        if not item:
            continue
        for method in route.methods:
            op = item.get(method.lower())
            if isinstance(op, dict):
                document_route_problems(route, method, op)
                document_route_headers(route, method, op)
    for item in paths.values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            too_many = op.get("responses", {}).get("429")
            if isinstance(too_many, dict):
                too_many.setdefault("headers", {}).setdefault("Retry-After", dict(RETRY_AFTER_HEADER))
    return schema


OFFICE_MEDIA_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
BINARY_SCHEMA: dict[str, Any] = {"type": "string", "format": "binary"}


def document_binary_answers(schema: dict[str, Any]) -> dict[str, Any]:
    """A 2xx answer that is a Word (.docx) or Excel (.xlsx) file is documented as that media type only, with a
    binary string schema: FastAPI's default ``application/json`` entry (the route returns a plain ``Response``)
    is dropped, as nothing else is served."""
    for item in schema.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for entry in _success_answers(op):
                content = entry.get("content") or {}
                office = [m for m in content if m in OFFICE_MEDIA_TYPES]
                if not office:
                    continue
                for media in list(content):
                    if media not in OFFICE_MEDIA_TYPES:
                        del content[media]
                for media in office:
                    content[media] = {**content[media], "schema": dict(BINARY_SCHEMA)}
    return schema
