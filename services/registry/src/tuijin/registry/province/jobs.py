"""Background jobs of the provincial platform adapter: the pull of every enabled region, and the delivery
of outgoing reports. Both can be run now from the admin jobs endpoint."""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import select

from tuijin.kernel.errors import ProblemError
from tuijin.kernel.jobs import Job
from tuijin.registry.province import service
from tuijin.registry.province.models import ProvinceConfig
from tuijin.registry.province.settings import province_settings

log = structlog.get_logger("tuijin.province")


async def pull_all_regions(app: Any) -> dict[str, Any]:
    """Pull each enabled region on its own: one region's outage does not hold the others back."""
    async with app.state.sessionmaker() as session:
        regions = (
            await session.scalars(select(ProvinceConfig.region_code).where(ProvinceConfig.enabled.is_(True)))
        ).all()
    results: dict[str, Any] = {}
    for region in regions:
        try:
            results[region] = (await service.pull(app.state.sessionmaker, app.state, region)).model_dump()
        except ProblemError as exc:
            log.warning("province_pull_failed", region_code=region, error=exc.detail)
            results[region] = {"error": exc.detail or exc.code}
    return results


async def deliver_reports(app: Any) -> dict[str, Any]:
    """Send the due project-unit reports to the platforms."""
    return await service.deliver(app.state.sessionmaker, app.state, province_settings())


_settings = province_settings()
province_pull_job = Job(
    "province-pull",
    pull_all_regions,
    _settings.pull_interval_seconds,
    "ask every enabled region's provincial platform for approval item changes since the cursor",
)
province_deliver_job = Job(
    "province-deliver",
    deliver_reports,
    _settings.deliver_interval_seconds,
    "send due project-unit reports (开工/进度/停工/复工/竣工) to the provincial platforms",
)
JOBS = [province_pull_job, province_deliver_job]
