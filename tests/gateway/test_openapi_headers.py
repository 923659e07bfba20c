"""The merged OpenAPI document declares the headers the servers read and send, where they do: ``If-Match`` on
the edits that check it (required where a missing one is a 428), ``Idempotency-Key`` on the writes the
idempotency middleware honours, ``ETag`` and ``Location`` on the answers that carry them, ``Retry-After`` with
409 ``idempotency_in_progress`` and 429; fields always present are required (a page's ``next_cursor``, a
composed view's ``complete``/``missing``/``truncated``); a .docx/.xlsx answer is a binary file, not JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.gateway.conftest import operations
from tuijin.kernel.db import get_session
from tuijin.kernel.etag import if_match_optional, if_match_required, sends_etag
from tuijin.kernel.headers import OFFICE_MEDIA_TYPES, api_routes, dependency_calls, sends_location
from tuijin.kernel.idempotency import WRITE_METHODS

ROOT = Path(__file__).resolve().parents[2]
REGION = "410324"






def _header(op: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((p for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == name), None)


def _success(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s: r for s, r in op["responses"].items() if s.startswith("2")}


def _public_routes(gw, doc: dict[str, Any]):
    """(path, method, dependency functions) of every route of every app that the merged document publishes."""
    for app in gw.stack.apps.values():
        for route in api_routes(app.routes):
            if not route.include_in_schema or route.path_format not in doc["paths"]:
                continue
            for method in route.methods:
                op = doc["paths"][route.path_format].get(method.lower())
                if op is not None:
                    yield route.path_format, method.lower(), set(dependency_calls(route.dependant))


async def _region(gw) -> None:
    for code, name, level, parent in (("410000", "河南省", "province", None),
                                      ("410300", "洛阳市", "prefecture", "410000"),
                                      (REGION, "栾川县", "county", "410300")):
        resp = await gw.client.post("/api/v1/regions", headers=gw.admin,
                                    json={"code": code, "name": name, "level": level, "parent_code": parent})
        assert resp.status_code == 201, resp.text


def _route_facts(gw, doc: dict[str, Any]) -> dict[tuple[str, str], set[Any]]:
    facts: dict[tuple[str, str], set[Any]] = {}
    for path, method, calls in _public_routes(gw, doc):
        facts.setdefault((path, method), set()).update(calls)
    return facts


# ---------------------------------------------------------------- If-Match and ETag


def test_no_route_reads_if_match_or_sends_etag_or_location_around_the_dependencies_that_document_them():
    """A route that read ``If-Match`` or set ``ETag``/``Location`` by hand would not be documented: the
    headers go through the kernel's dependencies only (``IfMatchRequired``/``IfMatchOptional``,
    ``SendsETag``, ``SendsLocation``)."""
    by_hand = re.compile(r"check_if_match\(|set_etag\(|headers\[[\"']location[\"']\]|\.get\([\"']if-match[\"']",
                         re.IGNORECASE)
    sources = [*ROOT.glob("services/*/src/**/*.py"), *ROOT.glob("gateway/src/**/*.py")]
    assert len(sources) > 50
    offenders = [f"{p.relative_to(ROOT)}:{i}" for p in sources
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if by_hand.search(line)]
    assert offenders == []


async def test_every_edit_that_checks_if_match_declares_it_required_exactly_where_a_missing_one_is_a_428(gw, doc):
    facts = _route_facts(gw, doc)
    checked = {k: calls for k, calls in facts.items() if {if_match_required, if_match_optional} & calls}
    assert len(checked) >= 25  # units, projects, nodes, procedures, reports, reserve, meetings, problems, users…
    for (path, method), calls in checked.items():
        param = _header(doc["paths"][path][method], "If-Match")
        assert param is not None, (method, path)
        assert param["required"] is (if_match_required in calls), (method, path)
        assert param["schema"] == {"type": "string"}
    declared = {(path, method) for path, method, op in operations(doc) if _header(op, "If-Match")}
    assert declared == set(checked)  # and on no operation that does not read it
    assert doc["paths"]["/api/v1/projects/{project_id}"]["patch"] in [
        doc["paths"][p][m] for (p, m), calls in checked.items() if if_match_required in calls]


async def test_every_edit_taking_if_match_and_the_get_of_its_record_declare_the_etag_they_send(gw, doc):
    facts = _route_facts(gw, doc)
    editable = {(p, m) for (p, m), calls in facts.items() if {if_match_required, if_match_optional} & calls}
    for path, method in editable:
        if method == "delete":  # answers 204, no record left to version
            continue
        for status, answer in _success(doc["paths"][path][method]).items():
            assert "ETag" in answer.get("headers", {}), (method, path, status)
        if method in ("patch", "put") and "get" in doc["paths"][path]:
            assert "ETag" in doc["paths"][path]["get"]["responses"]["200"].get("headers", {}), path
    sending = {(p, m) for (p, m), calls in facts.items() if sends_etag in calls}
    declared = {(p, m) for p, m, op in operations(doc) if any("ETag" in a.get("headers", {})
                                                                 for a in _success(op).values())}
    assert declared == sending and len(sending) >= 40


async def test_the_creates_that_send_location_declare_it_and_no_other_operation_does(gw, doc):
    facts = _route_facts(gw, doc)
    sending = {(p, m) for (p, m), calls in facts.items() if sends_location in calls}
    declared = {(p, m) for p, m, op in operations(doc) if any("Location" in a.get("headers", {})
                                                                 for a in _success(op).values())}
    assert declared == sending
    assert {("/api/v1/projects", "post"), ("/api/v1/users", "post"), ("/api/v1/problems", "post"),
            ("/api/v1/meetings", "post"), ("/api/v1/scoring-runs", "post")} <= declared


async def test_a_read_declaring_etag_sends_it_and_an_edit_declaring_if_match_required_refuses_without_it(gw, doc):
    await _region(gw)
    unit = await gw.client.post("/api/v1/units", headers=gw.admin,
                                json={"region_code": REGION, "name": "栾川县交通运输局", "kind": "department"})
    assert unit.status_code == 201, unit.text
    path = "/api/v1/units/{unit_id}"
    assert "ETag" in doc["paths"][path]["get"]["responses"]["200"]["headers"]
    assert _header(doc["paths"][path]["patch"], "If-Match")["required"] is True
    url = f"/api/v1/units/{unit.json()['id']}"

    read = await gw.client.get(url, headers=gw.admin)
    blind = await gw.client.patch(url, json={"name": "栾川县交通局"}, headers=gw.admin)
    edit = await gw.client.patch(url, json={"name": "栾川县交通局"},
                                 headers={**gw.admin, "If-Match": read.headers["etag"]})

    assert read.status_code == 200 and read.headers["etag"] == f'"{read.json()["version"]}"'
    gw.problem(blind, 428, "if_match_required")
    assert edit.status_code == 200 and edit.headers["etag"] != read.headers["etag"]


async def test_a_create_declaring_location_and_etag_sends_both(gw, doc):
    assert {"ETag", "Location"} <= set(doc["paths"]["/api/v1/users"]["post"]["responses"]["201"]["headers"])

    user = await gw.client.post("/api/v1/users", headers=gw.admin, json={
        "username": "lc.jtj", "display_name": "栾川县交通局 联络员", "password": "user-password-123",
        "roles": ["unit"], "region_code": REGION})

    assert user.status_code == 201, user.text
    assert user.headers["location"] == f"/api/v1/users/{user.json()['id']}" and user.headers["etag"]


# ---------------------------------------------------------------- Idempotency-Key and Retry-After


async def test_every_write_the_idempotency_middleware_honours_declares_idempotency_key(gw, doc):
    """The middleware stores a write's answer in the transaction of the request's session: every
    POST/PUT/PATCH/DELETE whose route opens it honours the key, and only those declare it."""
    facts = _route_facts(gw, doc)
    honoured = {(p, m) for (p, m), calls in facts.items() if m.upper() in WRITE_METHODS and get_session in calls}
    declared = {(p, m) for p, m, op in operations(doc) if _header(op, "Idempotency-Key")}
    assert declared == honoured
    assert {("/api/v1/projects/{project_id}/progress-reports", "post"), ("/api/v1/problems", "post"),
            ("/api/v1/score-sheets/{sheet_id}", "put"), ("/api/v1/users", "post")} <= declared
    for path, method in declared:
        op = doc["paths"][path][method]
        param = _header(op, "Idempotency-Key")
        assert param["required"] is False and param["schema"] == {"type": "string", "maxLength": 255}
        conflict = op["responses"]["409"]
        assert "idempotency_in_progress" in conflict["description"], (method, path)
        assert conflict["headers"]["Retry-After"]["schema"]["type"] == "integer"


async def test_a_write_declaring_idempotency_key_replays_its_first_answer(gw, doc):
    assert _header(doc["paths"]["/api/v1/units"]["post"], "Idempotency-Key") is not None
    await _region(gw)
    body = {"region_code": REGION, "name": "栾川县水利局", "kind": "department"}
    headers = {**gw.admin, "Idempotency-Key": "units-create-1"}

    first = await gw.client.post("/api/v1/units", headers=headers, json=body)
    again = await gw.client.post("/api/v1/units", headers=headers, json=body)

    assert first.status_code == 201, first.text
    assert again.status_code == 201 and again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]


async def test_every_documented_429_declares_retry_after(doc):
    too_many = [(p, m, op["responses"]["429"]) for p, m, op in operations(doc) if "429" in op["responses"]]
    assert ("/api/v1/auth/token", "post") in [(p, m) for p, m, _ in too_many]
    assert [(p, m) for p, m, r in too_many if "Retry-After" not in r.get("headers", {})] == []


# ---------------------------------------------------------------- required fields


async def test_every_page_requires_its_items_and_next_cursor_null_on_the_last_page(doc):
    schemas = doc["components"]["schemas"]
    pages = {n: s for n, s in schemas.items() if {"items", "next_cursor"} <= set(s.get("properties", {}))}
    assert len(pages) >= 30
    for name, page in pages.items():
        assert {"items", "next_cursor"} <= set(page.get("required", [])), name
    page = schemas["ProjectSummaryPage"]["properties"]["next_cursor"]
    assert {"type": "null"} in page["anyOf"]


async def test_the_composed_views_require_complete_missing_and_truncated(doc):
    views = {"/api/v1/dossiers/{project_id}", "/api/v1/dashboard", "/api/v1/todos"}
    schemas = doc["components"]["schemas"]
    for path in views:
        ref = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        view = schemas[ref.rsplit("/", 1)[1]]
        assert {"complete", "missing", "truncated"} <= set(view["required"]), path


# ---------------------------------------------------------------- binary answers


async def test_every_office_file_answer_is_a_binary_200_of_its_media_type_and_not_json(doc):
    exports = [(p, m, op) for p, m, op in operations(doc) if re.search(r"\.(docx|xlsx)$|/export$|/document$", p)]
    assert len(exports) >= 14
    for path, method, op in exports:
        content = op["responses"]["200"]["content"]
        expected = OFFICE_MEDIA_TYPES[0] if path.endswith((".docx", "/document")) else OFFICE_MEDIA_TYPES[1]
        assert content == {expected: {"schema": {"type": "string", "format": "binary"}}}, (method, path)
    declared = {(p, m) for p, m, op in operations(doc)
                if any(set(OFFICE_MEDIA_TYPES) & set(a.get("content", {})) for a in _success(op).values())}
    assert declared == {(p, m) for p, m, _ in exports}
