"""Every query of rectifications."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.rectifications.enums import UNVERIFIED
from tuijin.issues.rectifications.models import Rectification


def visibility(scope: Scope) -> ColumnElement | None:
    """Rectifications the caller may see: the region for region-wide roles, a unit's own, those about a leader's
    projects."""
    unit_clause = Rectification.unit_id == scope.unit_id if scope.unit_id is not None else None
    return scope.clause(Rectification.region_code, unit_clause=unit_clause, project_column=Rectification.project_id)


async def get_visible(session: AsyncSession, rectification_id: uuid.UUID, scope: Scope) -> Rectification | None:
    return await session.scalar(
        restrict(select(Rectification), visibility(scope), (Rectification.id, rectification_id))
    )


async def of_source(session: AsyncSession, source_kind: str, source_id: uuid.UUID) -> Rectification | None:
    return await session.scalar(
        select(Rectification).where(Rectification.source_kind == source_kind, Rectification.source_id == source_id)
    )


@dataclass
class RectificationFilters:
    region_code: str | None = None
    status: str | None = None
    unit_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None
    source_kind: str | None = None
    overdue: bool | None = None


def overdue_clause(on: date) -> ColumnElement:
    """Past the deadline and not verified, as of ``on``."""
    return Rectification.status.in_(UNVERIFIED) & (Rectification.deadline < on)


def list_query(f: RectificationFilters, clause: ColumnElement | None, on: date) -> Select:
    stmt = restrict(
        select(Rectification),
        clause,
        (Rectification.region_code, f.region_code),
        (Rectification.status, f.status),
        (Rectification.unit_id, f.unit_id),
        (Rectification.project_id, f.project_id),
        (Rectification.source_kind, f.source_kind),
    )
    if f.overdue is not None:
        late = overdue_clause(on)
        stmt = stmt.where(late if f.overdue else ~late)
    return stmt


async def overdue(session: AsyncSession, on: date) -> list[Rectification]:
    """Every rectification past its deadline and not verified on ``on`` (the sweep's work; a county has tens)."""
    stmt = select(Rectification).where(overdue_clause(on)).order_by(Rectification.deadline, Rectification.id)
    return list((await session.scalars(stmt)).all())


async def get(session: AsyncSession, rectification_id: uuid.UUID) -> Rectification | None:
    return await session.get(Rectification, rectification_id)
