"""Rules of the provincial platform adapter's configuration and project links: a region's configuration
(checked against the admin's allow-list and the region's own secrets), the client built from it, and
linking a project by its national code (checked and verified with the platform before the link holds).
Request-bound functions never commit.

The other parts of the adapter: :mod:`.mapping` (item-to-procedure mapping), :mod:`.inbound` (applying
item changes, the pull, replays), :mod:`.webhook` (signatures of pushes), :mod:`.delivery` (sending the
outgoing reports) and :mod:`.outbound` (queueing them)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.registry.models import Project
from tuijin.registry.organisation.service import get_region
from tuijin.registry.province import repository as repo
from tuijin.registry.province.access import office_sees
from tuijin.registry.province.client import ClientConfig, PlatformClient, TokenBucket
from tuijin.registry.province.egress import check_ref, check_url
from tuijin.registry.province.enums import LinkStatus
from tuijin.registry.province.errors import (
    AlreadyLinked,
    BaseUrlNotAllowed,
    InvalidReference,
    LinkNotFound,
    NationalCodeMismatch,
    NationalCodeTaken,
    ProvinceDisabled,
    ProvinceNotConfigured,
    ProvinceSecretMissing,
    SecretRefNotAllowed,
    UnknownOnPlatform,
)
from tuijin.registry.province.models import ProjectLink, ProvinceConfig
from tuijin.registry.province.schemas import ConfigIn, ConfigOut, LinkIn
from tuijin.registry.province.settings import ProvinceSettings, province_settings, resolve_secret

# ---------------------------------------------------------------- configuration


async def get_config(session: AsyncSession, region_code: str) -> ProvinceConfig:
    cfg = await repo.config(session, region_code)
    if cfg is None:
        raise ProvinceNotConfigured(f"Region {region_code} has no provincial platform configured.")
    return cfg


async def enabled_config(session: AsyncSession, region_code: str) -> ProvinceConfig:
    """The region's configuration when its link is switched on (409 ``province_disabled`` otherwise)."""
    cfg = await get_config(session, region_code)
    if not cfg.enabled:
        raise ProvinceDisabled(f"Region {region_code}'s provincial platform link is switched off.")
    return cfg


async def config_out(session: AsyncSession, cfg: ProvinceConfig) -> ConfigOut:
    cursor = await repo.cursor(session, cfg.region_code)
    return ConfigOut(
        region_code=cfg.region_code,
        base_url=cfg.base_url,
        enabled=cfg.enabled,
        credential_ref=cfg.credential_ref,
        credential_available=resolve_secret(cfg.credential_ref, cfg.region_code, "credential") is not None,
        webhook_secret_ref=cfg.webhook_secret_ref,
        webhook_secret_available=bool(cfg.webhook_secret_ref)
        and resolve_secret(cfg.webhook_secret_ref, cfg.region_code, "webhook") is not None,
        timeout_seconds=cfg.timeout_seconds,
        max_retries=cfg.max_retries,
        backoff_seconds=cfg.backoff_seconds,
        rate_per_second=cfg.rate_per_second,
        burst=cfg.burst,
        page_size=cfg.page_size,
        cursor=cursor.cursor if cursor else "",
        last_pulled_at=cursor.last_pulled_at if cursor else None,
        last_success_at=cursor.last_success_at if cursor else None,
        last_error_at=cursor.last_error_at if cursor else None,
        last_error=cursor.last_error if cursor else "",
        throttled_until=cursor.throttled_until if cursor else None,
        throttled_count=cursor.throttled_count or 0 if cursor else 0,
        version=cfg.version,
        updated_at=cfg.updated_at,
    )


def check_config(region_code: str, body: ConfigIn, settings: ProvinceSettings) -> None:
    """The base URL is one an admin allowed and the references name the region's own secrets (422 naming the
    field otherwise); nothing of the secrets is read here."""
    try:
        check_url(body.base_url, settings.host_rules())
    except ValueError as exc:
        raise BaseUrlNotAllowed(f"省平台地址不被允许：{exc}", field="body.base_url") from None
    refs = [("body.credential_ref", body.credential_ref, "credential")]
    if body.webhook_secret_ref:
        refs.append(("body.webhook_secret_ref", body.webhook_secret_ref, "webhook"))
    for field, ref, purpose in refs:
        try:
            check_ref(ref, region_code, purpose, settings.secrets_dir)
        except ValueError as exc:
            raise SecretRefNotAllowed(f"不允许的密钥引用：{exc}", field=field) from None


