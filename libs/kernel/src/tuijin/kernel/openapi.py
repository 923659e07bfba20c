"""The OpenAPI document says every status an operation can answer, and serves what it documents.

Every app's document is post-processed once (:func:`document_problems`):

- each operation documents the problems the kernel can answer for it, as ``application/problem+json``
  with the one ``Problem`` schema: 400 (any), 401 and 403 (operations that need a token), 404 (a path
  with an id), 413 (a request body), 422 (any: validation, control characters, a rule broken);
- each problem answer names its exact ``code`` values, machine-readably: ``x-problem-codes`` on the response
  object, and its schema narrowed so that a generated client types ``code`` as their union
  (``allOf: [Problem, {properties: {code: {enum: [...]}}}]``). The codes a route declares
  (:func:`tuijin.kernel.errors.problem_responses`) are merged with the kernel's own for that status
  (:data:`GENERIC_CODES`: ``validation_failed`` for 422, the token codes for 401 on a secured operation,
  ``payload_too_large`` for 413...), and with those of the route's dependencies
  (:func:`tuijin.kernel.headers.document_headers`: ``role_required``, ``if_match_required``...);
- FastAPI's own 422 (``HTTPValidationError``, documented as ``application/json``) is replaced by the
  problem the error handlers really send, and its schemas are dropped;
- a time of day (``format: time``) is documented as what is served: a plain wall time in Asia/Shanghai,
  ``HH:MM:SS``, without an offset (JSON Schema's ``time`` format requires one).

The gateway adds 502, 503 and 504 to the operations it forwards (:data:`UPSTREAM_STATUSES`).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from tuijin.kernel.errors import PROBLEM_JSON, PROBLEMS_ATTRIBUTE, Problem, ProblemError

PROBLEM_REF = "#/components/schemas/Problem"
CODES_KEY = "x-problem-codes"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
WALL_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

STATUS_TEXT: dict[int, str] = {
    400: "Bad request: the request breaks a rule of the operation (请求无效)",
    401: "Not logged in, or the token is expired or invalid (未登录或令牌无效)",
    403: "The caller's role or region may not do this (无权操作)",
    404: "No such record, or not one the caller may see (记录不存在)",
    409: "The request conflicts with the record's current state (与现有数据冲突)",
    412: "The record changed since it was read: reload it and apply the edit again (记录已被修改)",
    413: "The request body is too large (请求体过大)",
    422: "The request cannot be processed: `errors` names each field at fault (请求无法处理)",
    428: "The edit needs If-Match with the ETag last read (需要 If-Match)",
    429: "Too many requests; retry after `Retry-After` seconds (请求过于频繁)",
    500: "The server failed (服务器内部错误)",
    502: "The service behind the gateway failed while answering (上游服务出错)",
    503: "The service behind the gateway cannot be reached (上游服务不可用)",
    504: "The service behind the gateway answered too slowly (上游服务超时)",
}
GENERIC_CODES: dict[int, tuple[str, ...]] = {
    401: ("not_authenticated", "token_expired", "token_invalid"),
    413: ("payload_too_large",),
    422: ("control_character", "path_invalid", "path_too_long", "validation_failed"),  # path_*: the limits middleware
    502: ("upstream_failed",),
    503: ("upstream_unavailable",),
    504: ("upstream_timeout",),
}
"""The codes the kernel itself answers with, whenever it documents that status on an operation."""
UPSTREAM_STATUSES = (502, 503, 504)


def ensure_problem_schema(schema: dict[str, Any]) -> None:
    """``#/components/schemas/Problem`` (and its ``FieldError``) in ``schema``, where the entries point."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in problem.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components.setdefault("Problem", problem)


def problem_schema(codes: list[str] | tuple[str, ...] | set[str]) -> dict[str, Any]:
    """The Problem schema, its ``code`` narrowed to ``codes`` (the plain Problem when there are none)."""
    if not codes:
        return {"$ref": PROBLEM_REF}
    narrowed = {"type": "object", "required": ["code"],
                "properties": {"code": {"type": "string", "enum": sorted(set(codes))}}}
    return {"allOf": [{"$ref": PROBLEM_REF}, narrowed]}


def problem_entry(status: int, codes: list[str] | tuple[str, ...] | set[str] = ()) -> dict[str, Any]:
    """One problem answer of an operation: its status's text, its codes (``x-problem-codes``, and in the
    schema), served as ``application/problem+json``."""
    found = sorted(set(codes))
    text = STATUS_TEXT.get(status) or HTTPStatus(status).phrase
    return {"description": f"{text} (code: {', '.join(found)})" if found else text,
            CODES_KEY: found,
            "content": {PROBLEM_JSON: {"schema": problem_schema(found)}}}


def declared_codes(entry: dict[str, Any]) -> list[str]:
    """The codes a problem answer declares."""
    return list(entry.get(CODES_KEY) or [])


def declare_codes(op: dict[str, Any], status: int | str, codes: tuple[str, ...] | list[str] | set[str] = ()) -> None:
    """Document ``status`` on ``op`` (if it is not yet) with ``codes`` added to the ones it already names; the
    entry's other keys (headers) are kept."""
    responses = op.setdefault("responses", {})
    key = str(status)
    entry = responses.get(key)
    if not isinstance(entry, dict):
        responses[key] = problem_entry(int(status), codes)
        return
    fresh = problem_entry(int(status), set(declared_codes(entry)) | set(codes))
    entry.update(fresh)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in schema.get("paths", {}).items()
            for method, op in item.items() if method in HTTP_METHODS and isinstance(op, dict)]


