"""Delivery of the outgoing project-unit reports (开工 / 进度 / 停工 / 复工 / 竣工) queued by :mod:`.outbound`:
each region's reports leave in the order they were made, a failure holds the region's later reports behind
it and retries with backoff, and after the maximum attempts a report waits for an operator's replay. The
platform drops a repeated report id, so a report sent again after a lost answer still arrives once.
:func:`deliver` is a job and opens its own short transactions; :func:`replay_report` is request-bound."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.registry.province import repository as repo
from tuijin.registry.province import service
from tuijin.registry.province.access import office_sees
from tuijin.registry.province.client import PlatformClient
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
        self.counts = {"delivered": 0, "retrying": 0, "dead": 0, "skipped": 0}

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


async def _send(run: _Run, row: OutboundReport) -> str | None:
    """Send one report; the error kept on it, or None when it was delivered."""
    client = run.client(row.region_code)
    if client is None:
        return "the region's credential is not available"
    try:
        await client.send_report(row.id, row.national_code, row.payload)
    except ProblemError as exc:
        return str(exc.detail or exc.code)
    return None


def _record(run: _Run, report: OutboundReport, error: str | None, settings: ProvinceSettings) -> None:
    """Count the attempt: delivered, or a backoff before the next one, or given up after the maximum."""
    report.attempts += 1
    if error is None:
        report.status, report.delivered_at, report.last_error = DeliveryStatus.delivered.value, utcnow(), ""
        run.counts["delivered"] += 1
        return
    run.blocked.add(report.region_code)
    report.last_error = error[:2000]
    if report.attempts >= settings.deliver_max_attempts:
        report.status = DeliveryStatus.dead.value
        run.counts["dead"] += 1
        return
    ceiling = min(
        settings.deliver_backoff_max_seconds,
        settings.deliver_backoff_base_seconds * 2 ** (report.attempts - 1),
    )
    report.next_attempt_at = utcnow() + timedelta(seconds=random.uniform(ceiling / 2, ceiling))
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
        error = await _send(run, row)
        async with sessionmaker() as session, session.begin():
            report = await repo.outbound_report(session, row.id)
            _record(run, report, error, settings)
    return run.counts


async def visible_report(session: AsyncSession, report_id: uuid.UUID, principal: Principal) -> OutboundReport:
    """The outgoing report, for the office of its region (404 for a region the caller does not see)."""
    report = await repo.outbound_report(session, report_id)
    if not office_sees(principal, report):
        raise OutboundReportNotFound("No such outgoing report.")
    return report


async def replay_report(session: AsyncSession, report: OutboundReport) -> OutboundReport:
    """Put a report that gave up (or waits out a backoff) back in line now."""
    if report.status == DeliveryStatus.delivered.value:
        raise AlreadyDelivered("The report was delivered already.")
    report.status = DeliveryStatus.pending.value
    report.attempts = 0
    report.next_attempt_at = utcnow()
    await session.flush()
    return report
