"""Every query of interviews and their candidates."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.interviews.models import Interview, RankingStanding
from tuijin.issues.problems.enums import OPEN_STATUSES, ProblemLevel
from tuijin.issues.problems.models import Problem


def visibility(scope: Scope) -> ColumnElement | None:
    """Interviews the caller may see: the region for region-wide roles, those of a unit's own head, those about
    a leader's projects."""
    unit_clause = Interview.unit_id == scope.unit_id if scope.unit_id is not None else None
    return scope.clause(Interview.region_code, unit_clause=unit_clause, project_column=Interview.project_id)


async def get_visible(session: AsyncSession, interview_id: uuid.UUID, scope: Scope) -> Interview | None:
    return await session.scalar(restrict(select(Interview), visibility(scope), (Interview.id, interview_id)))


def list_query(
    clause: ColumnElement | None,
    *,
    region_code: str | None = None,
    project_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> Select:
    """Interview records the caller may see (``clause``) with the list's filters (paginated by the route)."""
    return restrict(
        select(Interview),
        clause,
        (Interview.region_code, region_code),
        (Interview.project_id, project_id),
        (Interview.unit_id, unit_id),
    )


async def open_problems_older_than(
    session: AsyncSession, region_code: str, on: date, days: int, *, leadership: bool
) -> list[Problem]:
    """Open problems raised more than ``days`` calendar days before ``on`` (a superset of those open more than
    ``days`` working days), and with ``leadership`` every open problem at leadership."""
    old = Problem.raised_on < on - timedelta(days=days)
    cond = or_(old, Problem.level == ProblemLevel.leadership.value) if leadership else old
    stmt = select(Problem).where(Problem.region_code == region_code, Problem.status.in_(OPEN_STATUSES), cond)
    return list((await session.scalars(stmt.order_by(Problem.raised_on, Problem.id))).all())


async def last_interviews(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, date]:
    if not ids:
        return {}
    stmt = (
        select(Interview.project_id, func.max(Interview.held_on))
        .where(Interview.project_id.in_(ids))
        .group_by(Interview.project_id)
    )
    return {pid: day for pid, day in (await session.execute(stmt)).all()}


async def criticised_projects(session: AsyncSession, region_code: str, since: date, on: date) -> list[RankingStanding]:
    """Projects on the criticism list of a ranking published between ``since`` and ``on``."""
    stmt = select(RankingStanding).where(
        RankingStanding.region_code == region_code, RankingStanding.subject_kind == "project",
        RankingStanding.published_on >= since, RankingStanding.published_on <= on,
    )
    return list((await session.scalars(stmt)).all())


async def latest_standing_day(session: AsyncSession, scheme_id: uuid.UUID) -> date | None:
    return await session.scalar(
        select(func.max(RankingStanding.published_on)).where(RankingStanding.scheme_id == scheme_id)
    )


async def forget_standings(session: AsyncSession, scheme_id: uuid.UUID) -> None:
    """Drop the criticism list kept for the scheme (a newer publication replaces it)."""
    await session.execute(delete(RankingStanding).where(RankingStanding.scheme_id == scheme_id))
