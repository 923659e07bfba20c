"""The unit of work: one commit per request when the response is a success, a rollback otherwise,
and never a success reported for a change that failed to commit."""

from __future__ import annotations

WIDGETS = "/api/v1/test/widgets"


async def test_write_then_2xx_commits(kernel_app):
    resp = await kernel_app.client.post(WIDGETS, json={"name": "kept", "quantity": 2},
                                        headers=kernel_app.auth("unit"))
    assert resp.status_code == 201, resp.text
    rows = await kernel_app.widgets()
    assert [(str(r["id"]), r["name"], r["quantity"], r["created_by"]) for r in rows] == [
        (resp.json()["id"], "kept", 2, "test:unit")
    ]


async def test_write_then_problem_error_rolls_back(kernel_app):
    resp = await kernel_app.client.post(f"{WIDGETS}/then-problem", json={"name": "dropped"},
                                        headers=kernel_app.auth("unit"))
    assert resp.status_code == 409, resp.text
    assert resp.json()["code"] == "refused_after_write"
    assert await kernel_app.widgets() == []


async def test_write_then_unhandled_exception_rolls_back(kernel_app):
    resp = await kernel_app.client.post(f"{WIDGETS}/then-crash", json={"name": "dropped"},
                                        headers=kernel_app.auth("unit"))
    assert resp.status_code == 500, resp.text
    assert await kernel_app.widgets() == []


async def test_rolled_back_request_does_not_leak_into_the_next_one(kernel_app):
    headers = kernel_app.auth("unit")
    await kernel_app.client.post(f"{WIDGETS}/then-crash", json={"name": "same"}, headers=headers)
    await kernel_app.client.post(f"{WIDGETS}/then-problem", json={"name": "same"}, headers=headers)
    resp = await kernel_app.client.post(WIDGETS, json={"name": "same"}, headers=headers)
    assert resp.status_code == 201, resp.text  # the name is free: neither failed write survived
    assert [r["name"] for r in await kernel_app.widgets()] == ["same"]


async def test_failed_commit_is_a_409_problem_not_a_success(kernel_app):
    first = await kernel_app.client.post("/api/v1/test/gadgets", json={"name": "g"})
    assert first.status_code == 201, first.text
    second = await kernel_app.client.post("/api/v1/test/gadgets", json={"name": "g"})
    assert second.status_code == 409, second.text
    assert second.headers["content-type"] == "application/problem+json"
    assert second.json()["code"] == "integrity_error"
    assert await kernel_app.count(kernel_app.gadgets_table) == 1


async def test_read_only_request_needs_no_commit_and_succeeds(kernel_app):
    resp = await kernel_app.client.get(WIDGETS)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"items": [], "next_cursor": None, "limit": 50}