async def put_config(session: AsyncSession, region_code: str, body: ConfigIn, principal: Principal) -> ProvinceConfig:
    await get_region(session, region_code)
    check_config(region_code, body, province_settings())
    cfg = await repo.config(session, region_code)
    if cfg is None:
        cfg = ProvinceConfig(region_code=region_code, **body.model_dump(), updated_by=principal.sub)
        session.add(cfg)
    else:
        for field, value in body.model_dump().items():
            setattr(cfg, field, value)
        cfg.updated_by = principal.sub
    await session.flush()
    return cfg


def client_for(state: Any, cfg: ProvinceConfig) -> PlatformClient:
    """A client for the region with its credential read now, its rate-limit bucket shared by this process,
    and (in tests) an in-process transport to the platform."""
    token = resolve_secret(cfg.credential_ref, cfg.region_code, "credential")
    if token is None:
        raise ProvinceSecretMissing(
            f"省平台凭据 {cfg.credential_ref} 不可用（未设置，或不是本地区允许的引用）。The credential named by "
            f"{cfg.credential_ref} is not available to the registry, or is not one the region may use."
        )
    buckets: dict[str, TokenBucket] = state.__dict__.setdefault("_province_buckets", {})
    bucket = buckets.get(cfg.region_code)
    if bucket is None:
        bucket = buckets[cfg.region_code] = TokenBucket(cfg.rate_per_second, cfg.burst)
    else:
        bucket.reconfigure(cfg.rate_per_second, cfg.burst)
    transport: httpx.AsyncBaseTransport | None = getattr(state, "province_transport", None)
    settings = province_settings()
    return PlatformClient(
        ClientConfig(
            region_code=cfg.region_code,
            base_url=cfg.base_url,
            token=token,
            timeout_seconds=cfg.timeout_seconds,
            max_retries=cfg.max_retries,
            backoff_seconds=cfg.backoff_seconds,
        ),
        bucket,
        transport,
        rules=settings.host_rules,
        resolve=getattr(state, "province_resolver", None),
    )


# ---------------------------------------------------------------- links


async def _check_link(session: AsyncSession, project: Project, national_code: str) -> ProjectLink | None:
    """The code is the project's own (or the project has none yet), and neither another project nor another
    project's link holds it, and the project is not linked already; returns the project's link row if any."""
    if project.national_code and project.national_code != national_code:
        raise NationalCodeMismatch(
            f"The project is registered with the national code {project.national_code}.", field="body.national_code"
        )
    if await repo.other_project_with_code(session, national_code, project.id) is not None:
        raise NationalCodeTaken(f"The national code {national_code} belongs to another project.")
    existing = await repo.link_by_code(session, national_code)
    if existing is not None and existing.project_id != project.id:
        raise NationalCodeTaken(f"The national code {national_code} is linked to another project.")
    current = await repo.link_of_project(session, project.id)
    if current is not None and current.status == LinkStatus.linked.value:
        raise AlreadyLinked(f"The project is already linked as {current.national_code}.")
    return current


async def visible_link(session: AsyncSession, link_id: uuid.UUID, principal: Principal) -> ProjectLink:
    """The link, for the office of its region (404 for a region the caller does not see)."""
    link = await repo.link(session, link_id)
    if not office_sees(principal, link):
        raise LinkNotFound("No such link.")
    return link


async def link_project(session: AsyncSession, state: Any, body: LinkIn, principal: Principal) -> ProjectLink:
    """Link a project by its national code: the code has the national form (checked by the schema), is the
    project's own code (or the project has none yet), is not linked to another project, and the platform
    knows it. Only then the link holds."""
    project = await repo.project(session, body.project_id)
    if project is None or not principal.can_see_region(project.region_code):
        raise InvalidReference("No such project.", field="body.project_id")
    cfg = await get_config(session, project.region_code)
    if not cfg.enabled:
        raise ProvinceDisabled("The region's provincial platform link is switched off.")
    current = await _check_link(session, project, body.national_code)
    record = await client_for(state, cfg).verify_project(body.national_code)
    if record is None:
        raise UnknownOnPlatform(
            f"The provincial platform does not know the national code {body.national_code}.",
            field="body.national_code",
        )
    if current is None:
        current = ProjectLink(project_id=project.id, region_code=project.region_code)
        session.add(current)
    current.national_code = body.national_code
    current.status = LinkStatus.linked.value
    current.platform_name = str(record.get("name", ""))[:200]
    current.verified_at = utcnow()
    current.linked_by = principal.sub
    if not project.national_code:
        project.national_code = body.national_code
    await session.flush()
    return current


async def unlink(session: AsyncSession, link: ProjectLink) -> ProjectLink:
    """Stop exchanging with the platform for this project; its history stays."""
    link.status = LinkStatus.unlinked.value
    await session.flush()
    return link
