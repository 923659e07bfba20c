"""The platform client: retries with backoff on transport errors and 5xx, gives up with 503 after the
configured retries, never retries a 4xx, and takes a token from the region's bucket for every call."""

from __future__ import annotations

import httpx
import pytest

from tuijin.registry.province.client import ClientConfig, PlatformClient, PlatformUnavailable, TokenBucket
from tuijin.registry.province.egress import parse_rules


def make(handler, retries: int = 2) -> PlatformClient:  # type: ignore[no-untyped-def]
    cfg = ClientConfig(
        region_code="410324",
        base_url="http://p.test",
        token="t",
        timeout_seconds=1,
        max_retries=retries,
        backoff_seconds=0,
    )
    rules = parse_rules("p.test")  # the host an admin allowed
    return PlatformClient(cfg, TokenBucket(1000, 1000), httpx.MockTransport(handler), rules=lambda: rules)


async def test_a_5xx_and_a_dropped_connection_are_retried_until_an_answer() -> None:
    """Two failures, then the answer: the call succeeds with three requests."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        if len(calls) == 2:
            return httpx.Response(503)
        return httpx.Response(200, json={"project_code": "x", "name": "n", "region_code": "410324"})

    assert (await make(handler).verify_project("2411-410324-48-01-637015"))["name"] == "n"
    assert len(calls) == 3
    assert calls[0].headers["authorization"] == "Bearer t"


async def test_after_the_retries_the_platform_is_unavailable() -> None:
    """max_retries 2: three requests, then a 503 problem naming the platform."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(502)

    with pytest.raises(PlatformUnavailable) as err:
        await make(handler).changes("", 10)
    assert len(calls) == 3 and err.value.status == 503


async def test_a_4xx_is_not_retried_and_unknown_code_is_none() -> None:
    """404 on a project code means unknown (None), after one request."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(404, json={"detail": "no"})

    assert await make(handler).verify_project("2411-410324-48-01-637015") is None
    assert len(calls) == 1


async def test_reports_carry_their_id_as_idempotency_key() -> None:
    """The report id goes in the Idempotency-Key header, the same on every retry."""
    keys = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("idempotency-key"))
        return httpx.Response(503) if len(keys) == 1 else httpx.Response(201, json={})

    import uuid

    rid = uuid.uuid4()
    await make(handler).send_report(rid, "2411-410324-48-01-637015", {"kind": "start"})
    assert keys == [str(rid), str(rid)]


async def test_the_bucket_makes_a_call_beyond_the_burst_wait_for_a_token() -> None:
    """Rate 2/s, burst 2: the third call at the same instant waits half a second (no real waiting here)."""
    now = [100.0]
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(2, 2, monotonic=lambda: now[0], sleep=fake_sleep)
    for _ in range(3):
        await bucket.take()
    assert waits == [pytest.approx(0.5)]
