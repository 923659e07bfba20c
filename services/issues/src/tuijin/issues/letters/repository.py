"""Every query of supervision letters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.letters.enums import GRADES, LetterGrade, LetterReason, LetterStatus
from tuijin.issues.letters.models import Letter
from tuijin.issues.models import documents
from tuijin.kernel.documents import numbering
from tuijin.kernel.documents.word import DocumentKind


def visibility(scope: Scope) -> ColumnElement | None:
    """Letters the caller may see: the region for region-wide roles, those addressed to a unit, those about a
    leader's projects."""
    unit_clause = Letter.unit_id == scope.unit_id if scope.unit_id is not None else None
    return scope.clause(Letter.region_code, unit_clause=unit_clause, project_column=Letter.project_id)


async def get_visible(session: AsyncSession, letter_id: uuid.UUID, scope: Scope) -> Letter | None:
    return await session.scalar(restrict(select(Letter), visibility(scope), (Letter.id, letter_id)))


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
    rectification_id: uuid.UUID | None = None
    year: int | None = None


def list_query(f: LetterFilters, clause: ColumnElement | None) -> Select:
    return restrict(
        select(Letter),
        clause,
        (Letter.region_code, f.region_code),
        (Letter.unit_id, f.unit_id),
        (Letter.grade, f.grade),
        (Letter.status, f.status),
        (Letter.reason, f.reason),
        (Letter.project_id, f.project_id),
        (Letter.problem_id, f.problem_id),
        (Letter.decided_item_id, f.decided_item_id),
        (Letter.rectification_id, f.rectification_id),
        (Letter.year, f.year),
    )


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


def letter_kind(grade: LetterGrade | str) -> DocumentKind:
    """The kind of document a letter of ``grade`` is: each grade has its own 字号 and yearly sequence."""
    return DocumentKind(f"letter_{LetterGrade(grade).value}")


async def next_serial(session: AsyncSession, region_code: str, grade: LetterGrade | str, year: int) -> int:
    """The next serial of the grade's sequence in the region's year (the kernel's atomic counter: concurrent
    letters never share a number)."""
    return await numbering.next_serial(session, documents, region_code, letter_kind(grade).value, year)


async def earlier_letters(
    session: AsyncSession,
    region_code: str,
    year: int,
    *,
    reason: LetterReason,
    project_id: uuid.UUID | None = None,
    decided_item_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    rectification_id: uuid.UUID | None = None,
) -> int:
    """Letters already sent this year on the same subject for the same reason (repeats go a grade up)."""
    stmt = (
        select(func.count())
        .select_from(Letter)
        .where(Letter.region_code == region_code, Letter.year == year, Letter.reason == reason.value)
    )
    if project_id is not None:
        stmt = stmt.where(Letter.project_id == project_id)
    if decided_item_id is not None:
        stmt = stmt.where(Letter.decided_item_id == decided_item_id)
    if unit_id is not None:
        stmt = stmt.where(Letter.unit_id == unit_id)
    if rectification_id is not None:
        stmt = stmt.where(Letter.rectification_id == rectification_id)
    return int(await session.scalar(stmt) or 0)


async def trigger_drew_letter(session: AsyncSession, trigger_key: str) -> bool:
    """A rule's trigger already drew a letter."""
    return await session.scalar(select(Letter.id).where(Letter.trigger_key == trigger_key)) is not None


async def highest_grade_sent(session: AsyncSession, trigger_prefix: str) -> int:
    """The rank (in :data:`GRADES`) of the highest grade already sent for triggers starting ``trigger_prefix:``,
    -1 for none."""
    grades = (await session.scalars(select(Letter.grade).where(Letter.trigger_key.like(trigger_prefix + ":%")))).all()
    return max((GRADES.index(LetterGrade(g)) for g in grades), default=-1)
