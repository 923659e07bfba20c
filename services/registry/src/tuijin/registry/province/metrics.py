"""What an operator watches of the provincial platform exchange, as Prometheus metrics on the registry's
``/metrics``, per region: the time since the last successful pull (the lag), whether the pulls are failing,
the wait the platform asked for with a 429 (its Retry-After) and how many pulls it throttled, the failed
changes waiting for a replay, the undelivered reports by status and the age of the oldest one.

The numbers are read from the database by the adapter's jobs (the delivery job runs every few seconds, and
every pull) and kept here; the ages are computed when Prometheus scrapes, so they grow between two reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.clock import utcnow
from tuijin.registry.province import repository as repo
from tuijin.registry.province.enums import DeliveryStatus

UNDELIVERED = (DeliveryStatus.pending.value, DeliveryStatus.dead.value, DeliveryStatus.rejected.value)


class ProvinceCollector(Collector):
    def __init__(self) -> None:
        self.snapshot: dict[str, dict[str, Any]] = {}

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        now = utcnow()
        lag = GaugeMetricFamily(
            "tuijin_province_pull_lag_seconds",
            "Seconds since the region's last successful pull (since its configuration when none succeeded yet)",
            labels=["region"],
        )
        failing = GaugeMetricFamily(
            "tuijin_province_pull_failing", "1 when the region's last pull failed", labels=["region"]
        )
        wait = GaugeMetricFamily(
            "tuijin_province_pull_throttled_seconds",
            "Seconds left of the wait the platform asked for with a 429 (Retry-After); 0 when none",
            labels=["region"],
        )
        throttled = CounterMetricFamily(
            "tuijin_province_pull_throttled", "Pulls the platform answered 429", labels=["region"]
        )
        failures = GaugeMetricFamily(
            "tuijin_province_open_failures", "Failed incoming changes not yet replayed", labels=["region"]
        )
        undelivered = GaugeMetricFamily(
            "tuijin_province_undelivered_reports", "Outgoing reports not delivered, by status",
            labels=["region", "status"],
        )
        oldest = GaugeMetricFamily(
            "tuijin_province_oldest_undelivered_report_age_seconds",
            "Age of the region's oldest undelivered report (0 when none)",
            labels=["region"],
        )
        for region, row in sorted(self.snapshot.items()):
            lag.add_metric([region], max((now - row["since"]).total_seconds(), 0.0))
            failing.add_metric([region], 1.0 if row["failing"] else 0.0)
            until = row.get("throttled_until")
            wait.add_metric([region], max((until - now).total_seconds(), 0.0) if until is not None else 0.0)
            throttled.add_metric([region], float(row.get("throttled", 0)))
            failures.add_metric([region], float(row["open_failures"]))
            for status in UNDELIVERED:
                undelivered.add_metric([region, status], float(row["undelivered"].get(status, 0)))
            age = (now - row["oldest"]).total_seconds() if row["oldest"] is not None else 0.0
            oldest.add_metric([region], max(age, 0.0))
        yield from (lag, failing, wait, throttled, failures, undelivered, oldest)


def collector(state: Any) -> ProvinceCollector | None:
    """The app's collector, registered with its metrics registry on first use (None without metrics)."""
    found = getattr(state, "province_collector", None)
    if found is None and getattr(state, "metrics", None) is not None:
        found = ProvinceCollector()
        state.metrics.registry.register(found)
        state.province_collector = found
    return found


async def refresh(sessionmaker: async_sessionmaker[AsyncSession], state: Any) -> None:
    """Read the numbers again."""
    target = collector(state)
    if target is None:
        return
    async with sessionmaker() as session:
        target.snapshot = await repo.lag_by_region(session)


async def install(app: Any) -> None:
    """At start-up: the metrics are there (and filled) before the first job runs."""
    await refresh(app.state.sessionmaker, app.state)
