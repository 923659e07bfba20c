"""Rules of observation scoring (观摩打分): sheets per scorer, project and criterion; scores within the criterion's
range, by the scorer, until the deadline; the project's score is the sum of its criteria's trimmed means."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import Conflict, ProblemError, Unprocessable
from tuijin.scoring.runs.compute import fmt, q, trimmed_mean
from tuijin.scoring.runs.inputs import reraise
from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound
from tuijin.scoring.sheets.schemas import RoundIn


async def latest_round(session: AsyncSession, region_code: str, period: str) -> ScoringRound | None:
    return await session.scalar(
        select(ScoringRound).where(ScoringRound.region_code == region_code, ScoringRound.period == period)
        .order_by(ScoringRound.created_at.desc(), ScoringRound.id).limit(1))


async def project_scores(session: AsyncSession, rnd: ScoringRound) -> dict[str, tuple[Decimal, Decimal, str]]:
    """Per project id: (sum of criteria trimmed means, sum of criteria maxima, explanation)."""
    rows = (await session.execute(
        select(ScoreSheet.project_id, ScoreSheet.criterion, ScoreSheet.score)
        .where(ScoreSheet.round_id == rnd.id, ScoreSheet.score.is_not(None)))).all()
    scores: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for project_id, criterion, score in rows:
        scores[str(project_id)][criterion].append(Decimal(score))
    out_of = sum((Decimal(c["max"]) for c in rnd.criteria), Decimal(0))
    figures = {}
    for pid, by_criterion in scores.items():
        total, parts = Decimal(0), []
        for c in rnd.criteria:
            values = by_criterion.get(c["code"], [])
            if not values:
                parts.append(f"{c['name']} 无人打分")
                continue
            mean, dropped = trimmed_mean(values, trim_each_end=rnd.trim_each_end,
                                         min_scorers_to_trim=rnd.min_scorers_to_trim)
            total += mean
            trim = f"，去掉最高最低各 {dropped} 个" if dropped else ""
            parts.append(f"{c['name']} {len(values)} 人打分{trim}，平均 {fmt(q(mean))}")
        figures[pid] = (total, out_of, f"{rnd.name}：" + "；".join(parts))
    return figures


async def round_figures(
    session: AsyncSession, region_code: str, period: str
) -> dict[str, tuple[Decimal, Decimal, str]]:
    """The figures of the region's latest observation round of the period (none: empty)."""
    rnd = await latest_round(session, region_code, period)
    return await project_scores(session, rnd) if rnd else {}


async def create_round(session: AsyncSession, upstreams: Any, body: RoundIn, principal: Principal) -> ScoringRound:
    """The round and one empty sheet per scorer, project and criterion; the projects must be the region's."""
    codes = [c.code for c in body.criteria]
    if len(set(codes)) != len(codes):
        raise Unprocessable("A criterion code is used twice.", code="duplicate_criterion",
                            errors=[{"field": "body.criteria", "message": "codes repeat",
                                     "type": "duplicate_criterion"}])
    if body.deadline < today():
        raise Unprocessable("The deadline has already passed.", code="deadline_passed",
                            errors=[{"field": "body.deadline", "message": "in the past", "type": "deadline_passed"}])
    wanted = list(dict.fromkeys(body.project_ids))
    try:
        found = await upstreams.read_json("registry", "/api/v1/projects/bulk", {"ids": [str(p) for p in wanted]})
    except ProblemError as exc:
        reraise(exc, "registry")
    names = {p["id"]: p["name"] for p in found if p["region_code"] == body.region_code}
    missing = [i for i, p in enumerate(wanted) if str(p) not in names]
    if missing:
        raise Unprocessable("Some projects are not the region's.", code="unknown_project",
                            errors=[{"field": f"body.project_ids.{i}", "message": "no such project in the region",
                                     "type": "unknown_project"} for i in missing])
    rnd = ScoringRound(id=uuid.uuid4(), region_code=body.region_code, name=body.name, period=body.period,
                       deadline=body.deadline, criteria=[c.model_dump(mode="json") for c in body.criteria],
                       trim_each_end=body.trim_each_end, min_scorers_to_trim=body.min_scorers_to_trim,
                       created_by=principal.sub)
    session.add(rnd)
    await session.flush()
    scorers = {s.id: s.name for s in body.scorers}
    session.add_all([
        ScoreSheet(id=uuid.uuid4(), round_id=rnd.id, scorer=sid, scorer_name=sname, project_id=pid,
                   project_name=names[str(pid)], criterion=c.code)
        for sid, sname in scorers.items() for pid in wanted for c in body.criteria])
    await session.flush()
    return rnd


def fill(sheet: ScoreSheet, rnd: ScoringRound, score: Decimal) -> ScoreSheet:
    """A score within the criterion's range, on or before the deadline."""
    if today() > rnd.deadline:
        raise Conflict(f"The round closed on {rnd.deadline}.", code="deadline_passed")
    criterion = next(c for c in rnd.criteria if c["code"] == sheet.criterion)
    low, high = Decimal(criterion["min"]), Decimal(criterion["max"])
    if not low <= score <= high:
        msg = f"{criterion['name']} is scored from {fmt(low)} to {fmt(high)}."
        raise Unprocessable(msg, code="score_out_of_range",
                            errors=[{"field": "body.score", "message": msg, "type": "score_out_of_range"}])
    sheet.score = score
    sheet.scored_at = utcnow()
    return sheet
