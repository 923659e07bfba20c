"""Queries of procedures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, func, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.clock import utcnow
from tuijin.registry.models import Project, Unit
from tuijin.registry.procedures.enums import OPEN_STATUSES
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType, ProjectProcedure

OPEN = [s.value for s in OPEN_STATUSES]


def open_clause() -> ColumnElement[bool]:
    return ProjectProcedure.status.in_(OPEN)


def overdue_clause(on: date) -> ColumnElement[bool]:
    """Open and its deadline before ``on`` (a business date)."""
    return and_(open_clause(), ProjectProcedure.deadline.is_not(None), ProjectProcedure.deadline < on)


async def region_types(session: AsyncSession, region_code: str, *, active_only: bool = False) -> list[ProcedureType]:
    stmt = select(ProcedureType).where(ProcedureType.region_code == region_code)
    if active_only:
        stmt = stmt.where(ProcedureType.is_active.is_(True))
    return list((await session.scalars(stmt.order_by(ProcedureType.sort_order, ProcedureType.code))).all())


async def types_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, ProcedureType]:
    if not ids:
        return {}
    return {t.id: t for t in (await session.scalars(select(ProcedureType).where(ProcedureType.id.in_(ids)))).all()}


async def project_procedures(session: AsyncSession, project_id: uuid.UUID) -> list[ProjectProcedure]:
    stmt = (
        select(ProjectProcedure)
        .join(ProcedureType, ProcedureType.id == ProjectProcedure.procedure_type_id)
        .where(ProjectProcedure.project_id == project_id)
        .order_by(ProcedureType.sort_order, ProcedureType.code)
    )
    return list((await session.scalars(stmt)).all())


async def find(session: AsyncSession, project_id: uuid.UUID, type_id: uuid.UUID) -> ProjectProcedure | None:
    return await session.scalar(
        select(ProjectProcedure).where(
            ProjectProcedure.project_id == project_id, ProjectProcedure.procedure_type_id == type_id
        )
    )


def history_query(procedure_id: uuid.UUID) -> Select:
    """A procedure's status changes; the caller pages them by ``seq``."""
    return select(ProcedureStatusChange).where(ProcedureStatusChange.procedure_id == procedure_id)


async def count_types(session: AsyncSession, region_code: str) -> int:
    return await session.scalar(
        select(func.count()).select_from(ProcedureType).where(ProcedureType.region_code == region_code)
    ) or 0


async def procedure_type(session: AsyncSession, type_id: uuid.UUID) -> ProcedureType | None:
    return await session.get(ProcedureType, type_id)


async def procedure(session: AsyncSession, procedure_id: uuid.UUID) -> ProjectProcedure | None:
    return await session.get(ProjectProcedure, procedure_id)


async def project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)


async def projects_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Project]:
    if not ids:
        return {}
    return {p.id: p for p in (await session.scalars(select(Project).where(Project.id.in_(ids)))).all()}


async def unit(session: AsyncSession, unit_id: uuid.UUID) -> Unit | None:
    return await session.get(Unit, unit_id)


async def mark_overdue_announced(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    """Remember the announcement. A bulk UPDATE leaves version and updated_at alone: the announcement does not
    stale a user's ETag."""
    await session.execute(
        update(ProjectProcedure)
        .where(ProjectProcedure.id.in_(ids))
        .values(overdue_announced_at=utcnow(), updated_at=ProjectProcedure.updated_at)
        .execution_options(synchronize_session=False)
    )


async def project_visible(session: AsyncSession, project_id: uuid.UUID, visibility: ColumnElement | None) -> bool:
    stmt = select(Project.id).where(Project.id == project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt) is not None


async def next_seq(session: AsyncSession, procedure_id: uuid.UUID) -> int:
    last = await session.scalar(
        select(func.max(ProcedureStatusChange.seq)).where(ProcedureStatusChange.procedure_id == procedure_id)
    )
    return (last or 0) + 1


@dataclass
class ProcedureFilters:
    region_code: str | None = None
    project_id: uuid.UUID | None = None
    procedure_type_id: uuid.UUID | None = None
    lead_unit_id: uuid.UUID | None = None
    status: str | None = None
    open: bool | None = None
    overdue: bool | None = None


def region_list_query(filters: ProcedureFilters, visibility: ColumnElement | None, on: date) -> Select:
    stmt = select(ProjectProcedure).join(Project, Project.id == ProjectProcedure.project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    f = filters
    if f.region_code:
        stmt = stmt.where(ProjectProcedure.region_code == f.region_code)
    if f.project_id:
        stmt = stmt.where(ProjectProcedure.project_id == f.project_id)
    if f.procedure_type_id:
        stmt = stmt.where(ProjectProcedure.procedure_type_id == f.procedure_type_id)
    if f.lead_unit_id:
        stmt = stmt.where(ProjectProcedure.lead_unit_id == f.lead_unit_id)
    if f.status:
        stmt = stmt.where(ProjectProcedure.status == f.status)
    if f.open is not None:
        stmt = stmt.where(open_clause() if f.open else not_(open_clause()))
    if f.overdue is not None:
        stmt = stmt.where(overdue_clause(on) if f.overdue else not_(overdue_clause(on)))
    return stmt


def projects_with_open_query(
    region_code: str, visibility: ColumnElement | None, on: date, *, overdue_only: bool, system_id: uuid.UUID | None
) -> Select:
    """Projects of a region with at least one open (or overdue) procedure."""
    cond = overdue_clause(on) if overdue_only else open_clause()
    stmt = select(Project).where(
        Project.region_code == region_code,
        exists(select(ProjectProcedure.id).where(ProjectProcedure.project_id == Project.id, cond)),
    )
    if visibility is not None:
        stmt = stmt.where(visibility)
    if system_id:
        stmt = stmt.where(Project.system_id == system_id)
    return stmt


async def open_procedures_of(
    session: AsyncSession, project_ids: list[uuid.UUID]
) -> list[tuple[ProjectProcedure, ProcedureType]]:
    if not project_ids:
        return []
    stmt = (
        select(ProjectProcedure, ProcedureType)
        .join(ProcedureType, ProcedureType.id == ProjectProcedure.procedure_type_id)
        .where(ProjectProcedure.project_id.in_(project_ids), open_clause())
        .order_by(ProjectProcedure.project_id, ProcedureType.sort_order, ProcedureType.code)
    )
    return [(p, t) for p, t in (await session.execute(stmt)).all()]


async def overdue_unannounced(
    session: AsyncSession, on: date, *, limit: int, lock: bool
) -> list[tuple[ProjectProcedure, Project, ProcedureType]]:
    stmt = (
        select(ProjectProcedure, Project, ProcedureType)
        .join(Project, Project.id == ProjectProcedure.project_id)
        .join(ProcedureType, ProcedureType.id == ProjectProcedure.procedure_type_id)
        .where(overdue_clause(on), ProjectProcedure.overdue_announced_at.is_(None))
        .order_by(ProjectProcedure.deadline, ProjectProcedure.id)
        .limit(limit)
    )
    if lock:
        stmt = stmt.with_for_update(skip_locked=True, of=ProjectProcedure)
    return [(p, pr, t) for p, pr, t in (await session.execute(stmt)).all()]
