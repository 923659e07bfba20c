"""Queries of runs and results."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.scoring.runs.models import Result, Run


async def get(session: AsyncSession, run_id: uuid.UUID) -> Run | None:
    return await session.get(Run, run_id)


async def latest(session: AsyncSession, scheme_id: uuid.UUID, region_code: str, period: str) -> Run | None:
    return await session.scalar(
        select(Run).where(Run.scheme_id == scheme_id, Run.region_code == region_code, Run.period == period)
        .order_by(Run.version.desc()).limit(1))


async def results(session: AsyncSession, run_id: uuid.UUID) -> list[Result]:
    return list((await session.scalars(select(Result).where(Result.run_id == run_id)
                                       .order_by(Result.rank, Result.subject_code))).all())


def subject_results_query(
    subject_id: uuid.UUID, region_code: str | None, visibility: ColumnElement | None
) -> Select:
    """A subject's results in published runs (with their run), of one region or of those ``visibility`` allows."""
    stmt = (
        select(Result, Run)
        .join(Run, Run.id == Result.run_id)
        .where(Run.status == "published", Result.subject_id == subject_id)
    )
    if region_code:
        stmt = stmt.where(Run.region_code == region_code)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return stmt


def results_query(run_id: uuid.UUID) -> Select:
    return select(Result).where(Result.run_id == run_id)


def list_query(region_code: str, *, scheme_id: uuid.UUID | None, period: str | None,
               status: str | None) -> Select:
    stmt = select(Run).where(Run.region_code == region_code)
    if scheme_id:
        stmt = stmt.where(Run.scheme_id == scheme_id)
    if period:
        stmt = stmt.where(Run.period == period)
    if status:
        stmt = stmt.where(Run.status == status)
    return stmt


async def published_totals_within(session: AsyncSession, scheme_id: uuid.UUID, region_code: str, start: date,
                                  end: date) -> list[tuple[uuid.UUID, str, object, object]]:
    """(subject, period, total, total_points) of the latest published run of each period inside [start, end]."""
    newest = (
        select(Run.period, func.max(Run.version).label("v"))
        .where(Run.scheme_id == scheme_id, Run.region_code == region_code, Run.status == "published",
               Run.period_start >= start, Run.period_end <= end)
        .group_by(Run.period).subquery()
    )
    stmt = (
        select(Result.subject_id, Run.period, Result.total, Run.total_points)
        .join(Run, Run.id == Result.run_id)
        .join(newest, (newest.c.period == Run.period) & (newest.c.v == Run.version))
        .where(Run.scheme_id == scheme_id, Run.region_code == region_code, Run.status == "published")
        .order_by(Run.period)
    )
    return [tuple(r) for r in (await session.execute(stmt)).all()]


async def add_run(session: AsyncSession, run: Run) -> None:
    """The run (its version number is unique per scheme, region and period: IntegrityError when taken)."""
    session.add(run)
    await session.flush()


async def add_results(session: AsyncSession, results: list[Result]) -> None:
    session.add_all(results)
    await session.flush()


async def subject_results(session: AsyncSession, subject_id: uuid.UUID, region_code: str | None,
                          visibility: ColumnElement | None, limit: int) -> list[tuple[Result, Run]]:
    """A subject's latest published results with their runs, newest period first."""
    stmt = subject_results_query(subject_id, region_code, visibility).order_by(
        Run.period_end.desc(), Run.published_at.desc(), Run.id).limit(limit)
    return [tuple(r) for r in (await session.execute(stmt)).all()]
