"""The merged document is one a front-end team can generate an SDK from (issue 14, items 1 and 5): it is valid
OpenAPI, and every operation has a summary, a description, declared problems with their codes, and, for a write
with a body and for a composed view, a request and a success-answer example.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.contract.apps import declared_codes, merged_document, owners
from tuijin.kernel.openapi import operations
from tuijin.kernel.settings import APPS

WRITES = {"post", "put", "patch", "delete"}
VIEW_TAG = "composed views (组合视图)"
REF = "#/components/schemas/"


def _resolve(doc: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema and schema["$ref"].startswith(REF):
        schema = doc["components"]["schemas"].get(schema["$ref"][len(REF):])
    return schema or {}


def has_example(doc: dict[str, Any], media: dict[str, Any]) -> bool:
    """A media type with an example: its own (``example``/``examples``) or its schema's, through a ``$ref``, an
    ``allOf``/``anyOf`` part, or the items of a page (``{items: [...], next_cursor}``) or of a list."""
    if media.get("example") is not None or media.get("examples"):
        return True
    return _schema_has_example(doc, media.get("schema"), depth=0)


def _schema_has_example(doc: dict[str, Any], schema: dict[str, Any] | None, depth: int) -> bool:
    schema = _resolve(doc, schema)
    if depth > 3 or not schema:
        return False
    if schema.get("example") is not None or schema.get("examples"):
        return True
    parts = [*schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])]
    if schema.get("type") == "array":
        parts.append(schema.get("items"))
    items = schema.get("properties", {}).get("items")
    if items is not None and "next_cursor" in schema.get("properties", {}):
        parts.append(items)
    return any(_schema_has_example(doc, p, depth + 1) for p in parts if p)


def _json_media(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for t, m in content.items() if t.endswith("json") or t.startswith(("application/x-www-form",
                                                                              "multipart/"))]


def _lacks_summary(doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    return not (op.get("summary") or "").strip()


def _lacks_description(doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    return not (op.get("description") or "").strip()


BLANKET = {"400", "403", "404"}
"""Statuses the kernel documents on every operation of a kind (any; a secured one; a path with an id), also when
nothing specific is known to answer them: they may name no code. Every other problem answer must name its codes."""


def _lacks_declared_errors(doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    codeless = [status for status, entry in op.get("responses", {}).items()
                if status[:1] in "45" and status not in BLANKET and not entry.get("x-problem-codes")]
    return bool(codeless) or not declared_codes(op)


def _lacks_examples(doc: dict[str, Any], method: str, op: dict[str, Any]) -> bool:
    body = (op.get("requestBody") or {}).get("content") or {}
    view = VIEW_TAG in op.get("tags", [])
    if not (view or (method in WRITES and body)):
        return False
    if body and not any(has_example(doc, m) for m in _json_media(body)):
        return True
    answers = [m for status, entry in op.get("responses", {}).items() if status.startswith("2")
               for m in _json_media(entry.get("content") or {})]
    return bool(answers) and not any(has_example(doc, m) for m in answers)


RULES: dict[str, Callable[[dict[str, Any], str, dict[str, Any]], bool]] = {
    "a summary": _lacks_summary,
    "a description": _lacks_description,
    "declared problems with their codes": _lacks_declared_errors,
    "a request and a success-answer example (writes with a body, composed views)": _lacks_examples,
}


def _cases() -> list[Any]:
    cases = []
    for rule in RULES:
        for area in ("kernel", *APPS):
            cases.append(pytest.param(rule, area, id=f"{area}: {rule}"))
    return cases


def test_the_merged_document_is_valid_openapi():
    validate(merged_document())


@pytest.mark.parametrize(("rule", "area"), _cases())
def test_every_operation_has(rule, area):
    doc = merged_document()
    mine = [(path, method, op) for path, method, op in operations(doc)
            if owners().get((method.upper(), path)) == area]
    assert mine, f"no operation of {area} in the merged document: the check would pass by checking nothing"

    lacking = [f"{method.upper()} {path}" for path, method, op in mine if RULES[rule](doc, method, op)]

    assert not lacking, f"operations of {area} without {rule}:\n  " + "\n  ".join(lacking)


def test_the_example_check_can_fail():
    """A write whose body schema and answer carry no example is refused; one with examples passes."""
    doc = {"components": {"schemas": {
        "Bare": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Shown": {"type": "object", "examples": [{"name": "洛宁县抽水蓄能电站配套道路工程"}]},
        "ShownPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": REF + "Shown"}},
                                                       "next_cursor": {"type": "string"}}},
    }}}

    def write(body: str, answer: str) -> dict[str, Any]:
        return {"requestBody": {"content": {"application/json": {"schema": {"$ref": REF + body}}}},
                "responses": {"201": {"content": {"application/json": {"schema": {"$ref": REF + answer}}}}}}

    assert _lacks_examples(doc, "post", write("Bare", "Shown"))
    assert _lacks_examples(doc, "post", write("Shown", "Bare"))
    assert not _lacks_examples(doc, "post", write("Shown", "ShownPage"))
    assert not _lacks_examples(doc, "get", write("Bare", "Bare"))  # a read is not asked for one
