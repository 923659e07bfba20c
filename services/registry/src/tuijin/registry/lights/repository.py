"""Queries of warning lights."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.registry.lights.models import WarningLight, WarningLightChange
from tuijin.registry.models import Project, YearPlan
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.procedures.repository import overdue_clause


async def projects_to_light(
    session: AsyncSession, *, region_code: str | None, project_ids: list[uuid.UUID] | None
) -> list[tuple[uuid.UUID, str, str]]:
    """(id, region code, stage) of the projects whose lights are recomputed, by region."""
    stmt = select(Project.id, Project.region_code, Project.stage).order_by(Project.region_code, Project.id)
    if region_code:
        stmt = stmt.where(Project.region_code == region_code)
    if project_ids is not None:
        stmt = stmt.where(Project.id.in_(project_ids))
    return [(r.id, r.region_code, r.stage) for r in (await session.execute(stmt)).all()]


async def plans_of_year(
    session: AsyncSession, project_ids: list[uuid.UUID], year: int
) -> dict[uuid.UUID, tuple[Decimal, date | None, list[str] | None]]:
    """project id → (planned investment, planned start date, monthly plan or None) of ``year``."""
    rows = await session.execute(
        select(
            YearPlan.project_id, YearPlan.planned_investment, YearPlan.planned_start_date, YearPlan.monthly_plan
        ).where(YearPlan.project_id.in_(project_ids), YearPlan.year == year)
    )
    return {pid: (planned, start, monthly) for pid, planned, start, monthly in rows.all()}


async def lights_of(session: AsyncSession, project_ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, str], WarningLight]:
    rows = await session.scalars(select(WarningLight).where(WarningLight.project_id.in_(project_ids)))
    return {(light.project_id, light.kind): light for light in rows.all()}


async def project_lights(session: AsyncSession, project_id: uuid.UUID) -> list[WarningLight]:
    stmt = select(WarningLight).where(WarningLight.project_id == project_id).order_by(WarningLight.kind)
    return list((await session.scalars(stmt)).all())


def history_query(project_id: uuid.UUID, kind: str | None) -> Select:
    stmt = select(WarningLightChange).where(WarningLightChange.project_id == project_id)
    if kind:
        stmt = stmt.where(WarningLightChange.kind == kind)
    return stmt


def region_lights_query(
    visibility: ColumnElement | None, *, region_code: str | None, kind: str | None, colour: str | None
) -> Select:
    """Lights with their project's code and name (rows: WarningLight, code, name, id)."""
    stmt = select(WarningLight, Project.code, Project.name, WarningLight.id).join(
        Project, Project.id == WarningLight.project_id
    )
    if visibility is not None:
        stmt = stmt.where(visibility)
    if region_code:
        stmt = stmt.where(WarningLight.region_code == region_code)
    if kind:
        stmt = stmt.where(WarningLight.kind == kind)
    if colour:
        stmt = stmt.where(WarningLight.colour == colour)
    return stmt


async def overdue_procedures(
    session: AsyncSession, project_ids: list[uuid.UUID], on: date
) -> dict[uuid.UUID, tuple[int, date]]:
    """project id → (open procedures past their deadline on ``on``, the oldest deadline), in one query."""
    rows = await session.execute(
        select(ProjectProcedure.project_id, func.count(), func.min(ProjectProcedure.deadline))
        .where(ProjectProcedure.project_id.in_(project_ids), overdue_clause(on))
        .group_by(ProjectProcedure.project_id)
    )
    return {pid: (int(n), oldest) for pid, n, oldest in rows.all()}
