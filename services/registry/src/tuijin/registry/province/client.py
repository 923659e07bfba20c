"""HTTP client of a provincial platform, as the contract (docs/contracts/province-platform.openapi.yaml)
describes it: bearer credential per region, timeouts, retries with backoff on transport errors and 5xx,
and a token-bucket rate limit per region shared by every call of this process."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tuijin.kernel.errors import ProblemError, ServiceUnavailable, Unprocessable

PLATFORM = "投资项目在线审批监管平台"


class TokenBucket:
    """``rate`` calls a second on average, up to ``burst`` at once."""

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate, self.burst = max(rate, 0.001), max(burst, 1)
        self.monotonic, self.sleep = monotonic, sleep
        self.tokens = float(self.burst)
        self.stamp = monotonic()
        self._lock = asyncio.Lock()

    def reconfigure(self, rate: float, burst: int) -> None:
        self.rate, self.burst = max(rate, 0.001), max(burst, 1)
        self.tokens = min(self.tokens, float(self.burst))

    async def take(self) -> None:
        async with self._lock:
            while True:
                now = self.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await self.sleep((1 - self.tokens) / self.rate)


class PlatformUnavailable(ServiceUnavailable):
    """The platform did not answer, or answered 5xx, after the retries."""


class PlatformRefused(ProblemError):
    """The platform answered 4xx (other than 404 on a project code)."""

    status = 502


@dataclass
class ClientConfig:
    region_code: str
    base_url: str
    token: str
    timeout_seconds: float
    max_retries: int
    backoff_seconds: float


class PlatformClient:
    def __init__(
        self, cfg: ClientConfig, bucket: TokenBucket, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.cfg = cfg
        self.bucket = bucket
        self.transport = transport

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send with retries on transport errors and 5xx (with exponential backoff and jitter); any other
        answer is returned to the caller."""
        timeout = httpx.Timeout(self.cfg.timeout_seconds, connect=min(self.cfg.timeout_seconds, 5.0))
        all_headers = {"authorization": f"Bearer {self.cfg.token}", "user-agent": "tuijin-registry", **(headers or {})}
        async with httpx.AsyncClient(base_url=self.cfg.base_url, timeout=timeout, transport=self.transport) as http:
            attempt = 0
            while True:
                await self.bucket.take()
                try:
                    resp = await http.request(method, path, params=params, json=json, headers=all_headers)
                    if resp.status_code < 500:
                        return resp
                    error = f"HTTP {resp.status_code}: {resp.text[:300]}"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                attempt += 1
                if attempt > self.cfg.max_retries:
                    raise PlatformUnavailable(
                        f"The provincial platform ({PLATFORM}) of region {self.cfg.region_code} is unavailable: "
                        f"{error}",
                        code="province_unavailable",
                    )
                pause = self.cfg.backoff_seconds * 2 ** (attempt - 1)
                await asyncio.sleep(random.uniform(pause / 2, pause))

    @staticmethod
    def _refused(resp: httpx.Response) -> PlatformRefused:
        try:
            detail = str(resp.json().get("detail") or resp.reason_phrase)
        except ValueError:
            detail = resp.reason_phrase
        return PlatformRefused(
            f"The provincial platform refused the call (HTTP {resp.status_code}): {detail}", code="province_refused"
        )

    async def verify_project(self, national_code: str) -> dict[str, Any] | None:
        """The platform's record of a project code, or None when the platform does not know it."""
        resp = await self._call("GET", f"/api/v1/projects/{national_code}")
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise self._refused(resp)
        return resp.json()

    async def changes(self, cursor: str, limit: int, project_code: str | None = None) -> dict[str, Any]:
        """One page of approval-item changes after ``cursor`` for the region (or one project)."""
        params: dict[str, Any] = {"region_code": self.cfg.region_code, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        if project_code:
            params["project_code"] = project_code
        resp = await self._call("GET", "/api/v1/approval-item-changes", params=params)
        if resp.status_code != 200:
            raise self._refused(resp)
        body = resp.json()
        if not isinstance(body, dict) or not isinstance(body.get("changes"), list):
            raise Unprocessable("The platform's change page has no changes list.", code="province_bad_answer")
        return body

    async def send_report(self, report_id: uuid.UUID, national_code: str, payload: dict[str, Any]) -> None:
        """Deliver one project-unit report; the report id is the idempotency key, so a repeat is harmless."""
        resp = await self._call(
            "POST",
            f"/api/v1/projects/{national_code}/unit-reports",
            json=payload,
            headers={"idempotency-key": str(report_id)},
        )
        if resp.status_code not in (200, 201):
            raise self._refused(resp)
