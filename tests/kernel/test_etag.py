"""ETag / If-Match: an edit must name the version it read; a stale edit is refused, not lost."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.etag import IfMatchOptional
from tuijin.kernel.headers import document_headers

WIDGETS = "/api/v1/test/widgets"


async def create(kernel_app, name: str = "w") -> str:
    resp = await kernel_app.client.post(WIDGETS, json={"name": name}, headers=kernel_app.auth("unit"))
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


async def test_read_carries_the_version_as_etag(kernel_app):
    widget_id = await create(kernel_app)
    resp = await kernel_app.client.get(f"{WIDGETS}/{widget_id}")
    assert resp.headers["etag"] == '"1"'


async def test_edit_with_the_current_etag_succeeds_and_moves_the_etag(kernel_app):
    widget_id = await create(kernel_app)
    etag = (await kernel_app.client.get(f"{WIDGETS}/{widget_id}")).headers["etag"]
    resp = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "renamed"},
                                         headers={**kernel_app.auth("unit"), "If-Match": etag})
    assert resp.status_code == 200, resp.text
    assert resp.headers["etag"] == '"2"'
    assert [(r["name"], r["version"]) for r in await kernel_app.widgets()] == [("renamed", 2)]


async def test_edit_with_a_stale_etag_is_a_412_stale_etag_and_changes_nothing(kernel_app):
    widget_id = await create(kernel_app)
    headers = kernel_app.auth("unit")
    stale = (await kernel_app.client.get(f"{WIDGETS}/{widget_id}")).headers["etag"]
    first = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "first"},
                                          headers={**headers, "If-Match": stale})
    assert first.status_code == 200
    second = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "lost update"},
                                           headers={**headers, "If-Match": stale})
    assert second.status_code == 412
    assert second.headers["content-type"] == "application/problem+json"
    assert second.json()["code"] == "stale_etag"
    assert second.json()["current_etag"] == '"2"'
    assert [(r["name"], r["version"]) for r in await kernel_app.widgets()] == [("first", 2)]


async def test_edit_without_if_match_is_a_428_if_match_required_and_changes_nothing(kernel_app):
    widget_id = await create(kernel_app)
    resp = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "blind"},
                                         headers=kernel_app.auth("unit"))
    assert resp.status_code == 428
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "if_match_required"
    assert [(r["name"], r["version"]) for r in await kernel_app.widgets()] == [("w", 1)]


async def test_if_match_star_matches_any_version(kernel_app):
    widget_id = await create(kernel_app)
    resp = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "forced"},
                                         headers={**kernel_app.auth("unit"), "If-Match": "*"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["etag"] == '"2"'


async def test_if_match_list_containing_the_current_etag_matches(kernel_app):
    widget_id = await create(kernel_app)
    resp = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "listed"},
                                         headers={**kernel_app.auth("unit"), "If-Match": '"5", "1"'})
    assert resp.status_code == 200, resp.text


async def test_unquoted_version_is_not_a_matching_etag(kernel_app):
    widget_id = await create(kernel_app)
    resp = await kernel_app.client.patch(f"{WIDGETS}/{widget_id}", json={"name": "unquoted"},
                                         headers={**kernel_app.auth("unit"), "If-Match": "1"})
    assert resp.status_code == 412
    assert resp.json()["code"] == "stale_etag"


# ---------------------------------------------------------------- documented where read and sent


async def _operation(kernel_app, path: str, method: str) -> dict:
    resp = await kernel_app.client.get("/openapi.json")
    assert resp.status_code == 200
    return resp.json()["paths"][path][method]


def _header(op: dict, name: str) -> dict | None:
    return next((p for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == name), None)


async def test_an_edit_that_needs_if_match_documents_it_as_a_required_header_and_its_answer_the_etag(kernel_app):
    op = await _operation(kernel_app, f"{WIDGETS}/{{widget_id}}", "patch")

    param = _header(op, "If-Match")
    assert param is not None and param["required"] is True and param["schema"] == {"type": "string"}
    assert "428" in param["description"]
    assert "ETag" in op["responses"]["200"]["headers"]


async def test_a_read_that_sends_the_etag_documents_it_and_takes_no_if_match(kernel_app):
    op = await _operation(kernel_app, f"{WIDGETS}/{{widget_id}}", "get")

    assert "ETag" in op["responses"]["200"]["headers"]
    assert _header(op, "If-Match") is None and _header(op, "Idempotency-Key") is None


async def test_an_optional_if_match_is_documented_as_not_required():
    app = FastAPI()

    @app.post("/things/{thing_id}/steps")
    async def step(thing_id: int, if_match: IfMatchOptional) -> None:
        if_match.check(1)

    doc = document_headers(app.routes, app.openapi())

    param = _header(doc["paths"]["/things/{thing_id}/steps"]["post"], "If-Match")
    assert param is not None and param["required"] is False and "Checked when sent" in param["description"]


async def test_a_write_that_opens_the_session_documents_idempotency_key_and_its_409_with_retry_after(kernel_app):
    op = await _operation(kernel_app, WIDGETS, "post")

    assert _header(op, "Idempotency-Key") is not None
    assert "idempotency_in_progress" in op["responses"]["409"]["description"]
    assert "Retry-After" in op["responses"]["409"]["headers"]
    assert "ETag" in op["responses"]["201"]["headers"]
