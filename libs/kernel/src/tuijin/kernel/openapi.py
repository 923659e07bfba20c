"""The OpenAPI document says every status an operation can answer, and serves what it documents.

Every app's document is post-processed once (:func:`document_problems`):

- each operation documents the problems the kernel can answer for it, as ``application/problem+json``
  with the one ``Problem`` schema: 400 (any), 401 and 403 (operations that need a token), 404 (a path
  with an id), 413 (a request body), 422 (any: validation, control characters, a rule broken);
- FastAPI's own 422 (``HTTPValidationError``, documented as ``application/json``) is replaced by the
  problem the error handlers really send, and its schemas are dropped;
- a time of day (``format: time``) is documented as what is served: a plain wall time in Asia/Shanghai,
  ``HH:MM:SS``, without an offset (JSON Schema's ``time`` format requires one).

The gateway adds 502, 503 and 504 to the operations it forwards (:data:`UPSTREAM_STATUSES`).
"""

from __future__ import annotations

from typing import Any

from tuijin.kernel.errors import PROBLEM_JSON, Problem

PROBLEM_REF = "#/components/schemas/Problem"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
WALL_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")

STATUS_TEXT: dict[int, str] = {
    400: "Bad request: the request breaks a rule of the operation (请求无效) (code: bad_request, …)",
    401: "Not logged in, or the token is expired or invalid (未登录或令牌无效) (code: unauthorized, …)",
    403: "The caller's role or region may not do this (无权操作) (code: forbidden, …)",
    404: "No such record, or not one the caller may see (记录不存在) (code: not_found, …)",
    413: "The request body is too large (请求体过大) (code: payload_too_large)",
    422: "Validation failed: `errors` names each field at fault (字段校验失败) "
         "(code: validation_failed, control_character, …)",
    429: "Too many requests; retry after `Retry-After` seconds (请求过于频繁) (code: too_many_requests)",
    502: "The service behind the gateway failed while answering (上游服务出错) (code: upstream_failed)",
    503: "The service behind the gateway cannot be reached (上游服务不可用) (code: upstream_unavailable)",
    504: "The service behind the gateway answered too slowly (上游服务超时) (code: upstream_timeout)",
}
UPSTREAM_STATUSES = (502, 503, 504)


def ensure_problem_schema(schema: dict[str, Any]) -> None:
    """``#/components/schemas/Problem`` (and its ``FieldError``) in ``schema``, where the entries point."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in problem.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components.setdefault("Problem", problem)


def problem_entry(status: int) -> dict[str, Any]:
    return {"description": STATUS_TEXT[status], "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}


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
    responses = op.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), problem_entry(status))


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
        op["responses"] = dict(sorted(op["responses"].items(), key=lambda kv: kv[0]))
    schemas = schema.get("components", {}).get("schemas", {})
    if not any(name in str(schema.get("paths", {})) for name in FASTAPI_VALIDATION):
        for name in FASTAPI_VALIDATION:
            schemas.pop(name, None)
    _wall_times(schema)
    return schema


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
