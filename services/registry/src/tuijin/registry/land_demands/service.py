"""Rules of the land demand list (用地需求清单, 清水 seed 003): each project unit and township sends, by the end of
October, the land its projects need next year; natural resources sums them for the county. The office writes any
project's demand; a unit those of the projects it is responsible for or owns. Services never commit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.kernel.clock import utcnow
from tuijin.registry.land_demands import errors
from tuijin.registry.land_demands import repository as repo
from tuijin.registry.land_demands.models import LandDemand
from tuijin.registry.land_demands.schemas import LandDemandIn, LandDemandOut, LandDemandPatch, LandGroup, LandSummary
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
        raise RoleRequired("Only the office or the project's unit states its land demand.")
    ensure_region(principal, project.region_code)
    if principal.unit_id not in (project.responsible_unit_id, project.owner_unit_id):
        raise errors.UnitForbidden("A unit states demands only for projects it is responsible for or owns.")


def to_out(row: Any) -> LandDemandOut:
    d: LandDemand = row[0]
    return LandDemandOut(
        id=d.id, region_code=d.region_code, project_id=d.project_id, project_code=row.code, project_name=row.name,
        responsible_unit_name=row.unit_name, township_name=row.township_name, year=d.year, area_mu=d.area_mu,
        land_kind=d.land_kind, in_plan=d.in_plan, needed_by=d.needed_by, note=d.note, version=d.version,
        created_at=d.created_at)


async def view(session: AsyncSession, demand_id: uuid.UUID) -> LandDemandOut:
    """The answer of a record just written (the writer saw its project)."""
    return to_out(await repo.one(session, demand_id, None))


async def read(session: AsyncSession, demand_id: uuid.UUID, principal: Principal) -> Any:
    row = await repo.one(session, demand_id, project_visibility(principal))
    if row is None:
        raise errors.LandDemandNotFound("No such land demand.")
    return row


async def create(session: AsyncSession, body: LandDemandIn, principal: Principal) -> LandDemand:
    project = await projects_repo.visible_project(session, body.project_id, project_visibility(principal))
    if project is None:
        raise errors.InvalidReference(f"No project {body.project_id}.", field="body.project_id")
    may_write(principal, project)
    if await repo.exists(session, project.id, body.year, body.land_kind.value):
        raise errors.LandDemandExists(f"{project.code} already states {body.land_kind.label} for {body.year}.")
    demand = LandDemand(region_code=project.region_code, project_id=project.id, year=body.year,
                        area_mu=body.area_mu, land_kind=body.land_kind.value, in_plan=body.in_plan,
                        needed_by=body.needed_by, note=body.note, created_by=principal.sub)
    session.add(demand)
    await session.flush()
    return demand


async def patch(session: AsyncSession, demand: LandDemand, body: LandDemandPatch, principal: Principal) -> None:
    project = await projects_repo.get_project(session, demand.project_id)
    may_write(principal, project)
    data = body.model_dump(exclude_unset=True)
    for field in ("area_mu", "land_kind", "in_plan", "note"):
        if field in data and data[field] is None:
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
    kind = data.get("land_kind")
    if kind is not None and kind.value != demand.land_kind and await repo.exists(
            session, demand.project_id, demand.year, kind.value):
        raise errors.LandDemandExists(f"The project already states {kind.label} for {demand.year}.")
    for field, value in data.items():
        setattr(demand, field, value.value if hasattr(value, "value") else value)
    demand.updated_at = utcnow()
    await session.flush()


def _group(key: Any, label: str, row: Any | None) -> LandGroup:
    if row is None:
        return LandGroup(key=str(key) if key else None, label=label, projects=0, demands=0, area_mu=Decimal("0"),
                         in_plan_area_mu=Decimal("0"))
    return LandGroup(key=str(key) if key else None, label=label, projects=row.projects, demands=row.demands,
                     area_mu=dec(row.area), in_plan_area_mu=dec(row.in_plan))


async def summary(session: AsyncSession, region_code: str, year: int, principal: Principal) -> LandSummary:
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
    return LandSummary(region_code=region_code, year=year, total=_group(None, "合计", total), by_unit=by_unit,
                       by_township=by_township)
