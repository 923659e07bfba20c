"""Rules of observation scoring (观摩打分): sheets per scorer, project and criterion; scores within the criterion's
range, by the scorer, until the deadline; the project's score is the sum of its criteria's trimmed means."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.etag import etag_of
from tuijin.kernel.upstream import Upstreams
from tuijin.scoring.runs.compute import fmt, q, trimmed_mean
from tuijin.scoring.sheets import repository as repo
from tuijin.scoring.sheets.enums import RoundStatus
from tuijin.scoring.sheets.errors import (
    DeadlineInPast,
    DeadlinePassed,
    DuplicateCriterion,
    NotAScorer,
    ScoreOutOfRange,
    SheetSubmitted,
    SheetsUnfilled,
    UnknownProject,
)
from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound
from tuijin.scoring.sheets.schemas import RoundIn, RoundOut, SheetOut
from tuijin.scoring.upstream import Upstream

PROJECTS_DEADLINE = 5.0  # seconds for the bulk read of a new round's projects


async def project_scores(session: AsyncSession, rnd: ScoringRound) -> dict[str, tuple[Decimal, Decimal, str]]:
    """Per project id: (sum of criteria trimmed means, sum of criteria maxima, explanation)."""
    rows = await repo.filled_scores(session, rnd.id)
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
    rnd = await repo.latest_round(session, region_code, period)
    return await project_scores(session, rnd) if rnd else {}


async def _project_names(upstreams: Upstreams, region_code: str, wanted: list[uuid.UUID]) -> dict[str, str]:
    """The names of the wanted projects, each of which must be the region's (422 ``unknown_project`` naming
    every other one)."""
    found = await Upstream(upstreams, deadline=PROJECTS_DEADLINE).projects(wanted)
    names = {p["id"]: p["name"] for p in found if p["region_code"] == region_code}
    missing = [i for i, p in enumerate(wanted) if str(p) not in names]
    if missing:
        raise UnknownProject("Some projects are not the region's.",
                             errors=[{"field": f"body.project_ids.{i}", "message": "no such project in the region",
                                      "type": UnknownProject.code} for i in missing])
    return names


async def create_round(session: AsyncSession, upstreams: Upstreams, body: RoundIn,
                       principal: Principal) -> ScoringRound:
    """The round and one empty sheet per scorer, project and criterion; the projects must be the region's."""
    codes = [c.code for c in body.criteria]
    if len(set(codes)) != len(codes):
        raise DuplicateCriterion("A criterion code is used twice.", field="body.criteria", message="codes repeat")
    if body.deadline < today():
        raise DeadlineInPast("The deadline has already passed.", field="body.deadline", message="in the past")
    wanted = list(dict.fromkeys(body.project_ids))
    names = await _project_names(upstreams, body.region_code, wanted)
    rnd = ScoringRound(id=uuid.uuid4(), region_code=body.region_code, name=body.name, period=body.period,
                       deadline=body.deadline, criteria=[c.model_dump(mode="json") for c in body.criteria],
                       trim_each_end=body.trim_each_end, min_scorers_to_trim=body.min_scorers_to_trim,
                       created_by=principal.sub)
    scorers = {s.id: s.name for s in body.scorers}
    await repo.add_round(session, rnd, [
        ScoreSheet(id=uuid.uuid4(), round_id=rnd.id, scorer=sid, scorer_name=sname, project_id=pid,
                   project_name=names[str(pid)], criterion=c.code, route_order=stop)
        for sid, sname in scorers.items() for stop, pid in enumerate(wanted) for c in body.criteria])
    return rnd


async def fill(session: AsyncSession, sheet: ScoreSheet, score: Decimal) -> ScoreSheet:
    """A score within the criterion's range, on or before the round's deadline, while the scorer has not
    submitted the round (each score is kept as a draft until then)."""
    rnd = await repo.get_round(session, sheet.round_id)
    if sheet.submitted_at is not None:
        raise SheetSubmitted("The sheet was submitted and no longer changes.")
    if today() > rnd.deadline:
        raise DeadlinePassed(f"The round closed on {rnd.deadline}.")
    criterion = next(c for c in rnd.criteria if c["code"] == sheet.criterion)
    low, high = Decimal(criterion["min"]), Decimal(criterion["max"])
    if not low <= score <= high:
        msg = f"{criterion['name']} is scored from {fmt(low)} to {fmt(high)}."
        raise ScoreOutOfRange(msg, field="body.score")
    sheet.score = score
    sheet.scored_at = utcnow()
    await session.flush()
    return sheet


async def submit(session: AsyncSession, rnd: ScoringRound, scorer: str) -> tuple[int, datetime]:
    """The scorer's sheets of the round made final (提交): every one filled (422 ``sheets_unfilled`` naming each
    empty one), on or before the deadline. Submitting again answers the first submission (a retry on a bad
    network changes nothing). Returns (sheets, submitted_at)."""
    sheets = await repo.own_sheets(session, rnd.id, scorer)
    if not sheets:
        raise NotAScorer("The caller has no sheet in this round.")
    done = [s.submitted_at for s in sheets if s.submitted_at is not None]
    if len(done) == len(sheets):
        return len(sheets), min(done)
    if today() > rnd.deadline:
        raise DeadlinePassed(f"The round closed on {rnd.deadline}.")
    empty = [s for s in sheets if s.score is None]
    if empty:
        raise SheetsUnfilled(f"{len(empty)} sheets are still empty.", errors=[
            {"field": f"sheets.{s.id}", "message": f"{s.project_name} {s.criterion} not scored",
             "type": SheetsUnfilled.code} for s in empty])
    now = utcnow()
    for s in sheets:
        s.submitted_at = now
    await session.flush()
    return len(sheets), now


def etag(sheet: ScoreSheet) -> str:
    """A sheet's ETag, derived from what it holds (its score to 0.01, or none): the sheet has no version
    column, and only its score changes."""
    held = "none" if sheet.score is None else f"{q(Decimal(sheet.score)):f}"
    final = "final" if sheet.submitted_at is not None else "draft"
    return hashlib.sha256(f"{sheet.id}:{held}:{final}".encode()).hexdigest()[:16]


def out(rnd: ScoringRound) -> RoundOut:
    """The round as answered, its status by the business date (open through the deadline)."""
    view = RoundOut.model_validate(rnd)
    view.status = RoundStatus.open if today() <= rnd.deadline else RoundStatus.closed
    return view


def sheet_out(sheet: ScoreSheet) -> SheetOut:
    """The sheet as answered, with its ETag as the header carries it (quoted)."""
    view = SheetOut.model_validate(sheet)
    view.etag = etag_of(etag(sheet))
    return view
