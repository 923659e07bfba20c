"""A read the caller stops waiting for (its deadline passed, or the composed view that asked for it was cancelled)
is left to finish within the client's own timeouts, never cancelled inside the connection pool: a request cancelled
while waiting for a pooled connection can keep its slot for good (encode/httpcore#1093), and once every slot is
lost every later call to that service fails at its deadline although the service is healthy."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tuijin.kernel.errors import ProblemError
from tuijin.kernel.settings import CommonSettings
from tuijin.kernel.upstream import Upstreams


class HeldTransport(httpx.AsyncBaseTransport):
    """Answers only when released; counts requests that were cancelled and requests that finished."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.cancelled = 0
        self.finished = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        self.finished += 1
        return httpx.Response(200, json={"ok": True})


async def test_an_abandoned_read_is_not_cancelled_inside_the_client():
    held = HeldTransport()
    upstreams = Upstreams(CommonSettings(), ["registry"], tokens=None, caller="gateway")  # type: ignore[arg-type]
    upstreams.start({"registry": held})
    try:
        with pytest.raises(ProblemError) as timed_out:
            await upstreams.get_json("registry", "/api/v1/projects", token="t", deadline=0.1, retries=0)
        assert timed_out.value.status == 504
        caller = asyncio.create_task(upstreams.get_json("registry", "/api/v1/projects", token="t", deadline=5.0))
        await asyncio.sleep(0.05)
        caller.cancel()  # a fan-out cancelling its part at the view's deadline
        with pytest.raises(asyncio.CancelledError):
            await caller
        held.release.set()
        for _ in range(50):
            if held.finished == 2:
                break
            await asyncio.sleep(0.01)
        assert (held.cancelled, held.finished) == (0, 2)
        assert await upstreams.get_json("registry", "/api/v1/projects", token="t") == {"ok": True}
    finally:
        await upstreams.close()
