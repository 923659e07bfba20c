"""One convention everywhere (issue 14, item 6), checked on the merged OpenAPI document:

- a list answered as a bare JSON array is bounded by nature and its description says why (``Bounded: …``);
  every other list is a keyset page (``items``, ``next_cursor``);
- every PUT and PATCH takes ``If-Match`` (a whole-resource write never silently overwrites another), but for the
  clock, which is set to an instant and is not a record anyone reads and edits;
- every .docx/.xlsx download is ``GET <record or collection>/<name>.docx|.xlsx`` with the media type of its
  extension, and a list's export is ``<collection>/export.xlsx``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.contract.apps import merged_document
from tuijin.kernel.openapi import operations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_IF_MATCH = re.compile(r"^/api/v1/admin/([a-z]+/)?clock$")
"""PUTs that take no If-Match: setting an app's clock (or every app's) to an instant for a rehearsal."""
DOWNLOAD_PATH = re.compile(r"/[a-z][a-z0-9-]*\.(docx|xlsx)$")


def _schema(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _answers(op: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(media, content) for status, entry in op.get("responses", {}).items() if status.startswith("2")
            for media, content in (entry.get("content") or {}).items()]


def unbounded_bare_lists(doc: dict[str, Any]) -> list[str]:
    out = []
    for path, method, op in operations(doc):
        for media, content in _answers(op):
            bare = media == "application/json" and _schema(doc, content.get("schema") or {}).get("type") == "array"
            if bare and "Bounded" not in (op.get("description") or ""):
                out.append(f"{method.upper()} {path}")
    return out


def writes_without_if_match(doc: dict[str, Any]) -> list[str]:
    out = []
    for path, method, op in operations(doc):
        if method not in ("put", "patch") or NO_IF_MATCH.match(path):
            continue
        headers = {p.get("name", "").lower() for p in op.get("parameters", []) if p.get("in") == "header"}
        if "if-match" not in headers:
            out.append(f"{method.upper()} {path}")
    return out


def downloads_off_pattern(doc: dict[str, Any]) -> list[str]:
    out = []
    for path, method, op in operations(doc):
        for media, _content in _answers(op):
            if media not in (DOCX, XLSX):
                continue
            extension = "docx" if media == DOCX else "xlsx"
            if method != "get" or not DOWNLOAD_PATH.search(path) or not path.endswith(f".{extension}"):
                out.append(f"{method.upper()} {path} ({media})")
            elif "export" in path and not path.endswith("/export.xlsx"):
                out.append(f"{method.upper()} {path}: a list's export is <collection>/export.xlsx")
    return out


CHECKS = {
    "a bare-array list says why it is bounded": unbounded_bare_lists,
    "every PUT and PATCH takes If-Match": writes_without_if_match,
    "downloads follow <record or collection>/<name>.docx|.xlsx": downloads_off_pattern,
}


@pytest.mark.parametrize("rule", CHECKS)
def test_the_merged_document_keeps_the_convention(rule):
    offenders = CHECKS[rule](merged_document())

    assert not offenders, f"{rule}; not so:\n  " + "\n  ".join(offenders)


def test_the_checks_can_fail():
    """A bare list without a reason, a PUT without If-Match and a download off the pattern are each found."""
    doc = {"components": {"schemas": {"Rows": {"type": "array", "items": {"type": "string"}}}}, "paths": {
        "/api/v1/things": {"get": {"description": "All of them.", "responses": {"200": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}}}}}}},
        "/api/v1/things/{id}": {"put": {"parameters": [], "responses": {"200": {}}}},
        "/api/v1/things/{id}/document": {"get": {"responses": {"200": {"content": {DOCX: {}}}}}},
        "/api/v1/others": {"get": {"description": "Bounded: one per region.", "responses": {"200": {"content": {
            "application/json": {"schema": {"type": "array"}}}}}}},
    }}

    assert unbounded_bare_lists(doc) == ["GET /api/v1/things"]
    assert writes_without_if_match(doc) == ["PUT /api/v1/things/{id}"]
    assert downloads_off_pattern(doc) == [f"GET /api/v1/things/{{id}}/document ({DOCX})"]
