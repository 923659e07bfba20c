"""HTTP client of a provincial platform, as the contract (docs/contracts/province-platform.openapi.yaml)
describes it: bearer credential per region, timeouts, retries with backoff on transport errors and 5xx,
and a token-bucket rate limit per region shared by every call of this process.

Every request goes through the address guard (:mod:`tuijin.registry.province.egress`): only to a host an
admin allowed, never following a redirect. What the platform answers on a failure is never repeated in
an error or a log entry: only the status code and a fixed reason are kept. The one exception is a report the
platform rejects (a 4xx about the report itself): the office must correct it, so the platform's problem
``code`` and ``detail`` (printable, at most 300 characters) are kept as the report's last error."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from tuijin.kernel.clock import utcnow
from tuijin.registry.province.egress import GuardedTransport, HostRule, Resolver
from tuijin.registry.province.errors import PlatformBadAnswer, PlatformRefused, PlatformThrottled, PlatformUnavailable

PLATFORM = "投资项目在线审批监管平台"

# 4xx answers to a report that are not about the report itself (the credential, the platform's own limits):
# the report is retried with backoff, holding the region's later reports; any other 4xx rejects the report
NOT_THE_REPORTS_FAULT = frozenset({401, 403, 407, 408, 425})
RETRY_AFTER_MAX_SECONDS = 3600.0
# a 429 without a (readable) Retry-After: the pulls wait this long, the next minute's pull being the earliest
THROTTLE_DEFAULT_SECONDS = 60.0


class ReportRejected(Exception):
    """The platform refused the report itself (a 4xx): sending it again unchanged would be refused again."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status, self.reason = status, reason


class ReportThrottled(Exception):
    """429: the platform asks to wait ``retry_after`` seconds (None when it did not say)."""

    def __init__(self, retry_after: float | None) -> None:
        super().__init__(f"HTTP 429, Retry-After {retry_after}")
        self.retry_after = retry_after


def retry_after(resp: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number of seconds or an HTTP date), at most an hour; None when absent or
    unreadable."""
    value = resp.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), RETRY_AFTER_MAX_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max((when - utcnow()).total_seconds(), 0.0), RETRY_AFTER_MAX_SECONDS)


def platform_reason(resp: httpx.Response) -> str:
    """The platform's own reason for refusing a report, for the office that must correct it: the ``code``
    and ``detail`` of its problem+json answer, printable characters only and at most 300 of them; the status
    alone when the answer has none."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return "平台未说明原因 (the platform gave no reason)"
    parts = [str(body.get(k, "")) for k in ("code", "detail", "title") if body.get(k)]
    text = "：".join(parts[:2]) or "平台未说明原因 (the platform gave no reason)"
    return "".join(ch for ch in text if ch.isprintable())[:300]


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

    def _throttled(self, resp: httpx.Response) -> PlatformThrottled:
        """429: the platform's ``Retry-After`` (a minute when it gave none), at most an hour."""
        wait = retry_after(resp)
        wait = THROTTLE_DEFAULT_SECONDS if wait is None else wait
        return PlatformThrottled(
            f"省平台答复 HTTP 429（请求过于频繁），{wait:.0f} 秒内不再调用。The provincial platform of region"
            f" {self.cfg.region_code} answered 429: no call for {wait:.0f} s.",
            retry_after=wait,
        )

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
        if resp.status_code == 429:
            raise self._throttled(resp)
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
        if resp.status_code == 429:
            raise self._throttled(resp)
        if resp.status_code != 200:
            raise self._refused(resp)
        body = self._json(resp)
        if not isinstance(body.get("changes"), list):
            raise PlatformBadAnswer(
                "省平台的变更页缺少 changes 列表 (the platform's change page has no changes list)."
            )
        return body

    async def send_report(self, report_id: uuid.UUID, national_code: str, payload: dict[str, Any]) -> None:
        """Deliver one project-unit report; the report id is the idempotency key, so a repeat is harmless.
        Raises :class:`ReportRejected` for a 4xx about the report, :class:`ReportThrottled` for a 429, and a
        ``ProblemError`` for an outage, a 5xx or timeout after the retries, or a 4xx that is not the report's."""
        resp = await self._call(
            "POST",
            f"/api/v1/projects/{national_code}/unit-reports",
            json=payload,
            headers={"idempotency-key": str(report_id)},
        )
        if resp.status_code in (200, 201):
            return
        if resp.status_code == 429:
            raise ReportThrottled(retry_after(resp))
        if 400 <= resp.status_code < 500 and resp.status_code not in NOT_THE_REPORTS_FAULT:
            raise ReportRejected(resp.status_code, platform_reason(resp))
        raise self._refused(resp)
