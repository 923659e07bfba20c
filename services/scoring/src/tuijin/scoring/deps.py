"""The records a route may act on, as FastAPI dependencies: each exists and the caller may see it, else 404
(never a hint that another region's record exists), or 403 for a draft run read by someone not of the office.
Shared query parameters of the routes are here too."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from tuijin.kernel.auth import CurrentPrincipal, Role
from tuijin.kernel.db import SessionDep
from tuijin.kernel.scope import visible
from tuijin.scoring.access import ensure_office_of, is_office_of
from tuijin.scoring.runs import repository as runs_repo
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.errors import DraftNotVisible, RunNotFound
from tuijin.scoring.runs.models import Run
from tuijin.scoring.schemes import service as schemes
from tuijin.scoring.schemes.models import Scheme
from tuijin.scoring.sheets import repository as sheets_repo
from tuijin.scoring.sheets.errors import RoundNotFound, SheetNotFound
from tuijin.scoring.sheets.models import ScoreSheet, ScoringRound

RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", description="行政区划代码 of the region", examples=["410324"])]
SHEET_ROLES = (Role.scorer, Role.leader, Role.unit, Role.office)


async def visible_scheme(scheme_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Scheme:
    """The scheme, if the caller sees its region (everyone in the region reads schemes)."""
    return await schemes.get_scheme(session, scheme_id, principal)


async def visible_run(run_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Run:
    """A run the caller may read: published ones for everyone in the region, drafts for the office only."""
    run = await runs_repo.get(session, run_id)
    if run is None or not principal.can_see_region(run.region_code):
        raise RunNotFound("No such scoring run.")
    if run.status != RunStatus.published.value and not principal.has_any(Role.office):
        raise DraftNotVisible("Only the office reads a draft run.")
    return run


async def visible_round(round_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ScoringRound:
    """A round of a region the caller sees."""
    rnd = await sheets_repo.get_round(session, round_id)
    if rnd is None or not visible(principal, rnd.region_code):
        raise RoundNotFound("No such observation round.")
    return rnd


async def office_round(rnd: Annotated[ScoringRound, Depends(visible_round)],
                       principal: CurrentPrincipal) -> ScoringRound:
    """A round the caller runs: the office of its region (403 ``role_required`` / ``region_forbidden``)."""
    ensure_office_of(principal, rnd.region_code)
    return rnd


async def scored_round(rnd: Annotated[ScoringRound, Depends(visible_round)], session: SessionDep,
                       principal: CurrentPrincipal) -> ScoringRound:
    """A round the caller runs or scores in (others: 404 as for a missing round)."""
    if not is_office_of(principal, rnd.region_code) and not await sheets_repo.is_scorer(session, rnd.id,
                                                                                         principal.sub):
        raise RoundNotFound("No such observation round.")
    return rnd


async def own_sheet(sheet_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ScoreSheet:
    """One of the caller's own sheets (another scorer's is answered as missing)."""
    sheet = await sheets_repo.get_sheet(session, sheet_id)
    if sheet is None or sheet.scorer != principal.sub or not principal.has_any(*SHEET_ROLES):
        raise SheetNotFound("No such score sheet of yours.")
    return sheet


VisibleScheme = Annotated[Scheme, Depends(visible_scheme)]
VisibleRun = Annotated[Run, Depends(visible_run)]
VisibleRound = Annotated[ScoringRound, Depends(visible_round)]
OfficeRound = Annotated[ScoringRound, Depends(office_round)]
ScoredRound = Annotated[ScoringRound, Depends(scored_round)]
OwnSheet = Annotated[ScoreSheet, Depends(own_sheet)]
