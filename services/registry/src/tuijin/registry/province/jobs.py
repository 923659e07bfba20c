"""Background jobs of the provincial platform adapter: a pull job per configured region
(``province-pull-<region>``), a catch-all pull for regions configured since start-up, the delivery of
outgoing reports, and the pruning of old sync-log entries and delivered reports. Each can be run now from the
admin jobs endpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog

from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.kernel.jobs import Job
from tuijin.registry.province import delivery, inbound, metrics
from tuijin.registry.province import repository as repo
from tuijin.registry.province.settings import province_settings

log = structlog.get_logger("tuijin.province")
REGION_JOB = "province-pull-{region_code}"


async def _pull(app: Any, region_code: str) -> dict[str, Any]:
    try:
        return (await inbound.pull(app.state.sessionmaker, app.state, region_code)).model_dump()
    except ProblemError as exc:
        log.warning("province_pull_failed", region_code=region_code, error=exc.detail)
        return {"region_code": region_code, "error": exc.detail or exc.code}
    finally:
        await metrics.refresh(app.state.sessionmaker, app.state)


def region_pull_job(region_code: str) -> Job:
    """The pull of one region: what changed on its platform since the cursor."""

    async def run(app: Any) -> dict[str, Any]:
        return await _pull(app, region_code)

    return Job(
        REGION_JOB.format(region_code=region_code),
        run,
        province_settings().pull_interval_seconds,
        f"ask region {region_code}'s provincial platform for approval item changes since the cursor",
    )


def add_region_job(app: Any, region_code: str) -> None:
    """Make a region's pull job runnable now (its periodic run starts with the next start-up; until then the
    catch-all job pulls the region)."""
    runner = app.state.jobs
    name = REGION_JOB.format(region_code=region_code)
    if name not in runner.jobs:
        runner.add(region_pull_job(region_code))


async def register_region_jobs(app: Any) -> None:
    """At start-up, before the job loops start: one pull job per configured region."""
    async with app.state.sessionmaker() as session:
        regions = await repo.configured_regions(session)
    for region in regions:
        add_region_job(app, region)
    app.state.province_periodic = set(regions)


async def pull_new_regions(app: Any) -> dict[str, Any]:
    """Pull each enabled region configured after start-up (the others have their own periodic job)."""
    periodic = getattr(app.state, "province_periodic", set())
    async with app.state.sessionmaker() as session:
        regions = await repo.configured_regions(session, enabled_only=True)
    return {region: await _pull(app, region) for region in regions if region not in periodic}


async def deliver_reports(app: Any) -> dict[str, Any]:
    """Send the due project-unit reports to the platforms, then read the operator's metrics again."""
    counts = await delivery.deliver(app.state.sessionmaker, app.state, province_settings())
    await metrics.refresh(app.state.sessionmaker, app.state)
    return counts


async def prune(app: Any) -> dict[str, Any]:
    """Forget what the operator no longer needs: sync-log entries and delivered reports older than the retention
    (a change applies once by its item's version, not by the log, so pruning the log lets nothing apply twice).
    A failed entry not yet replayed and a report not yet delivered stay whatever their age."""
    days = province_settings().log_retention_days
    cutoff = utcnow() - timedelta(days=days)
    async with app.state.sessionmaker() as session, session.begin():
        entries, reports = await repo.prune(session, cutoff)
    return {"older_than_days": days, "sync_entries": entries, "delivered_reports": reports}


province_pull_new_job = Job(
    "province-pull-new-regions",
    pull_new_regions,
    province_settings().pull_interval_seconds,
    "pull the provincial platforms of regions configured since start-up",
)
province_deliver_job = Job(
    "province-deliver",
    deliver_reports,
    province_settings().deliver_interval_seconds,
    "send due project-unit reports (开工/进度/停工/复工/竣工) to the provincial platforms",
)
province_prune_job = Job(
    "province-prune",
    prune,
    86400.0,
    "forget sync-log entries and delivered reports older than TUIJIN_PROVINCE_LOG_RETENTION_DAYS",
)
JOBS = [province_pull_new_job, province_deliver_job, province_prune_job]
