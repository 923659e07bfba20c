"""HTTP client of a provincial platform, as the contract (docs/contracts/province-platform.openapi.yaml)
describes it: bearer credential per region, timeouts, retries with backoff on transport errors and 5xx,
and a token-bucket rate limit per region shared by every call of this process.

Every request goes through the address guard (:mod:`tuijin.registry.province.egress`): only to a host an
admin allowed, never following a redirect. What the platform answers on a failure is never repeated in
an error, a log entry or a report's last error: only the status code and a fixed reason are kept."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tuijin.registry.province.egress import GuardedTransport, HostRule, Resolver
from tuijin.registry.province.errors import PlatformBadAnswer, PlatformRefused, PlatformUnavailable

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
        self,
        cfg: ClientConfig,
        bucket: TokenBucket,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        rules: Callable[[], list[HostRule]],
        resolve: Resolver | None = None,
    ) -> None:
        self.cfg = cfg
        self.bucket = bucket
        self.transport = transport
        self.rules = rules
        self.resolve = resolve

    def _unavailable(self, error: str) -> PlatformUnavailable:
        return PlatformUnavailable(
            f"省平台（{PLATFORM}）暂不可用：{error}。The provincial platform of region {self.cfg.region_code} is "
            f"unavailable: {error}."
        )

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
        guarded = GuardedTransport(self.rules, self.transport, self.resolve)
        async with httpx.AsyncClient(
            base_url=self.cfg.base_url, timeout=timeout, transport=guarded, follow_redirects=False, trust_env=False
        ) as http:
            attempt = 0
            while True:
                await self.bucket.take()
                try:
                    resp = await http.request(method, path, params=params, json=json, headers=all_headers)
                    if resp.status_code < 500:
                        return resp
                    error = f"HTTP {resp.status_code}"  # never the body: only the status
                except httpx.TimeoutException:
                    error = "超时 timeout"
                except httpx.HTTPError:
                    error = "连接失败 connection failed"
                attempt += 1
                if attempt > self.cfg.max_retries:
                    raise self._unavailable(error)
                pause = self.cfg.backoff_seconds * 2 ** (attempt - 1)
                await asyncio.sleep(random.uniform(pause / 2, pause))

    @staticmethod
    def _refused(resp: httpx.Response) -> PlatformRefused:
        """The status only: the platform's own words are not repeated (an answer is not ours to show)."""
        if 300 <= resp.status_code < 400:
            reason = "平台要求重定向，重定向不被跟随 (a redirect, which is not followed)"
        else:
            reason = "平台拒绝了请求 (the platform refused the call)"
        return PlatformRefused(
            f"省平台答复 HTTP {resp.status_code}：{reason}。The provincial platform answered HTTP {resp.status_code}."
        )

    @staticmethod
    def _json(resp: httpx.Response) -> dict[str, Any]:
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise PlatformBadAnswer(
                f"省平台的答复不是约定的 JSON 对象 (HTTP {resp.status_code}; "
                "the answer is not the agreed JSON object)."
            )
        return body

    async def verify_project(self, national_code: str) -> dict[str, Any] | None:
        """The platform's record of a project code, or None when the platform does not know it."""
        resp = await self._call("GET", f"/api/v1/projects/{national_code}")
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise self._refused(resp)
        return self._json(resp)

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
        body = self._json(resp)
        if not isinstance(body.get("changes"), list):
            raise PlatformBadAnswer(
                "省平台的变更页缺少 changes 列表 (the platform's change page has no changes list)."
            )
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
