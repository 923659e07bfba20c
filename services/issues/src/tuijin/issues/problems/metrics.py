"""Figures from the timeline, aggregated in SQL: counts of steps for scoring, and the time problems spend
at each level and until they are closed."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.policies.values import LadderPolicy
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import LADDER, ProblemLevel
from tuijin.issues.problems.ladder import ladder_policy
from tuijin.issues.problems.models import ProblemEvent
from tuijin.issues.problems.schemas import (
    LevelTime,
    ProblemCounts,
    ProblemMetrics,
    ProblemStats,
    ProjectMetrics,
    ProjectProblemCounts,
    UnitMetrics,
    UnitProblemCounts,
)


def shown_levels(policy: LadderPolicy, present: Iterable[str]) -> list[ProblemLevel]:
    """The region's levels, lowest first, and any other level that still has problems or figures (a level its
    ladder has since left out), in the platform's order."""
    keep = set(policy.order) | {ProblemLevel(v) for v in present}
    return [level for level in LADDER if level in keep]


async def stats(session: AsyncSession, region_code: str, start: date, end: date) -> ProblemStats:
    totals, by_unit, by_project = await repo.step_counts(session, region_code, start, end)
    return ProblemStats(
        region_code=region_code,
        from_=start,
        to=end,
        totals=ProblemCounts(**totals),
        by_unit=[UnitProblemCounts(**row) for row in by_unit],
        by_project=[ProjectProblemCounts(**row) for row in by_project],
    )


def _average(total: Any, count: Any) -> float | None:
    return round(float(total or 0) / count, 2) if count else None


async def _grouped(session: AsyncSession, region_code: str, start: date, end: date, column: Any) -> dict:
    """``{key: {closed, average_days_to_close, overdue_answers, working_days_by_level}}`` for one grouping."""
    groups: dict[uuid.UUID, dict[str, Any]] = defaultdict(
        lambda: {"closed": 0, "average_days_to_close": None, "overdue_answers": 0, "working_days_by_level": {}}
    )
    for key, closed, days_open, overdue in await repo.close_times(session, region_code, start, end, column):
        g = groups[key]
        g["closed"], g["overdue_answers"] = int(closed or 0), int(overdue or 0)
        g["average_days_to_close"] = _average(days_open, int(closed or 0))
    for key, level, count, total in await repo.level_times(session, region_code, start, end, column):
        groups[key]["working_days_by_level"][level] = _average(total, count)
    return groups


async def metrics(session: AsyncSession, region_code: str, start: date, end: date) -> ProblemMetrics:
    by_level = {
        row[0]: (int(row[1]), int(row[2] or 0)) for row in await repo.level_times(session, region_code, start, end)
    }
    policy = await ladder_policy(session, region_code, end)
    levels = []
    for level in shown_levels(policy, by_level):
        exits, total = by_level.get(level.value, (0, 0))
        levels.append(LevelTime(level=level, name=policy.name_of(level), exits=exits, total_working_days=total,
                                average_working_days=_average(total, exits)))
    closed, days_open, overdue = (await repo.close_times(session, region_code, start, end))[0]
    units = await _grouped(session, region_code, start, end, ProblemEvent.unit_id)
    projects = await _grouped(session, region_code, start, end, ProblemEvent.project_id)
    return ProblemMetrics(
        region_code=region_code,
        from_=start,
        to=end,
        levels=levels,
        average_days_to_close=_average(days_open, int(closed or 0)),
        overdue_answers=int(overdue or 0),
        by_unit=[UnitMetrics(unit_id=k, **v) for k, v in sorted(units.items(), key=lambda kv: str(kv[0]))],
        by_project=[ProjectMetrics(project_id=k, **v) for k, v in sorted(projects.items(), key=lambda kv: str(kv[0]))],
    )
