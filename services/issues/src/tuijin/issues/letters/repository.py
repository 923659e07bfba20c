"""Every query of supervision letters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope
from tuijin.issues.letters.enums import LetterStatus
from tuijin.issues.letters.models import Letter


def visibility(scope: Scope) -> ColumnElement | None:
    """Letters the caller may see: the region for region-wide roles, those addressed to a unit, those about a
    leader's projects."""
    unit_clause = Letter.unit_id == scope.unit_id if scope.unit_id is not None else None
    return scope.clause(Letter.region_code, unit_clause=unit_clause, project_column=Letter.project_id)


async def get_visible(session: AsyncSession, letter_id: uuid.UUID, scope: Scope) -> Letter | None:
    stmt = select(Letter).where(Letter.id == letter_id)
    clause = visibility(scope)
    if clause is not None:
        stmt = stmt.where(clause)
    return await session.scalar(stmt)


@dataclass
class LetterFilters:
    region_code: str | None = None
    unit_id: uuid.UUID | None = None
    grade: str | None = None
    status: str | None = None
    reason: str | None = None
    project_id: uuid.UUID | None = None
    problem_id: uuid.UUID | None = None
    decided_item_id: uuid.UUID | None = None
    year: int | None = None


def list_query(f: LetterFilters, clause: ColumnElement | None) -> Select:
    stmt = select(Letter)
    if clause is not None:
        stmt = stmt.where(clause)
    for column, value in (
        (Letter.region_code, f.region_code),
        (Letter.unit_id, f.unit_id),
        (Letter.grade, f.grade),
        (Letter.status, f.status),
        (Letter.reason, f.reason),
        (Letter.project_id, f.project_id),
        (Letter.problem_id, f.problem_id),
        (Letter.decided_item_id, f.decided_item_id),
        (Letter.year, f.year),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


async def grade_counts(
    session: AsyncSession, region_code: str, start: date, end: date, on: date, *, by_project: bool = False
) -> list[Any]:
    """(unit_id, grade, letters, replied late, unreplied past due as of ``on``) for letters issued in the period;
    with ``by_project`` the first column is the project of the letters that name one."""
    key = Letter.project_id if by_project else Letter.unit_id
    late = and_(Letter.replied_on.is_not(None), Letter.replied_on > Letter.reply_due_on)
    unreplied = and_(Letter.status == LetterStatus.issued.value, Letter.reply_due_on < on)
    stmt = (
        select(
            key,
            Letter.grade,
            func.count(),
            func.sum(case((late, 1), else_=0)),
            func.sum(case((unreplied, 1), else_=0)),
        )
        .where(Letter.region_code == region_code, Letter.issued_on.between(start, end), key.is_not(None))
        .group_by(key, Letter.grade)
        .order_by(key)
    )
    return list((await session.execute(stmt)).all())
