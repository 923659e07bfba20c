"""Routes of observation scoring (观摩打分): rounds for the office, sheets for their scorers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import BadGateway, GatewayTimeout, ServiceUnavailable, problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.scoring import deps
from tuijin.scoring.access import RoleRequired, ensure_office_of
from tuijin.scoring.deps import OfficeRound, OwnSheet, ScoredRound
from tuijin.scoring.runs.compute import q
from tuijin.scoring.sheets import repository as repo
from tuijin.scoring.sheets import service
from tuijin.scoring.sheets.errors import (
    DeadlineInPast,
    DeadlinePassed,
    DuplicateCriterion,
    NotAScorer,
    RoundNotFound,
    ScoreOutOfRange,
    SheetNotFound,
    SheetSubmitted,
    SheetsUnfilled,
    UnknownProject,
)
from tuijin.scoring.sheets.models import ScoreSheet
from tuijin.scoring.sheets.schemas import (
    ProgressOut,
    ProjectScore,
    RoundIn,
    RoundOut,
    ScoreIn,
    ScorerProgress,
    SheetOut,
    SubmissionOut,
)

rounds_router = APIRouter(prefix="/api/v1/scoring-rounds", tags=["scoring: observation"])
sheets_router = APIRouter(prefix="/api/v1/score-sheets", tags=["scoring: observation"])
UPSTREAM = (BadGateway, ServiceUnavailable, GatewayTimeout)


@rounds_router.post("", status_code=201, summary="Open an observation round", responses=problem_responses(
        RoleRequired, DuplicateCriterion, DeadlineInPast, UnknownProject, *UPSTREAM))
async def create_round(
    location: SendsLocation, body: RoundIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> RoundOut:
    """Hands one sheet per project per criterion to every scorer (leaders of the four bodies, heads of
    townships and departments), open until the deadline. The round's project scores feed the ``sheets``
    dimension of a scheme run for the same region and period. Office of the region only."""
    ensure_office_of(principal, body.region_code)
    rnd = await service.create_round(session, request.app.state.upstreams, body, principal)
    location(f"/api/v1/scoring-rounds/{rnd.id}")
    return service.out(rnd)


@rounds_router.get("/{round_id}", summary="Read an observation round", responses=problem_responses(RoundNotFound))
async def get_round(rnd: ScoredRound) -> RoundOut:
    """The round's criteria, deadline and trimming rule: for the office and the round's scorers."""
    return service.out(rnd)


@rounds_router.get("/{round_id}/progress", summary="Who has not scored yet",
                   responses=problem_responses(RoundNotFound, RoleRequired))
async def round_progress(rnd: OfficeRound, session: SessionDep) -> ProgressOut:
    """Per scorer: sheets, filled, missing; and the names of those not done. Office only."""
    rows = [ScorerProgress(scorer=s, scorer_name=n, sheets=c, filled=f, missing=c - f)
            for s, n, c, f in await repo.progress(session, rnd.id)]
    return ProgressOut(round_id=rnd.id, scorers=rows, not_done=[r.scorer_name for r in rows if r.missing])


@rounds_router.get("/{round_id}/scores", summary="Project scores of a round",
                   responses=problem_responses(RoundNotFound, RoleRequired))
async def round_scores(rnd: OfficeRound, session: SessionDep) -> list[ProjectScore]:
    """Per project, best first: the sum over criteria of the trimmed mean of the filled sheets (the highest and
    lowest dropped when enough scorers scored), out of the sum of the criteria maxima. Office only.

    Bounded: one row per project of the round (at most 500, the most a round may name)."""
    names = await repo.project_names(session, rnd.id)
    figures = await service.project_scores(session, rnd)
    rows = [ProjectScore(project_id=uuid.UUID(pid), project_name=names.get(pid, ""), score=q(v), out_of=q(m),
                         explanation=why) for pid, (v, m, why) in figures.items()]
    return sorted(rows, key=lambda r: (-r.score, r.project_name))


@rounds_router.post("/{round_id}/submission", summary="Submit my score sheets of a round",
                    responses=problem_responses(RoundNotFound, NotAScorer, SheetsUnfilled, DeadlinePassed))
async def submit_sheets(rnd: ScoredRound, session: SessionDep, principal: CurrentPrincipal) -> SubmissionOut:
    """The caller's sheets of the round become final (提交评分): until then every score is a draft the scorer may
    change; after it none changes (409 ``sheet_submitted`` on a fill). Every sheet must be filled (422
    ``sheets_unfilled``, ``errors`` naming each empty sheet), on or before the deadline (409
    ``deadline_passed``). Only the round's scorers (403 ``not_a_scorer`` for the office, which has no sheet).
    Submitting again answers the first submission, so a retry on a bad network is safe."""
    count, at = await service.submit(session, rnd, principal.sub)
    return SubmissionOut(round_id=rnd.id, scorer=principal.sub, sheets=count, submitted_at=at)


@sheets_router.get("", summary="My score sheets", responses=problem_responses(RoundNotFound))
async def my_sheets(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
    round_id: Annotated[uuid.UUID | None, Query(description="one round; if omitted, every round still open")] = None,
    filled: Annotated[bool | None, Query(description="false: only the sheets still to fill (待打分)")] = None,
) -> Page[SheetOut]:
    """The caller's own sheets of a round, or of every round still open (a scorer never sees another scorer's
    sheets), in the observation route's order (``route_order``, the order the round named its projects), then
    by criterion. Each carries its ``etag``, to send as ``If-Match`` when filling it, and ``submitted_at`` once
    the scorer submitted the round."""
    if round_id is not None:
        rnd = await deps.visible_round(round_id, session, principal)
        stmt = repo.own_sheets_query(rnd.id, principal.sub, filled=filled)
    else:
        stmt = repo.open_sheets_query(principal.sub, today(), filled=filled)
    rows, cursor = await paginate(session, stmt,
                                  order=[ScoreSheet.route_order, ScoreSheet.criterion, ScoreSheet.id], params=page)
    return Page(items=[service.sheet_out(r) for r in rows], next_cursor=cursor, limit=page.limit)


@sheets_router.get("/{sheet_id}", summary="Read one of my score sheets", responses=problem_responses(SheetNotFound))
async def get_sheet(etag: SendsETag, sheet: OwnSheet) -> SheetOut:
    """One of the caller's own sheets, with its ``ETag`` (others get 404)."""
    etag(service.etag(sheet))
    return service.sheet_out(sheet)


@sheets_router.put("/{sheet_id}", summary="Fill a score sheet", responses=problem_responses(
        SheetNotFound, DeadlinePassed, ScoreOutOfRange, SheetSubmitted))
async def fill_sheet(if_match: IfMatchRequired, etag: SendsETag, sheet: OwnSheet, body: ScoreIn,
                     session: SessionDep) -> SheetOut:
    """The scorer's score of one project on one criterion, within the criterion's range (422
    ``score_out_of_range``), on or before the deadline (409 ``deadline_passed``); saved as a draft that may be
    changed until the scorer submits the round's sheets (then 409 ``sheet_submitted``) or the deadline passes.
    Only the sheet's own scorer (others get 404). ``If-Match`` with the sheet's ``ETag`` (from the list or a
    read) is required: 428 without it, 412 ``stale_etag`` when the sheet was filled since (another tab)."""
    if_match.check(service.etag(sheet))
    await service.fill(session, sheet, body.score)
    etag(service.etag(sheet))
    return service.sheet_out(sheet)
