"""Rules of the financing needs list (融资需求清单, 清水 seed 003: the office regularly sorts out the key projects'
financing needs and recommends them to banks and financial institutions). The office writes any project's need; a
unit those of the projects it is responsible for or owns. Services never commit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.kernel.clock import utcnow
from tuijin.registry.financing_needs import errors
from tuijin.registry.financing_needs import repository as repo
from tuijin.registry.financing_needs.models import FinancingNeed
from tuijin.registry.financing_needs.schemas import (
    FinancingGroup,
    FinancingNeedIn,
    FinancingNeedOut,
    FinancingNeedPatch,
    FinancingSummary,
)
from tuijin.registry.models import Project
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.stats.repository import dec


def may_write(principal: Principal, project: Project) -> None:
    """The office of the project's region, or a unit responsible for or owning the project."""
    if principal.is_admin or principal.has_any(Role.office):
        ensure_region(principal, project.region_code)
        return
    if Role.unit not in principal.roles or principal.unit_id is None:
        raise RoleRequired("Only the office or the project's unit states its financing need.")
    ensure_region(principal, project.region_code)
    if principal.unit_id not in (project.responsible_unit_id, project.owner_unit_id):
        raise errors.UnitForbidden("A unit states needs only for projects it is responsible for or owns.")


def to_out(row: Any) -> FinancingNeedOut:
    n: FinancingNeed = row[0]
    return FinancingNeedOut(
        id=n.id, region_code=n.region_code, project_id=n.project_id, project_code=row.code, project_name=row.name,
        responsible_unit_name=row.unit_name, township_name=row.township_name, year=n.year, amount=n.amount,
        channel=n.channel, status=n.status, note=n.note, version=n.version, created_at=n.created_at)


async def view(session: AsyncSession, need_id: uuid.UUID) -> FinancingNeedOut:
    """The answer of a record just written (the writer saw its project)."""
    return to_out(await repo.one(session, need_id, None))


async def read(session: AsyncSession, need_id: uuid.UUID, principal: Principal) -> Any:
    row = await repo.one(session, need_id, project_visibility(principal))
    if row is None:
        raise errors.FinancingNeedNotFound("No such financing need.")
    return row


async def create(session: AsyncSession, body: FinancingNeedIn, principal: Principal) -> FinancingNeed:
    project = await projects_repo.visible_project(session, body.project_id, project_visibility(principal))
    if project is None:
        raise errors.InvalidReference(f"No project {body.project_id}.", field="body.project_id")
    may_write(principal, project)
    if await repo.exists(session, project.id, body.year, body.channel.value):
        raise errors.FinancingNeedExists(f"{project.code} already seeks {body.channel.label} for {body.year}.")
    need = FinancingNeed(region_code=project.region_code, project_id=project.id, year=body.year, amount=body.amount,
                         channel=body.channel.value, status=body.status.value, note=body.note,
                         created_by=principal.sub)
    session.add(need)
    await session.flush()
    return need


async def patch(session: AsyncSession, need: FinancingNeed, body: FinancingNeedPatch, principal: Principal) -> None:
    project = await projects_repo.get_project(session, need.project_id)
    may_write(principal, project)
    data = body.model_dump(exclude_unset=True)
    for field in ("amount", "channel", "status", "note"):
        if field in data and data[field] is None:
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
    channel = data.get("channel")
    if channel is not None and channel.value != need.channel and await repo.exists(
            session, need.project_id, need.year, channel.value):
        raise errors.FinancingNeedExists(f"The project already seeks {channel.label} for {need.year}.")
    for field, value in data.items():
        setattr(need, field, value.value if hasattr(value, "value") else value)
    need.updated_at = utcnow()
    await session.flush()


def _group(key: Any, label: str, row: Any | None) -> FinancingGroup:
    if row is None:
        return FinancingGroup(key=None, label=label, projects=0, needs=0, amount=Decimal("0"),
                              secured_amount=Decimal("0"))
    return FinancingGroup(key=str(key) if key else None, label=label, projects=row.projects, needs=row.needs,
                          amount=dec(row.amount), secured_amount=dec(row.secured))


async def summary(session: AsyncSession, region_code: str, year: int, principal: Principal) -> FinancingSummary:
    """Totals of the region's year, by responsible unit and by township (the project's 乡镇), each by name; projects
    without a township last. Sums are the database's."""
    visibility = project_visibility(principal)
    total = (await repo.grouped(session, region_code, year, None, visibility))[0]
    units = {r.key: r for r in await repo.grouped(session, region_code, year, Project.responsible_unit_id,
                                                   visibility)}
    towns = {r.key: r for r in await repo.grouped(session, region_code, year, Project.township_unit_id, visibility)}
    names = await repo.unit_names(session, {k for k in (*units, *towns) if k is not None})
    by_unit = sorted((_group(k, names[k], r) for k, r in units.items()), key=lambda g: g.label)
    by_township = sorted((_group(k, names[k], r) for k, r in towns.items() if k is not None), key=lambda g: g.label)
    if None in towns:
        by_township.append(_group(None, "未指定乡镇", towns[None]))
    return FinancingSummary(region_code=region_code, year=year, total=_group(None, "合计", total), by_unit=by_unit,
                            by_township=by_township)
