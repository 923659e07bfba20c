"""Queries of the provincial platform adapter: every read of its tables (and of the few registry rows it
needs) is here; the rules are in the service modules."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.db import is_postgres
from tuijin.kernel.pagination import PageParams, paginate
from tuijin.registry.models import Project, Region, YearPlan
from tuijin.registry.procedures.models import ProcedureType
from tuijin.registry.province.enums import DeliveryStatus, LinkStatus, SyncChannel, SyncOutcome
from tuijin.registry.province.models import (
    ItemLock,
    ItemMapping,
    ItemState,
    OutboundReport,
    ProjectLink,
    ProvinceConfig,
    SyncCursor,
    SyncEntry,
)

# ---------------------------------------------------------------- configuration and the pull cursor


async def config(session: AsyncSession, region_code: str) -> ProvinceConfig | None:
    return await session.get(ProvinceConfig, region_code)


async def enabled_configs(session: AsyncSession) -> dict[str, ProvinceConfig]:
    rows = await session.scalars(select(ProvinceConfig).where(ProvinceConfig.enabled.is_(True)))
    return {c.region_code: c for c in rows.all()}


async def configured_regions(session: AsyncSession, *, enabled_only: bool = False) -> list[str]:
    stmt = select(ProvinceConfig.region_code)
    if enabled_only:
        stmt = stmt.where(ProvinceConfig.enabled.is_(True))
    return list((await session.scalars(stmt)).all())


async def cursor(session: AsyncSession, region_code: str) -> SyncCursor | None:
    return await session.get(SyncCursor, region_code)


# ---------------------------------------------------------------- registry rows the adapter reads


async def region(session: AsyncSession, region_code: str) -> Region | None:
    return await session.get(Region, region_code)


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)


async def region_projects_by_code(session: AsyncSession, region_code: str) -> list[Project]:
    stmt = select(Project).where(Project.region_code == region_code).order_by(Project.code)
    return list((await session.scalars(stmt)).all())


async def other_project_with_code(session: AsyncSession, national_code: str, project_id: uuid.UUID) -> uuid.UUID | None:
    """Another project registered with this national code, if any."""
    return await session.scalar(
        select(Project.id).where(Project.national_code == national_code, Project.id != project_id)
    )


async def planned_investment(session: AsyncSession, project_id: uuid.UUID, year: int) -> Decimal | None:
    return await session.scalar(
        select(YearPlan.planned_investment).where(YearPlan.project_id == project_id, YearPlan.year == year)
    )


async def procedure_type(session: AsyncSession, type_id: uuid.UUID) -> ProcedureType | None:
    return await session.get(ProcedureType, type_id)


# ---------------------------------------------------------------- links


async def link(session: AsyncSession, link_id: uuid.UUID) -> ProjectLink | None:
    return await session.get(ProjectLink, link_id)


async def link_by_code(session: AsyncSession, national_code: str) -> ProjectLink | None:
    return await session.scalar(select(ProjectLink).where(ProjectLink.national_code == national_code))


async def link_of_project(session: AsyncSession, project_id: uuid.UUID) -> ProjectLink | None:
    """The project's link, whatever its status."""
    return await session.scalar(select(ProjectLink).where(ProjectLink.project_id == project_id))


async def active_link_of_project(session: AsyncSession, project_id: uuid.UUID) -> ProjectLink | None:
    return await session.scalar(
        select(ProjectLink).where(ProjectLink.project_id == project_id, ProjectLink.status == LinkStatus.linked.value)
    )


async def active_link_by_code(session: AsyncSession, region_code: str, national_code: str) -> ProjectLink | None:
    return await session.scalar(
        select(ProjectLink).where(
            ProjectLink.region_code == region_code,
            ProjectLink.national_code == national_code,
            ProjectLink.status == LinkStatus.linked.value,
        )
    )


async def links_page(
    session: AsyncSession, region_code: str, params: PageParams
) -> tuple[list[ProjectLink], str | None]:
    stmt = select(ProjectLink).where(ProjectLink.region_code == region_code)
    return await paginate(session, stmt, order=[ProjectLink.created_at, ProjectLink.id], params=params)


# ---------------------------------------------------------------- mapping


async def mapping(session: AsyncSession, mapping_id: uuid.UUID) -> ItemMapping | None:
    return await session.get(ItemMapping, mapping_id)


async def mapping_by_code(session: AsyncSession, region_code: str, item_code: str) -> ItemMapping | None:
    return await session.scalar(
        select(ItemMapping).where(ItemMapping.region_code == region_code, ItemMapping.item_code == item_code)
    )


async def mapping_by_type(session: AsyncSession, region_code: str, type_id: uuid.UUID) -> ItemMapping | None:
    return await session.scalar(
        select(ItemMapping).where(ItemMapping.region_code == region_code, ItemMapping.procedure_type_id == type_id)
    )


async def region_mappings(session: AsyncSession, region_code: str) -> list[ItemMapping]:
    stmt = select(ItemMapping).where(ItemMapping.region_code == region_code).order_by(ItemMapping.item_code)
    return list((await session.scalars(stmt)).all())


async def mappings_page(
    session: AsyncSession, region_code: str, params: PageParams
) -> tuple[list[ItemMapping], str | None]:
    stmt = select(ItemMapping).where(ItemMapping.region_code == region_code)
    return await paginate(session, stmt, order=[ItemMapping.item_code, ItemMapping.id], params=params)


# ---------------------------------------------------------------- incoming changes and the sync log


