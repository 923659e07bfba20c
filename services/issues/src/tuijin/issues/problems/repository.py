"""Every query of the problem ledger."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope
from tuijin.issues.directory.models import ProjectRef, ProjectRefUnit
from tuijin.issues.problems.enums import OPEN_STATUSES, ProblemAction, ProblemLevel
from tuijin.issues.problems.models import Problem, ProblemCoUnit, ProblemEvent


def visibility(scope: Scope) -> ColumnElement | None:
    """Problems the caller may see: the region for region-wide roles; for a unit, problems it is asked to solve
    or co-organises and those of its projects; for a leader, those of their projects."""
    unit = scope.unit_id
    unit_clause = None
    if unit is not None:
        unit_clause = (
            (Problem.responsible_unit_id == unit)
            | exists().where(ProblemCoUnit.problem_id == Problem.id, ProblemCoUnit.unit_id == unit)
            | exists().where(ProjectRefUnit.project_id == Problem.project_id, ProjectRefUnit.unit_id == unit)
        )
    return scope.clause(Problem.region_code, unit_clause=unit_clause, project_column=Problem.project_id)


async def get_visible(session: AsyncSession, problem_id: uuid.UUID, scope: Scope) -> Problem | None:
    stmt = select(Problem).where(Problem.id == problem_id)
    clause = visibility(scope)
    if clause is not None:
        stmt = stmt.where(clause)
    return await session.scalar(stmt)


@dataclass
class ProblemFilters:
    region_code: str | None = None
    project_id: uuid.UUID | None = None
    system_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    level: str | None = None
    status: str | None = None
    category: str | None = None
    open_only: bool = False
    raised_from: date | None = None
    raised_to: date | None = None


async def open_by_level(
    session: AsyncSession, region_code: str, clause: ColumnElement | None, on: date
) -> list[tuple[str, int, int, int]]:
    """(level, open, past the level's deadline, answer overdue) of the region's open problems, in SQL."""
    past_deadline = and_(Problem.deadline.is_not(None), Problem.deadline < on)
    answer_late = and_(Problem.status == "awaiting_answer", Problem.answer_due_on.is_not(None),
                       Problem.answer_due_on < on)
    stmt = (
        select(
            Problem.level,
            func.count(),
            func.sum(case((past_deadline, 1), else_=0)),
            func.sum(case((answer_late, 1), else_=0)),
        )
        .where(Problem.region_code == region_code, Problem.status.in_(OPEN_STATUSES))
        .group_by(Problem.level)
    )
    if clause is not None:
        stmt = stmt.where(clause)
    return [(level, int(n), int(late or 0), int(answer or 0)) for level, n, late, answer in await session.execute(stmt)]


def list_query(filters: ProblemFilters, clause: ColumnElement | None) -> Select:
    stmt = select(Problem)
    if clause is not None:
        stmt = stmt.where(clause)
    f = filters
    for column, value in (
        (Problem.region_code, f.region_code),
        (Problem.project_id, f.project_id),
        (Problem.system_id, f.system_id),
        (Problem.responsible_unit_id, f.unit_id),
        (Problem.level, f.level),
        (Problem.status, f.status),
        (Problem.category, f.category),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.open_only:
        stmt = stmt.where(Problem.status.in_(OPEN_STATUSES))
    if f.raised_from:
        stmt = stmt.where(Problem.raised_on >= f.raised_from)
    if f.raised_to:
        stmt = stmt.where(Problem.raised_on <= f.raised_to)
    return stmt


async def co_units(session: AsyncSession, problem_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if problem_ids:
        rows = await session.execute(
            select(ProblemCoUnit.problem_id, ProblemCoUnit.unit_id)
            .where(ProblemCoUnit.problem_id.in_(problem_ids))
            .order_by(ProblemCoUnit.unit_id)
        )
        for problem_id, unit_id in rows:
            out[problem_id].append(unit_id)
    return out


async def project_refs(session: AsyncSession, project_ids: list[uuid.UUID]) -> dict[uuid.UUID, ProjectRef]:
    if not project_ids:
        return {}
    rows = await session.scalars(select(ProjectRef).where(ProjectRef.id.in_(set(project_ids))))
    return {r.id: r for r in rows}


async def timeline(session: AsyncSession, problem_id: uuid.UUID) -> list[ProblemEvent]:
    stmt = select(ProblemEvent).where(ProblemEvent.problem_id == problem_id).order_by(ProblemEvent.at, ProblemEvent.id)
    return list((await session.scalars(stmt)).all())


async def agenda(
    session: AsyncSession, region_code: str, level: ProblemLevel, system_id: uuid.UUID | None, on: date, limit: int
) -> list[tuple[Problem, ProjectRef | None]]:
    """Open problems now at ``level`` (and in ``system_id``) that were raised by ``on``, oldest first."""
    stmt = (
        select(Problem, ProjectRef)
        .outerjoin(ProjectRef, ProjectRef.id == Problem.project_id)
        .where(
            Problem.region_code == region_code,
            Problem.level == level.value,
            Problem.status.in_(OPEN_STATUSES),
            Problem.raised_on <= on,
        )
        .order_by(Problem.raised_at, Problem.id)
        .limit(limit)
    )
    if system_id is not None:
        stmt = stmt.where(Problem.system_id == system_id)
    return [(p, ref) for p, ref in (await session.execute(stmt)).all()]


async def decided_problem(session: AsyncSession, problem_id: uuid.UUID, *, lock: bool) -> Problem | None:
    stmt = select(Problem).where(Problem.id == problem_id)
    if lock:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


# ---------------------------------------------------------------- figures (SQL aggregates)

_COUNTED = {
    "raised": [ProblemAction.raise_],
    "escalated": [ProblemAction.escalate, ProblemAction.auto_escalate],
    "resolved": [ProblemAction.resolve],
    "closed": [ProblemAction.close],
    "reopened": [ProblemAction.reopen],
    "overdue_answers": [ProblemAction.answer_overdue],
}


def _count_columns() -> list[Any]:
    cols = [
        func.sum(case((ProblemEvent.action.in_([a.value for a in actions]), 1), else_=0)).label(name)
        for name, actions in _COUNTED.items()
    ]
    late_answer = and_(ProblemEvent.action == ProblemAction.answer.value, ProblemEvent.late.is_(True))
    cols.append(func.sum(case((late_answer, 1), else_=0)).label("late_answers"))
    return cols


def _period(region_code: str, start: date, end: date) -> list[ColumnElement]:
    return [ProblemEvent.region_code == region_code, ProblemEvent.occurred_on.between(start, end)]


async def step_counts(
    session: AsyncSession, region_code: str, start: date, end: date
) -> tuple[dict[str, int], list[dict[str, Any]], list[dict[str, Any]]]:
    """Counted steps in the period: totals, by unit and by project."""
    where = _period(region_code, start, end)
    names = [*_COUNTED, "late_answers"]

    def as_dict(row: Any) -> dict[str, int]:
        return {n: int(getattr(row, n) or 0) for n in names}

    total_row = (await session.execute(select(*_count_columns()).where(*where))).one()
    by_unit = (
        await session.execute(
            select(ProblemEvent.unit_id, *_count_columns())
            .where(*where, ProblemEvent.unit_id.is_not(None))
            .group_by(ProblemEvent.unit_id)
            .order_by(ProblemEvent.unit_id)
        )
    ).all()
    by_project = (
        await session.execute(
            select(ProblemEvent.project_id, *_count_columns())
            .where(*where)
            .group_by(ProblemEvent.project_id)
            .order_by(ProblemEvent.project_id)
        )
    ).all()
    return (
        as_dict(total_row),
        [{"unit_id": r.unit_id, **as_dict(r)} for r in by_unit],
        [{"project_id": r.project_id, **as_dict(r)} for r in by_project],
    )


async def level_times(session: AsyncSession, region_code: str, start: date, end: date, group: Any = None) -> list[Any]:
    """Working days spent at each level by the steps that left a level in the period (optionally per ``group``)."""
    cols = [ProblemEvent.from_level, func.count(), func.sum(ProblemEvent.days_at_level)]
    stmt = select(*cols).where(*_period(region_code, start, end), ProblemEvent.days_at_level.is_not(None))
    if group is not None:
        stmt = (
            select(group, *cols)
            .where(*_period(region_code, start, end), ProblemEvent.days_at_level.is_not(None), group.is_not(None))
            .group_by(group)
        )
    stmt = stmt.group_by(ProblemEvent.from_level)
    return list((await session.execute(stmt)).all())


async def close_times(session: AsyncSession, region_code: str, start: date, end: date, group: Any = None) -> list[Any]:
    """Closed count, summed working days to close and overdue answers in the period (optionally per ``group``)."""
    closed = ProblemEvent.action == ProblemAction.close.value
    cols = [
        func.sum(case((closed, 1), else_=0)),
        func.sum(case((closed, ProblemEvent.days_open), else_=0)),
        func.sum(case((ProblemEvent.action == ProblemAction.answer_overdue.value, 1), else_=0)),
    ]
    where = [*_period(region_code, start, end)]
    if group is None:
        return list((await session.execute(select(*cols).where(*where))).all())
    stmt = select(group, *cols).where(*where, group.is_not(None)).group_by(group).order_by(group)
    return list((await session.execute(stmt)).all())
