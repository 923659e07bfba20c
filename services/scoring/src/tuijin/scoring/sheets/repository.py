"""Queries of observation rounds and score sheets."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound


def own_sheets_query(round_id: uuid.UUID, scorer: str) -> Select:
    return select(ScoreSheet).where(ScoreSheet.round_id == round_id, ScoreSheet.scorer == scorer)


def open_sheets_query(scorer: str, on: date, *, filled: bool | None) -> Select:
    """A scorer's sheets in every round still open on ``on`` (optionally only the filled or unfilled ones)."""
    stmt = (
        select(ScoreSheet)
        .join(ScoringRound, ScoringRound.id == ScoreSheet.round_id)
        .where(ScoreSheet.scorer == scorer, ScoringRound.deadline >= on)
    )
    if filled is not None:
        stmt = stmt.where(ScoreSheet.score.is_not(None) if filled else ScoreSheet.score.is_(None))
    return stmt


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
