"""Every error a client can meet is an ``application/problem+json`` document (RFC 9457) with a
stable ``code`` and the request id; nothing unhandled leaks a stack trace."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tuijin.kernel.clock import clock

DAYS = "/api/v1/calendar/days"
RANGE = {"from": "2026-10-01", "to": "2026-10-07"}


def assert_problem(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response is a problem document of ``status`` and ``code`` carrying the request id."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert body["request_id"]
    return body


async def test_missing_token_is_a_401_problem(stack):
    resp = await stack.client("registry").get(DAYS, params=RANGE)
    assert_problem(resp, 401, "not_authenticated")
    assert resp.headers["www-authenticate"] == "Bearer"


async def test_token_signed_with_another_secret_is_a_401_problem(stack, forge_token):
    token = forge_token("mallory", "admin")
    resp = await stack.client("registry").get(DAYS, params=RANGE, headers={"Authorization": f"Bearer {token}"})
    assert_problem(resp, 401, "token_invalid")


async def test_garbage_token_is_a_401_problem(stack):
    resp = await stack.client("registry").get(DAYS, params=RANGE, headers={"Authorization": "Bearer not.a.jwt"})
    assert_problem(resp, 401, "token_invalid")


async def test_expired_token_is_a_401_problem(stack):
    headers = stack.auth("office", ttl=timedelta(seconds=-60))
    resp = await stack.client("registry").get(DAYS, params=RANGE, headers=headers)
    assert_problem(resp, 401, "token_expired")


async def test_token_expires_when_the_clock_passes_its_lifetime(stack):
    headers = stack.auth("office", ttl=timedelta(minutes=15))
    client = stack.client("registry")
    assert (await client.get(DAYS, params=RANGE, headers=headers)).status_code == 200
    clock.advance(timedelta(minutes=16))
    assert_problem(await client.get(DAYS, params=RANGE, headers=headers), 401, "token_expired")


async def test_wrong_role_is_a_403_problem(stack):
    resp = await stack.client("registry").put("/api/v1/calendar/overrides/2026-10-02",
                                              json={"is_working_day": True}, headers=stack.auth("viewer"))
    body = assert_problem(resp, 403, "role_required")
    assert "office" in body["detail"]


async def test_unknown_route_is_a_404_problem(stack):
    resp = await stack.client("registry").get("/api/v1/no-such-thing")
    body = assert_problem(resp, 404, "not_found")
    assert body["instance"] == "/api/v1/no-such-thing"


async def test_wrong_method_is_a_405_problem_with_allow(stack):
    resp = await stack.client("registry").delete(DAYS, headers=stack.auth("office"))
    assert_problem(resp, 405, "method_not_allowed")
    assert "GET" in resp.headers["allow"]


async def test_validation_error_lists_each_bad_query_field(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "1st of October", "to": "soon"},
                                              headers=stack.auth("unit"))
    body = assert_problem(resp, 422, "validation_failed")
    assert sorted(e["field"] for e in body["errors"]) == ["query.from", "query.to"]
    assert all(e["message"] and e["type"] for e in body["errors"])


async def test_validation_error_names_a_missing_query_field(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-10-01"}, headers=stack.auth("unit"))
    body = assert_problem(resp, 422, "validation_failed")
    assert [(e["field"], e["type"]) for e in body["errors"]] == [("query.to", "missing")]


async def test_validation_error_lists_each_bad_body_field(stack):
    resp = await stack.client("registry").put("/api/v1/calendar/overrides/2026-10-02",
                                              json={"is_working_day": "perhaps", "note": "x" * 201},
                                              headers=stack.auth("office"))
    body = assert_problem(resp, 422, "validation_failed")
    assert sorted(e["field"] for e in body["errors"]) == ["body.is_working_day", "body.note"]


async def test_validation_error_names_a_bad_path_field(stack):
    resp = await stack.client("registry").put("/api/v1/calendar/overrides/2026-13-45",
                                              json={"is_working_day": True}, headers=stack.auth("office"))
    body = assert_problem(resp, 422, "validation_failed")
    assert [e["field"] for e in body["errors"]] == ["path.day"]


async def test_problem_carries_the_callers_request_id(stack):
    resp = await stack.client("registry").get("/api/v1/no-such-thing", headers={"X-Request-ID": "req-abc.123"})
    body = assert_problem(resp, 404, "not_found")
    assert body["request_id"] == "req-abc.123"
    assert resp.headers["x-request-id"] == "req-abc.123"


async def test_unhandled_error_is_a_500_problem_without_traceback(kernel_app):
    resp = await kernel_app.client.get("/api/v1/test/boom", headers={"X-Request-ID": "req-boom"})
    body = assert_problem(resp, 500, "internal_error")
    assert body["request_id"] == "req-boom"
    assert resp.headers["x-request-id"] == "req-boom"
    for leak in ("Traceback", "RuntimeError", kernel_app.crash_marker, 'File "', ".py"):
        assert leak not in resp.text


async def test_unhandled_error_after_a_write_is_a_500_problem_without_traceback(kernel_app):
    resp = await kernel_app.client.post("/api/v1/test/widgets/then-crash", json={"name": "w"},
                                        headers=kernel_app.auth("unit"))
    assert_problem(resp, 500, "internal_error")
    assert "Traceback" not in resp.text and kernel_app.crash_marker not in resp.text


async def test_domain_conflict_is_a_409_problem_with_its_own_code(kernel_app):
    headers = kernel_app.auth("unit")
    first = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "w"}, headers=headers)
    assert first.status_code == 201, first.text
    second = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "w"}, headers=headers)
    body = assert_problem(second, 409, "widget_name_taken")
    assert body["instance"] == "/api/v1/test/widgets"


async def test_stale_if_match_is_a_412_problem(kernel_app):
    headers = kernel_app.auth("unit")
    created = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "w"}, headers=headers)
    resp = await kernel_app.client.patch(f"/api/v1/test/widgets/{created.json()['id']}", json={"name": "v"},
                                         headers={**headers, "If-Match": '"7"'})
    body = assert_problem(resp, 412, "stale_etag")
    assert body["current_etag"] == '"1"'


async def test_missing_if_match_is_a_428_problem(kernel_app):
    headers = kernel_app.auth("unit")
    created = await kernel_app.client.post("/api/v1/test/widgets", json={"name": "w"}, headers=headers)
    resp = await kernel_app.client.patch(f"/api/v1/test/widgets/{created.json()['id']}", json={"name": "v"},
                                         headers=headers)
    assert_problem(resp, 428, "if_match_required")