def _is_fastapi_validation(entry: dict[str, Any]) -> bool:
    for media in (entry.get("content") or {}).values():
        ref = (media.get("schema") or {}).get("$ref", "")
        if ref.rsplit("/", 1)[-1] in FASTAPI_VALIDATION:
            return True
    return False


def _as_problem(entry: dict[str, Any]) -> None:
    """A documented error whose body is the Problem schema under ``application/json`` (FastAPI adds it for a
    ``model``): it is served as ``application/problem+json`` only."""
    content = entry.get("content") or {}
    plain = content.get("application/json")
    if plain and (plain.get("schema") or {}).get("$ref") == PROBLEM_REF:
        content.pop("application/json")
        content.setdefault(PROBLEM_JSON, plain)


def add_statuses(op: dict[str, Any], statuses: tuple[int, ...] | list[int]) -> None:
    """Document each of ``statuses`` on ``op`` with the kernel's own codes for it (:data:`GENERIC_CODES`)."""
    for status in statuses:
        declare_codes(op, status, GENERIC_CODES.get(status, ()))


def _takes_form(op: dict[str, Any]) -> bool:
    content = (op.get("requestBody") or {}).get("content") or {}
    return any(media in content for media in FORM_MEDIA_TYPES)


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Post-process one app's document in place (see the module's docstring); returns it."""
    for path, _method, op in operations(schema):
        responses = op.setdefault("responses", {})
        if "422" in responses and _is_fastapi_validation(responses["422"]):
            del responses["422"]
        for status, entry in list(responses.items()):
            if status[:1] in ("4", "5") and isinstance(entry, dict):
                _as_problem(entry)
        statuses = [400, 422]
        if op.get("security"):
            statuses += [401, 403]
        if "{" in path:
            statuses.append(404)
        if "requestBody" in op:
            statuses.append(413)
        add_statuses(op, sorted(statuses))
        if _takes_form(op):  # a form or multipart body Starlette cannot parse
            declare_codes(op, 400, ("bad_request",))
        for status, entry in list(responses.items()):  # a declared status the kernel adds nothing to: rendered
            if status[:1] in ("4", "5") and isinstance(entry, dict):
                declare_codes(op, status)
        op["responses"] = dict(sorted(op["responses"].items(), key=lambda kv: kv[0]))
    schemas = schema.get("components", {}).get("schemas", {})
    if not any(name in str(schema.get("paths", {})) for name in FASTAPI_VALIDATION):
        for name in FASTAPI_VALIDATION:
            schemas.pop(name, None)
    _wall_times(schema)
    return schema


def _names(code: types.CodeType) -> set[str]:
    """The global and attribute names a function's code (and the functions defined in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _called(fn: Callable[..., Any]) -> Iterable[Any]:
    """What ``fn`` may call, by the names its code uses: a function of its module's globals or closure, a function
    of a module it uses (``service.create``), a method of its own class (``self.check``)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return
    names = _names(code)
    scope = dict(getattr(fn, "__globals__", {}))
    for cell_name, cell in zip(code.co_freevars, fn.__closure__ or (), strict=False):
        try:
            scope[cell_name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    parts = fn.__qualname__.split(".")
    owner = scope.get(parts[0]) if len(parts) == 2 else None
    for name in names | set(code.co_freevars):
        value = scope.get(name)
        if isinstance(value, types.ModuleType):
            yield from (getattr(value, other) for other in names if isinstance(getattr(value, other, None),
                                                                                 types.FunctionType))
        elif callable(value):
            yield value
        if isinstance(owner, type) and isinstance(inspect.getattr_static(owner, name, None), types.FunctionType):
            yield getattr(owner, name)


def problems_reached(roots: Iterable[Callable[..., Any]]) -> set[type[ProblemError]]:
    """The problems of every function marked with :func:`tuijin.kernel.errors.raises` that ``roots`` (a route's
    endpoint and dependencies) may reach through our code: a kernel helper such as ``ensure_region`` documents its
    ``region_forbidden`` on every route whose code calls it, however deep. Found by the names each function's code
    uses, so a call through an object the code cannot name (``request.app.state.x.y()``) is not followed: the
    contract test (tests/contract/test_declared_codes.py) reads the source and tells."""
    found: set[type[ProblemError]] = set()
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        fn = stack.pop()
        if isinstance(fn, types.FunctionType):
            fn = inspect.unwrap(fn)
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        found.update(getattr(fn, PROBLEMS_ATTRIBUTE, ()))
        if isinstance(fn, types.FunctionType) and fn.__module__.startswith("tuijin."):
            stack.extend(_called(fn))
    return found


def _wall_times(node: Any) -> None:
    """``{"type": "string", "format": "time"}`` → a plain ``HH:MM:SS`` string with a pattern."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = WALL_TIME_PATTERN
            node.setdefault("description", "a wall time in Asia/Shanghai, HH:MM:SS (e.g. 09:00:00), no offset")
        for value in node.values():
            _wall_times(value)
    elif isinstance(node, list):
        for value in node:
            _wall_times(value)
