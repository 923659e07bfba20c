"""Queries of observation rounds and score sheets."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound


def own_sheets_query(round_id: uuid.UUID, scorer: str, *, filled: bool | None = None) -> Select:
    """A scorer's sheets of one round (optionally only the filled or unfilled ones)."""
    stmt = select(ScoreSheet).where(ScoreSheet.round_id == round_id, ScoreSheet.scorer == scorer)
    return _filled(stmt, filled)


def _filled(stmt: Select, filled: bool | None) -> Select:
    if filled is None:
        return stmt
    return stmt.where(ScoreSheet.score.is_not(None) if filled else ScoreSheet.score.is_(None))


def open_sheets_query(scorer: str, on: date, *, filled: bool | None) -> Select:
    """A scorer's sheets in every round still open on ``on`` (optionally only the filled or unfilled ones)."""
    stmt = (
        select(ScoreSheet)
        .join(ScoringRound, ScoringRound.id == ScoreSheet.round_id)
        .where(ScoreSheet.scorer == scorer, ScoringRound.deadline >= on)
    )
    return _filled(stmt, filled)


async def own_sheets(session: AsyncSession, round_id: uuid.UUID, scorer: str) -> list[ScoreSheet]:
    """Bounded: a scorer's sheets of one round (projects × criteria, at most 500 × 20), locked for the change."""
    stmt = own_sheets_query(round_id, scorer).order_by(ScoreSheet.id).with_for_update()
    return list((await session.scalars(stmt)).all())


async def is_scorer(session: AsyncSession, round_id: uuid.UUID, scorer: str) -> bool:
    stmt = own_sheets_query(round_id, scorer).with_only_columns(ScoreSheet.id).limit(1)
    return await session.scalar(stmt) is not None


async def progress(session: AsyncSession, round_id: uuid.UUID) -> list[tuple[str, str, int, int]]:
    """(scorer, name, sheets, filled) per scorer, counted in SQL."""
    filled = func.sum(case((ScoreSheet.score.is_not(None), 1), else_=0))
    stmt = (select(ScoreSheet.scorer, func.max(ScoreSheet.scorer_name), func.count(), filled)
            .where(ScoreSheet.round_id == round_id).group_by(ScoreSheet.scorer).order_by(ScoreSheet.scorer))
    return [(s, n, int(c), int(f or 0)) for s, n, c, f in (await session.execute(stmt)).all()]


async def project_names(session: AsyncSession, round_id: uuid.UUID) -> dict[str, str]:
    stmt = select(ScoreSheet.project_id, func.max(ScoreSheet.project_name)).where(
        ScoreSheet.round_id == round_id).group_by(ScoreSheet.project_id)
    return {str(p): n for p, n in (await session.execute(stmt)).all()}


async def get_round(session: AsyncSession, round_id: uuid.UUID) -> ScoringRound | None:
    return await session.get(ScoringRound, round_id)


async def get_sheet(session: AsyncSession, sheet_id: uuid.UUID) -> ScoreSheet | None:
    return await session.get(ScoreSheet, sheet_id)


async def latest_round(session: AsyncSession, region_code: str, period: str) -> ScoringRound | None:
    """The region's newest round of ``period``."""
    return await session.scalar(
        select(ScoringRound).where(ScoringRound.region_code == region_code, ScoringRound.period == period)
        .order_by(ScoringRound.created_at.desc(), ScoringRound.id).limit(1))


async def filled_scores(session: AsyncSession, round_id: uuid.UUID) -> list[tuple[uuid.UUID, str, object]]:
    """(project, criterion, score) of every filled sheet of the round."""
    stmt = (select(ScoreSheet.project_id, ScoreSheet.criterion, ScoreSheet.score)
            .where(ScoreSheet.round_id == round_id, ScoreSheet.score.is_not(None)))
    return [tuple(r) for r in (await session.execute(stmt)).all()]


async def add_round(session: AsyncSession, rnd: ScoringRound, sheets: list[ScoreSheet]) -> None:
    """The round, then its sheets (they name it)."""
    session.add(rnd)
    await session.flush()
    session.add_all(sheets)
    await session.flush()
