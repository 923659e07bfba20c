"""The demo county's provincial platform: region 410324 talks to the stand-in platform that ``make run``
starts (standins/province, port 8009 unless ``TUIJIN_PROVINCE_STANDIN_PORT`` moves it), with its
credential and webhook secret in var/.env and its address allowed there
(``TUIJIN_PROVINCE_ALLOWED_HOSTS``), the demo item mapping, and six projects linked by their national
codes. Two of them are on the provincial major list, so their stage changes and monthly reports go to
the platform."""

from __future__ import annotations

import os

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import utcnow
from tuijin.kernel.demo import DEMO_REGION
from tuijin.registry.projects.enums import ListTier
from tuijin.registry.province import repository as repo
from tuijin.registry.province.egress import check_url
from tuijin.registry.province.enums import LinkStatus
from tuijin.registry.province.mapping import install_default_mappings
from tuijin.registry.province.models import ProjectLink, ProvinceConfig
from tuijin.registry.province.settings import province_settings

# indexes of the demo projects the stand-in knows approval items for (standins/province/app.py DEMO_LINKED)
DEMO_LINKED = (5, 6, 7, 8, 9, 15)
PROVINCIAL = (5, 6)  # marked provincial major list (省级重大项目) so that they report to the platform


def demo_base_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('TUIJIN_PROVINCE_STANDIN_PORT', '8009')}"


def demo_address_note() -> str | None:
    """A line for the operator when the stand-in's address is not among the allowed hosts (the registry
    would refuse to call it); ``make run`` allows it in var/.env (scripts/make_env.py)."""
    try:
        check_url(demo_base_url(), province_settings().host_rules())
    except ValueError:
        host = demo_base_url().removeprefix("http://")
        return f"registry demo: add {host} to TUIJIN_PROVINCE_ALLOWED_HOSTS so that the registry calls the stand-in"
    return None


async def seed_province_demo(session: AsyncSession) -> bool:
    """Configure the demo county's platform link if it is missing; True when something was created."""
    if await repo.region(session, DEMO_REGION) is None or await repo.config(session, DEMO_REGION):
        return False
    session.add(
        ProvinceConfig(
            region_code=DEMO_REGION,
            base_url=demo_base_url(),
            enabled=True,
            credential_ref=f"env:TUIJIN_PROVINCE_{DEMO_REGION}_TOKEN",
            webhook_secret_ref=f"env:TUIJIN_PROVINCE_{DEMO_REGION}_WEBHOOK_SECRET",
            timeout_seconds=5.0,
            max_retries=2,
            updated_by="demo",
        )
    )
    await session.flush()
    await install_default_mappings(session, DEMO_REGION)
    projects = await repo.region_projects_by_code(session, DEMO_REGION)
    now = utcnow()
    for i in DEMO_LINKED:
        if i >= len(projects) or not projects[i].national_code:
            continue
        project = projects[i]
        session.add(
            ProjectLink(
                project_id=project.id,
                region_code=DEMO_REGION,
                national_code=project.national_code,
                status=LinkStatus.linked.value,
                platform_name=project.name,
                verified_at=now,  # the stand-in's demo list holds these codes
                linked_by="demo",
            )
        )
        if i in PROVINCIAL:
            project.tier_override = ListTier.provincial_major.value
            project.tier_override_reason = "省发展改革委下达的省级重大项目"
    await session.flush()
    return True
