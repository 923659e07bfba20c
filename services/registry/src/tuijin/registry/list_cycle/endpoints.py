"""Routes of the yearly list cycle (年度项目清单编制)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, RoleRequired, ensure_region, require_roles
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.registry.list_cycle import errors, service
from tuijin.registry.list_cycle import repository as repo
from tuijin.registry.list_cycle.enums import CycleStep
from tuijin.registry.list_cycle.models import ListCycle
from tuijin.registry.list_cycle.schemas import CycleIn, CycleOut, OverdueStepOut, StepCompletion
from tuijin.registry.organisation import service as organisation
from tuijin.registry.organisation.errors import RegionNotFound

router = APIRouter(prefix="/api/v1/list-cycles", tags=["list cycle"])

Reader = Annotated[Principal, Depends(require_roles(Role.office, Role.leader, Role.supervisor, Role.viewer))]


@router.post("", status_code=201, summary="Open the yearly list cycle",
             responses=problem_responses(RoleRequired, RegionNotFound, errors.ListCycleExists))
async def open_cycle(request: Request, etag: SendsETag, location: SendsLocation, body: CycleIn,
                     session: SessionDep, principal: CurrentPrincipal) -> CycleOut:
    """The office opens the calendar that builds ``target_year``'s key-project list (年度项目清单编制): six steps
    in the year before, each due as the region's ``list_cycle`` policy says (清水 default: the guide list by 8月31日,
    the reserve libraries by 9月10日, the joint review by 9月30日, the county government's approval by 10月20日, next
    year's list and the land demand list by 10月31日). One cycle per region and year: 409 ``list_cycle_exists``."""
    cycle = await service.open_cycle(session, body, principal)
    location(f"/api/v1/list-cycles/{cycle.id}")
    etag(cycle.version)
    cal = await request.app.state.calendar.get(session, cycle.region_code)
    return await service.to_out(session, cycle, cal)


@router.get("", summary="List a region's list cycles", responses=problem_responses(RegionNotFound))
async def region_cycles(request: Request, session: SessionDep, principal: Reader,
                        region_code: Annotated[str, Query(pattern=r"^\d{6}$")],
                        target_year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> list[CycleOut]:
    """The region's cycles with their steps, latest year first; ``target_year`` picks one year's.

    Bounded: one cycle per region and year, at most 100 (a century of yearly lists)."""
    ensure_region(principal, region_code)
    await organisation.get_region(session, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    return await service.list_cycles(session, region_code, target_year, cal)


@router.get("/overdue-steps", summary="Overdue steps of the list cycle", responses=problem_responses(RegionNotFound))
async def overdue_steps(request: Request, session: SessionDep, principal: Reader,
                        region_code: Annotated[str, Query(pattern=r"^\d{6}$")]) -> list[OverdueStepOut]:
    """The region's pending steps past their due day (moved off a non-working day as the policy says), earliest
    due first, each late by calendar and working days and naming what it waits for.

    Bounded: the pending steps of the region's cycles, at most 200 (a region opens one cycle of six steps a
    year)."""
    ensure_region(principal, region_code)
    await organisation.get_region(session, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    return await service.overdue_steps(session, region_code, cal)


async def _cycle(session: SessionDep, cycle_id: uuid.UUID, principal: Reader) -> ListCycle:
    cycle = await repo.cycle(session, cycle_id)
    if cycle is None or not principal.can_see_region(cycle.region_code):
        raise errors.ListCycleNotFound("No such list cycle.")
    return cycle


@router.get("/{cycle_id}", summary="Read a list cycle", responses=problem_responses(errors.ListCycleNotFound))
async def get_cycle(request: Request, etag: SendsETag, cycle_id: uuid.UUID, session: SessionDep,
                    principal: Reader) -> CycleOut:
    """The cycle with its six steps in order: due day, status, lateness, what each waits for, and for a done
    step who approved it, on which day, with what note. ETag for completing a step."""
    cycle = await _cycle(session, cycle_id, principal)
    etag(cycle.version)
    cal = await request.app.state.calendar.get(session, cycle.region_code)
    return await service.to_out(session, cycle, cal)


@router.post(
    "/{cycle_id}/steps/{step}/complete", summary="Complete a step of the list cycle",
    responses=problem_responses(RoleRequired, errors.ListCycleNotFound, errors.StepOutOfOrder,
                                errors.StepAlreadyDone, errors.DateInFuture),
)
async def complete_step(request: Request, if_match: IfMatchRequired, etag: SendsETag, cycle_id: uuid.UUID,
                        step: CycleStep, body: StepCompletion, session: SessionDep, principal: Reader) -> CycleOut:
    """The office records ``step`` done with who approved it, on which day and a note (If-Match: the cycle's
    ETag). Steps follow the seed's order: the reserve libraries after the guide list, the joint review after the
    libraries, the county's approval after the review, next year's list after the approval, the land demand list
    after the libraries; a step whose predecessors are not done is refused with 409
    ``list_cycle_step_out_of_order`` naming the ``step`` and what it is ``waiting_for``."""
    cycle = await _cycle(session, cycle_id, principal)
    if_match.check(cycle.version)
    await service.complete_step(session, cycle, step, body, principal)
    etag(cycle.version)
    cal = await request.app.state.calendar.get(session, cycle.region_code)
    return await service.to_out(session, cycle, cal)
