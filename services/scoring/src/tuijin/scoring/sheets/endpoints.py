"""Routes of observation scoring (观摩打分): rounds for the office, sheets for their scorers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.auth import CurrentPrincipal, Principal, Role
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.scoring.access import ensure_office_of, is_office_of
from tuijin.scoring.enums import RoundStatus
from tuijin.scoring.runs.compute import q
from tuijin.scoring.sheets import repository as repo
from tuijin.scoring.sheets import service
from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound
from tuijin.scoring.sheets.schemas import (
    ProgressOut,
    ProjectScore,
    RoundIn,
    RoundOut,
    ScoreIn,
    ScorerProgress,
    SheetOut,
)

rounds_router = APIRouter(prefix="/api/v1/scoring-rounds", tags=["scoring: observation"])
sheets_router = APIRouter(prefix="/api/v1/score-sheets", tags=["scoring: observation"])
READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, ServiceUnavailable)


def _out(rnd: ScoringRound) -> RoundOut:
    out = RoundOut.model_validate(rnd)
    out.status = RoundStatus.open if today() <= rnd.deadline else RoundStatus.closed
    return out


async def _round(session: SessionDep, round_id: uuid.UUID, principal: Principal) -> ScoringRound:
    rnd = await session.get(ScoringRound, round_id)
    if rnd is None or not principal.can_see_region(rnd.region_code):
        raise NotFound("No such observation round.", code="round_not_found")
    return rnd


async def _office_round(session: SessionDep, round_id: uuid.UUID, principal: Principal) -> ScoringRound:
    rnd = await _round(session, round_id, principal)
    ensure_office_of(principal, rnd.region_code)
    return rnd


@rounds_router.post("", status_code=201, summary="Open an observation round", responses=WRITE)
async def create_round(
    location: SendsLocation, body: RoundIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> RoundOut:
    """Hands one sheet per project per criterion to every scorer (leaders of the four bodies, heads of
    townships and departments), open until the deadline. The round's project scores feed the ``sheets``
    dimension of a scheme run for the same region and period. Office of the region only."""
    ensure_office_of(principal, body.region_code)
    rnd = await service.create_round(session, request.app.state.upstreams, body, principal)
    location(f"/api/v1/scoring-rounds/{rnd.id}")
    return _out(rnd)


@rounds_router.get("/{round_id}", summary="Read an observation round", responses=READ)
async def get_round(round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> RoundOut:
    """The round's criteria, deadline and trimming rule: for the office and the round's scorers."""
    rnd = await _round(session, round_id, principal)
    if not is_office_of(principal, rnd.region_code) and not await repo.is_scorer(session, rnd.id, principal.sub):
        raise NotFound("No such observation round.", code="round_not_found")
    return _out(rnd)


@rounds_router.get("/{round_id}/progress", summary="Who has not scored yet", responses=READ)
async def round_progress(round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ProgressOut:
    """Per scorer: sheets, filled, missing; and the names of those not done. Office only."""
    rnd = await _office_round(session, round_id, principal)
    rows = [ScorerProgress(scorer=s, scorer_name=n, sheets=c, filled=f, missing=c - f)
            for s, n, c, f in await repo.progress(session, rnd.id)]
    return ProgressOut(round_id=rnd.id, scorers=rows, not_done=[r.scorer_name for r in rows if r.missing])


@rounds_router.get("/{round_id}/scores", summary="Project scores of a round", responses=READ)
async def round_scores(round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> list[ProjectScore]:
    """Per project, best first: the sum over criteria of the trimmed mean of the filled sheets (the highest and
    lowest dropped when enough scorers scored), out of the sum of the criteria maxima. Office only."""
    rnd = await _office_round(session, round_id, principal)
    names = await repo.project_names(session, rnd.id)
    figures = await service.project_scores(session, rnd)
    rows = [ProjectScore(project_id=uuid.UUID(pid), project_name=names.get(pid, ""), score=q(v), out_of=q(m),
                         explanation=why) for pid, (v, m, why) in figures.items()]
    return sorted(rows, key=lambda r: (-r.score, r.project_name))


@sheets_router.get("", summary="My score sheets", responses=READ)
async def my_sheets(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
    round_id: Annotated[uuid.UUID | None, Query(description="one round; if omitted, every round still open")] = None,
    filled: Annotated[bool | None, Query(description="false: only the sheets still to fill (待打分)")] = None,
) -> Page[SheetOut]:
    """The caller's own sheets of a round, or of every round still open (a scorer never sees another scorer's
    sheets)."""
    if round_id is not None:
        rnd = await _round(session, round_id, principal)
        stmt = repo.own_sheets_query(rnd.id, principal.sub)
        if filled is not None:
            stmt = stmt.where(ScoreSheet.score.is_not(None) if filled else ScoreSheet.score.is_(None))
    else:
        stmt = repo.open_sheets_query(principal.sub, today(), filled=filled)
    rows, cursor = await paginate(session, stmt,
                                  order=[ScoreSheet.project_name, ScoreSheet.criterion, ScoreSheet.id], params=page)
    return Page(items=[SheetOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@sheets_router.put("/{sheet_id}", summary="Fill a score sheet", responses=WRITE)
async def fill_sheet(sheet_id: uuid.UUID, body: ScoreIn, session: SessionDep,
                     principal: CurrentPrincipal) -> SheetOut:
    """The scorer's score of one project on one criterion, within the criterion's range (422
    ``score_out_of_range``), on or before the deadline (409 ``deadline_passed``); may be changed until then.
    Only the sheet's own scorer (others get 404)."""
    sheet = await session.get(ScoreSheet, sheet_id)
    if sheet is None or sheet.scorer != principal.sub or not principal.has_any(Role.scorer, Role.leader, Role.unit,
                                                                                Role.office):
        raise NotFound("No such score sheet of yours.", code="sheet_not_found")
    rnd = await session.get(ScoringRound, sheet.round_id)
    service.fill(sheet, rnd, body.score)
    await session.flush()
    return SheetOut.model_validate(sheet)
