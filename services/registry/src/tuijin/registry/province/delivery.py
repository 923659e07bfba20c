"""Delivery of the outgoing project-unit reports (开工 / 进度 / 停工 / 复工 / 竣工) queued by :mod:`.outbound`:
each region's reports leave in the order they were made. An outage (no answer, a timeout, a 5xx, or a 4xx
that is not the report's fault: 401, 403, 407, 408, 425) holds the region's later reports behind the report
and retries it with exponential backoff; a 429 holds them for the platform's ``Retry-After``. Any other 4xx
rejects the report at once, keeping the platform's reason, and the region's later reports go on: sending it
again unchanged would be refused again. After the maximum attempts (counted since the last replay) a report
waits for an operator's replay; a replay keeps the count of attempts made. The platform drops a repeated
report id, so a report sent again after a lost answer still arrives once.
:func:`deliver` is a job and opens its own short transactions; :func:`replay_report` is request-bound."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.registry.province import repository as repo
from tuijin.registry.province import service
from tuijin.registry.province.access import office_sees
from tuijin.registry.province.client import PlatformClient, ReportRejected, ReportThrottled
from tuijin.registry.province.enums import DeliveryStatus
from tuijin.registry.province.errors import AlreadyDelivered, OutboundReportNotFound
from tuijin.registry.province.models import OutboundReport, ProvinceConfig
from tuijin.registry.province.settings import ProvinceSettings


class _Run:
    """One delivery run: the regions' clients (built once), the regions held by a failure and the counts."""

    def __init__(self, state: Any, configs: dict[str, ProvinceConfig], now: datetime) -> None:
        self.state, self.configs, self.now = state, configs, now
        self.clients: dict[str, PlatformClient | None] = {}
        self.blocked: set[str] = set()
        self.counts = {"delivered": 0, "retrying": 0, "dead": 0, "rejected": 0, "skipped": 0}

    def client(self, region: str) -> PlatformClient | None:
        if region not in self.clients:
            try:
                self.clients[region] = service.client_for(self.state, self.configs[region])
            except ProblemError:
                self.clients[region] = None
        return self.clients[region]

    def due(self, row: OutboundReport) -> bool:
        """False when the region is held, or this report waits out a backoff (later ones wait behind it)."""
        if row.region_code in self.blocked or row.next_attempt_at > self.now:
            self.blocked.add(row.region_code)
            self.counts["skipped"] += 1
            return False
        return True


@dataclass
class Attempt:
    """What one attempt came to: delivered (no error), rejected by the platform, or to be retried (after
    ``wait`` seconds when the platform said how long)."""

    error: str | None = None
    rejected: bool = False
    wait: float | None = None


async def _send(run: _Run, row: OutboundReport) -> Attempt:
    client = run.client(row.region_code)
    if client is None:
        return Attempt("the region's credential is not available")
    try:
        await client.send_report(row.id, row.national_code, row.payload)
    except ReportRejected as exc:
        return Attempt(f"省平台拒收 rejected by the platform, HTTP {exc.status}: {exc.reason}", rejected=True)
    except ReportThrottled as exc:
        return Attempt("省平台限流 HTTP 429 (too many requests)", wait=exc.retry_after)
    except ProblemError as exc:
        return Attempt(str(exc.detail or exc.code))
    return Attempt()


def _backoff(report: OutboundReport, settings: ProvinceSettings) -> float:
    """Exponential in the attempts since the last replay, with jitter, up to the maximum."""
    tries = max(report.attempts - report.attempts_at_replay, 1)
    ceiling = min(settings.deliver_backoff_max_seconds, settings.deliver_backoff_base_seconds * 2 ** (tries - 1))
    return random.uniform(ceiling / 2, ceiling)


def _record(run: _Run, report: OutboundReport, attempt: Attempt, settings: ProvinceSettings) -> None:
    """Count the attempt: delivered, rejected (later reports go on), or held: a wait before the next one (the
    platform's Retry-After, else backoff), or given up after the maximum attempts since the last replay."""
    now = utcnow()
    report.attempts += 1
    report.last_attempt_at = now
    if attempt.error is None:
        report.status, report.delivered_at, report.last_error = DeliveryStatus.delivered.value, now, ""
        run.counts["delivered"] += 1
        return
    report.last_error = attempt.error[:2000]
    if attempt.rejected:
        report.status = DeliveryStatus.rejected.value
        run.counts["rejected"] += 1
        return
    run.blocked.add(report.region_code)
    if report.attempts - report.attempts_at_replay >= settings.deliver_max_attempts:
        report.status = DeliveryStatus.dead.value
        run.counts["dead"] += 1
        return
    wait = attempt.wait if attempt.wait is not None else _backoff(report, settings)
    report.next_attempt_at = now + timedelta(seconds=wait)
    run.counts["retrying"] += 1


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession], state: Any, settings: ProvinceSettings, *, batch: int = 200
) -> dict[str, int]:
    """Send due reports of enabled regions in the order they were made; a region stops at its first failure
    (so its reports keep their order) and retries later with backoff; after the maximum attempts a report
    waits for an operator's replay. Network calls happen with no transaction open."""
    async with sessionmaker() as session:
        configs = await repo.enabled_configs(session)
        rows = await repo.pending_reports(session, list(configs), batch)
    run = _Run(state, configs, utcnow())
    for row in rows:
        if not run.due(row):
            continue
        attempt = await _send(run, row)
        async with sessionmaker() as session, session.begin():
            report = await repo.outbound_report(session, row.id)
            _record(run, report, attempt, settings)
    return run.counts


async def visible_report(session: AsyncSession, report_id: uuid.UUID, principal: Principal) -> OutboundReport:
    """The outgoing report, for the office of its region (404 for a region the caller does not see)."""
    report = await repo.outbound_report(session, report_id)
    if not office_sees(principal, report):
        raise OutboundReportNotFound("No such outgoing report.")
    return report


async def replay_report(session: AsyncSession, report: OutboundReport) -> OutboundReport:
    """Put a report that gave up, was rejected (after the cause was corrected) or waits out a backoff back in
    line now. The attempts made stay counted (the history of its delivery); the maximum counts from here."""
    if report.status == DeliveryStatus.delivered.value:
        raise AlreadyDelivered("The report was delivered already.")
    report.status = DeliveryStatus.pending.value
    report.replays += 1
    report.attempts_at_replay = report.attempts
    report.next_attempt_at = utcnow()
    await session.flush()
    return report