async def claim_item(session: AsyncSession, region_code: str, item_id: str) -> None:
    """Claim the item's lock row (made on first use) with a write, so that whoever applies a change of the
    same item waits until this transaction ends, on PostgreSQL (the row lock) and on SQLite (its write lock,
    taken by the first write of a transaction), in this process or another."""
    dialect_insert = pg_insert if is_postgres(session) else sqlite_insert
    await session.execute(
        dialect_insert(ItemLock).values(region_code=region_code, item_id=item_id, claims=0).on_conflict_do_nothing()
    )
    await session.execute(
        update(ItemLock)
        .where(ItemLock.region_code == region_code, ItemLock.item_id == item_id)
        .values(claims=ItemLock.claims + 1)
        .execution_options(synchronize_session=False)
    )


async def item_state(session: AsyncSession, region_code: str, item_id: str) -> ItemState | None:
    """The item's last applied version, as committed (read after :func:`claim_item`)."""
    stmt = select(ItemState).where(ItemState.region_code == region_code, ItemState.item_id == item_id)
    return await session.scalar(stmt.execution_options(populate_existing=True))


async def sync_entry(session: AsyncSession, entry_id: uuid.UUID) -> SyncEntry | None:
    return await session.get(SyncEntry, entry_id)


async def sync_log_page(
    session: AsyncSession,
    region_code: str,
    params: PageParams,
    *,
    outcome: SyncOutcome | None = None,
    national_code: str | None = None,
    item_id: str | None = None,
    channel: SyncChannel | None = None,
) -> tuple[list[SyncEntry], str | None]:
    """Newest first; every filter given narrows the list."""
    stmt = select(SyncEntry).where(SyncEntry.region_code == region_code)
    if outcome is not None:
        stmt = stmt.where(SyncEntry.outcome == outcome.value)
    if national_code:
        stmt = stmt.where(SyncEntry.national_code == national_code)
    if item_id:
        stmt = stmt.where(SyncEntry.item_id == item_id)
    if channel is not None:
        stmt = stmt.where(SyncEntry.channel == channel.value)
    return await paginate(session, stmt, order=[SyncEntry.received_at, SyncEntry.id], params=params, descending=True)


# ---------------------------------------------------------------- outgoing reports


async def outbound_report(session: AsyncSession, report_id: uuid.UUID) -> OutboundReport | None:
    return await session.get(OutboundReport, report_id)


async def pending_reports(session: AsyncSession, regions: list[str], batch: int) -> list[OutboundReport]:
    """The pending reports of these regions in the order they were made."""
    stmt = (
        select(OutboundReport)
        .where(OutboundReport.status == DeliveryStatus.pending.value, OutboundReport.region_code.in_(regions))
        .order_by(OutboundReport.created_at, OutboundReport.id)
        .limit(batch)
    )
    return list((await session.scalars(stmt)).all())


async def reports_page(
    session: AsyncSession, region_code: str, params: PageParams, *, status: DeliveryStatus | None = None
) -> tuple[list[OutboundReport], str | None]:
    """Newest first."""
    stmt = select(OutboundReport).where(OutboundReport.region_code == region_code)
    if status is not None:
        stmt = stmt.where(OutboundReport.status == status.value)
    return await paginate(
        session, stmt, order=[OutboundReport.created_at, OutboundReport.id], params=params, descending=True
    )


# ---------------------------------------------------------------- what an operator watches


async def lag_by_region(session: AsyncSession) -> dict[str, dict[str, Any]]:
    """Per configured region: when the last pull succeeded (or the configuration was made), whether the last
    pull failed, until when the platform asked for no calls (429) and how often, the failed changes not yet
    replayed, and the undelivered reports by status with the oldest's creation time."""
    out: dict[str, dict[str, Any]] = {}
    rows = await session.execute(
        select(ProvinceConfig.region_code, ProvinceConfig.created_at, SyncCursor.last_success_at,
               SyncCursor.last_error_at, SyncCursor.throttled_until, SyncCursor.throttled_count)
        .outerjoin(SyncCursor, SyncCursor.region_code == ProvinceConfig.region_code)
    )
    for region_code, created_at, success, error, throttled_until, throttled_count in rows:
        out[region_code] = {
            "since": success or created_at, "failing": error is not None and (success is None or error > success),
            "open_failures": 0, "undelivered": {}, "oldest": None,
            "throttled_until": throttled_until, "throttled": throttled_count or 0,
        }
    failures = await session.execute(
        select(SyncEntry.region_code, func.count())
        .where(SyncEntry.outcome == SyncOutcome.failed.value, SyncEntry.replayed_at.is_(None))
        .group_by(SyncEntry.region_code)
    )
    for region_code, count in failures:
        if region_code in out:
            out[region_code]["open_failures"] = count
    reports = await session.execute(
        select(OutboundReport.region_code, OutboundReport.status, func.count(), func.min(OutboundReport.created_at))
        .where(OutboundReport.status != DeliveryStatus.delivered.value)
        .group_by(OutboundReport.region_code, OutboundReport.status)
    )
    for region_code, status, count, oldest in reports:
        if region_code in out:
            region = out[region_code]
            region["undelivered"][status] = count
            region["oldest"] = oldest if region["oldest"] is None else min(oldest, region["oldest"])
    return out


# ---------------------------------------------------------------- pruning


async def prune(session: AsyncSession, cutoff: datetime) -> tuple[int, int]:
    """Delete sync-log entries and delivered reports older than ``cutoff``, except failed entries not yet
    replayed; returns how many of each went."""
    entries = await session.execute(delete(SyncEntry).where(
        SyncEntry.received_at < cutoff,
        or_(SyncEntry.outcome != SyncOutcome.failed.value, SyncEntry.replayed_at.is_not(None)),
    ))
    reports = await session.execute(delete(OutboundReport).where(
        OutboundReport.status == DeliveryStatus.delivered.value, OutboundReport.delivered_at < cutoff,
    ))
    return entries.rowcount, reports.rowcount
