"""Every query of the registry copies: upserting a project and its units, its light, and the problems that
follow a change of its system."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory.models import ProjectLight, ProjectRef, ProjectRefUnit
from tuijin.issues.problems.enums import OPEN_STATUSES
from tuijin.issues.problems.models import Problem


def _insert(session: AsyncSession, table: Any) -> Any:
    return (postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert)(table)


async def system_of(session: AsyncSession, project_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(select(ProjectRef.system_id).where(ProjectRef.id == project_id))


async def upsert_project(session: AsyncSession, project_id: uuid.UUID, values: dict[str, Any]) -> None:
    ins = _insert(session, ProjectRef.__table__).values(id=project_id, **values)
    await session.execute(ins.on_conflict_do_update(index_elements=["id"], set_=values))


async def clear_units(session: AsyncSession, project_id: uuid.UUID) -> None:
    await session.execute(delete(ProjectRefUnit).where(ProjectRefUnit.project_id == project_id))


async def add_units(session: AsyncSession, project_id: uuid.UUID, unit_ids: set[uuid.UUID | None]) -> None:
    rows = [{"project_id": project_id, "unit_id": u} for u in unit_ids if u is not None]
    if rows:
        await session.execute(_insert(session, ProjectRefUnit.__table__).values(rows).on_conflict_do_nothing())


async def move_open_problems(session: AsyncSession, project_id: uuid.UUID, system_id: uuid.UUID | None) -> None:
    """Open problems of the project follow it to its new system (their version moves: an ETag goes stale)."""
    await session.execute(
        update(Problem)
        .where(
            Problem.project_id == project_id,
            Problem.status.in_(OPEN_STATUSES),
            Problem.system_id.is_distinct_from(system_id),
        )
        .values(system_id=system_id, version=Problem.version + 1)
        .execution_options(synchronize_session=False)
    )


async def project(session: AsyncSession, project_id: uuid.UUID, *, fresh: bool = False) -> ProjectRef | None:
    return await session.get(ProjectRef, project_id, populate_existing=fresh)


async def projects(session: AsyncSession, project_ids: set[uuid.UUID]) -> dict[uuid.UUID, ProjectRef]:
    if not project_ids:
        return {}
    return {r.id: r for r in await session.scalars(select(ProjectRef).where(ProjectRef.id.in_(project_ids)))}


async def upsert_light(session: AsyncSession, project_id: uuid.UUID, kind: str, values: dict[str, Any]) -> ProjectLight:
    ins = _insert(session, ProjectLight.__table__).values(project_id=project_id, kind=kind, **values)
    await session.execute(ins.on_conflict_do_update(index_elements=["project_id", "kind"], set_=values))
    light = await session.get(ProjectLight, (project_id, kind), populate_existing=True)
    assert light is not None
    return light


async def lights(session: AsyncSession, region_code: str, *, except_colour: str = "green") -> list[ProjectLight]:
    """The region's current lights that are not ``except_colour``."""
    stmt = select(ProjectLight).where(ProjectLight.region_code == region_code, ProjectLight.colour != except_colour)
    return list((await session.scalars(stmt)).all())


async def is_project_unit(session: AsyncSession, project_id: uuid.UUID, unit_id: uuid.UUID) -> bool:
    """``unit_id`` is the project's responsible, owner or co-organising unit."""
    stmt = select(exists().where(ProjectRefUnit.project_id == project_id, ProjectRefUnit.unit_id == unit_id))
    return bool(await session.scalar(stmt))
