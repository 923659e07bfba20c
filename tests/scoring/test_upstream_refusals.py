"""A source that refuses a run's read (a 4xx of its own) fails the run with the kernel's 502 upstream_failed,
naming the source and what it answered; nothing is written (issue 15: one BadGateway, one code)."""

from __future__ import annotations

import httpx

from tests.scoring.conftest import REGION


class Refusing(httpx.AsyncBaseTransport):
    """A service that answers every request with a 409 problem of its own."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"type": "about:blank", "title": "Conflict", "status": 409,
                                         "code": "conflict", "detail": "refused (test)"},
                              headers={"content-type": "application/problem+json"})


async def test_a_source_that_refuses_a_read_fails_the_run_with_upstream_failed(desk, stack, monkeypatch):
    await desk.project("A")
    scheme = await desk.scheme("compliance", [{"code": "c", "name": "制度履行", "weight": "100",
                                               "kind": "deductions", "per_event": {"overdue_problem": "5"}}])
    monkeypatch.setattr(stack.transports["issues"], "inner", Refusing())
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-Q3"},
                                  headers=desk.office)
    assert resp.status_code == 502, resp.text
    body = resp.json()
    assert (body["code"], body["upstream"], body["upstream_status"]) == ("upstream_failed", "issues", 409)
    assert body["message"] == "相关服务处理出错，请稍后重试。"
    runs = await desk.client.get("/api/v1/scoring-runs", params={"region_code": REGION}, headers=desk.office)
    assert runs.json()["items"] == []
