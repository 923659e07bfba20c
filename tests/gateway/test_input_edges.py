"""Through the gateway: control characters are refused in a login form and in a forwarded body with a 422
naming the field, and the merged document says every status an operation answers."""

from __future__ import annotations

from tuijin.kernel.errors import PROBLEM_JSON
from tuijin.kernel.openapi import UPSTREAM_STATUSES, WALL_TIME_PATTERN, operations


async def test_a_control_character_in_the_login_form_is_a_422_naming_the_field(gw):
    resp = await gw.login_response("admin\x00", "whatever-password")
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["code"] == "control_character"
    assert [e["field"] for e in body["errors"]] == ["body.username"]


async def test_a_control_character_in_a_forwarded_body_is_refused_naming_the_field(gw):
    resp = await gw.client.post("/api/v1/units", headers=gw.admin,
                                json={"region_code": "410324", "name": "交通\x0b局", "kind": "department"})
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["body.name"]


async def test_the_merged_document_documents_problems_upstream_failures_and_wall_times(gw, fresh_openapi):
    doc = (await gw.client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    undocumented = []
    for path, method, op in operations(doc):
        statuses = set(op["responses"])
        if not {"400", "422"} <= statuses or (op.get("security") and not {"401", "403"} <= statuses):
            undocumented.append((method, path))
        for status, entry in op["responses"].items():
            if status.startswith(("4", "5")) and list(entry.get("content", {})) != [PROBLEM_JSON]:
                undocumented.append((method, path, status))
    assert undocumented == []
    forwarded = doc["paths"]["/api/v1/meetings/{meeting_id}"]["get"]["responses"]
    assert {str(s) for s in UPSTREAM_STATUSES} <= set(forwarded)
    assert "404" in forwarded
    times = [s for s in _schemas(doc) if s.get("format") == "time"]
    assert times == []
    patterned = [s for s in _schemas(doc) if s.get("pattern") == WALL_TIME_PATTERN]
    assert patterned, "start_time and the other wall times carry their pattern"


def _schemas(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas(value)
