"""ETag / If-Match: an edit must name the version it read; a stale edit is refused, not lost."""

from __future__ import annotations

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
