"""Every query of the problem ledger."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.directory.models import ProjectRef, ProjectRefUnit
from tuijin.issues.problems.enums import OPEN_STATUSES, ProblemAction, ProblemLevel, ProblemStatus
from tuijin.issues.problems.models import MeetingDecision, Problem, ProblemCoUnit, ProblemEvent
from tuijin.kernel.clock import utcnow


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
    return await session.scalar(restrict(select(Problem), visibility(scope), (Problem.id, problem_id)))


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
    f = filters
    stmt = restrict(
        select(Problem),
        clause,
        (Problem.region_code, f.region_code),
        (Problem.project_id, f.project_id),
        (Problem.system_id, f.system_id),
        (Problem.responsible_unit_id, f.unit_id),
        (Problem.level, f.level),
        (Problem.status, f.status),
        (Problem.category, f.category),
    )
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


async def decision_applied(session: AsyncSession, meeting_id: uuid.UUID, problem_id: uuid.UUID) -> bool:
    """The meeting's decision on the problem was received already (applied or skipped)."""
    return await session.get(MeetingDecision, (meeting_id, problem_id)) is not None


async def decided_problem(session: AsyncSession, problem_id: uuid.UUID, *, lock: bool) -> Problem | None:
    stmt = select(Problem).where(Problem.id == problem_id)
    if lock:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def timelines(session: AsyncSession, problem_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ProblemEvent]]:
    """The timelines of ``problem_ids`` (each oldest step first), in one query, in the order of the ids."""
    out: dict[uuid.UUID, list[ProblemEvent]] = {i: [] for i in problem_ids}
    if problem_ids:
        stmt = (
            select(ProblemEvent)
            .where(ProblemEvent.problem_id.in_(problem_ids))
            .order_by(ProblemEvent.at, ProblemEvent.id)
        )
        for event in await session.scalars(stmt):
            out[event.problem_id].append(event)
    return out


async def newest_ids(session: AsyncSession, stmt: Select, limit: int) -> list[uuid.UUID]:
    """Ids of the first ``limit`` problems of a :func:`list_query`, newest first."""
    ordered = stmt.order_by(Problem.raised_at.desc(), Problem.id.desc()).with_only_columns(Problem.id).limit(limit)
    return list((await session.scalars(ordered)).all())


async def newest(session: AsyncSession, stmt: Select, limit: int) -> list[Problem]:
    """The first ``limit`` problems of a :func:`list_query`, newest first."""
    return list((await session.scalars(stmt.order_by(Problem.raised_at.desc(), Problem.id).limit(limit))).all())


def timeline_query(problem_id: uuid.UUID) -> Select:
    """A problem's steps (paginated by the route, oldest first)."""
    return select(ProblemEvent).where(ProblemEvent.problem_id == problem_id)


async def replace_co_units(
    session: AsyncSession, problem_id: uuid.UUID, responsible: uuid.UUID, unit_ids: list[uuid.UUID]
) -> None:
    """The problem's co-organising units become ``unit_ids`` (the responsible unit is not its own co-unit)."""
    await session.execute(delete(ProblemCoUnit).where(ProblemCoUnit.problem_id == problem_id))
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id != responsible:
            session.add(ProblemCoUnit(problem_id=problem_id, unit_id=unit_id))


async def get(session: AsyncSession, problem_id: uuid.UUID | None) -> Problem | None:
    return await session.get(Problem, problem_id) if problem_id is not None else None


async def awaiting_late_answers(session: AsyncSession, day: date) -> list[tuple[Problem, ProjectRef | None]]:
    """Problems awaiting an answer due before ``day`` (marked overdue or not), with their projects, oldest first."""
    stmt = (
        select(Problem, ProjectRef)
        .outerjoin(ProjectRef, ProjectRef.id == Problem.project_id)
        .where(Problem.status == ProblemStatus.awaiting_answer.value, Problem.answer_due_on < day)
        .order_by(Problem.raised_at, Problem.id)
    )
    return [(p, ref) for p, ref in (await session.execute(stmt)).all()]


# ---------------------------------------------------------------- the timers (conditional updates)


async def past_deadline(session: AsyncSession, day: date) -> list[Problem]:
    """Open problems whose deadline is before ``day``, oldest first."""
    stmt = (
        select(Problem)
        .where(Problem.status.in_(OPEN_STATUSES), Problem.deadline < day)
        .order_by(Problem.raised_at, Problem.id)
    )
    return list((await session.scalars(stmt)).all())


async def answers_past_due(session: AsyncSession, day: date) -> list[Problem]:
    """Problems awaiting an answer due before ``day`` and not yet marked overdue, oldest first."""
    stmt = (
        select(Problem)
        .where(
            Problem.status == ProblemStatus.awaiting_answer.value,
            Problem.answer_due_on < day,
            Problem.answer_overdue_on.is_(None),
        )
        .order_by(Problem.raised_at, Problem.id)
    )
    return list((await session.scalars(stmt)).all())


async def mark_answer_overdue(session: AsyncSession, problem_id: uuid.UUID, day: date) -> bool:
    """Mark the answer overdue unless it already is (True: this call marked it). The version stays."""
    result = await session.execute(
        update(Problem)
        .where(Problem.id == problem_id, Problem.answer_overdue_on.is_(None))
        .values(answer_overdue_on=day)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def mark_deadline_overdue(session: AsyncSession, problem_id: uuid.UUID, deadline: date, day: date) -> bool:
    """Mark the deadline ``deadline`` overdue unless it already is (True: this call marked it)."""
    result = await session.execute(
        update(Problem)
        .where(Problem.id == problem_id, Problem.deadline_overdue_on.is_(None), Problem.deadline == deadline)
        .values(deadline_overdue_on=day)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def claim_level_change(session: AsyncSession, problem: Problem, values: dict[str, Any]) -> bool:
    """Move an open problem off its level with ``values`` only if nobody moved it since it was read (same level,
    same version); the version goes up. False: another run or a person was first. The new version is put in
    ``values``."""
    values["version"] = problem.version + 1
    result = await session.execute(
        update(Problem)
        .where(
            Problem.id == problem.id,
            Problem.level == problem.level,
            Problem.version == problem.version,
            Problem.status.in_(OPEN_STATUSES),
        )
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


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
