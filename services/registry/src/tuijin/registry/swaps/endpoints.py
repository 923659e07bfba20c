"""Routes of dynamic management (动态管理): swap requests and their approval chain."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.public.errors import ProjectNotFound
from tuijin.registry.swaps import errors, service
from tuijin.registry.swaps import repository as repo
from tuijin.registry.swaps.enums import SwapStatus, SwapStep
from tuijin.registry.swaps.models import ProjectSwap
from tuijin.registry.swaps.schemas import SwapDecisionIn, SwapIn, SwapOut, SwapSummary, WithdrawalIn

router = APIRouter(prefix="/api/v1/project-swaps", tags=["dynamic management"])



@router.post("", status_code=201, summary="Request a swap (动态管理)",
             responses=problem_responses(*errors.REQUEST_PROBLEMS))
async def request_swap(
    location: SendsLocation, body: SwapIn, session: SessionDep, principal: CurrentPrincipal
) -> SwapOut:
    """Ask to move a project that cannot proceed out of the year's list, with the reason, and a
    replacement of comparable investment in (the tolerance is the region's ``swap_tolerance`` policy,
    default ±30% of total investment; a replacement outside it is refused with the numbers). The
    replacement comes from the reserve library or is a candidate of the region not on the list. The
    request then waits for the chain: responsible unit → responsible leader → office filing (备案) →
    county committee and government → people's congress standing committee. Nothing changes until the
    last approval. Requested by the office or the project's responsible (or owner) unit."""
    swap = await service.request_swap(session, body, principal)
    location(f"/api/v1/project-swaps/{swap.id}")
    return await service.to_out(session, swap)


@router.get("", summary="List swap requests")
async def list_swaps(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    status: SwapStatus | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    current_step: Annotated[SwapStep | None, Query(description="pending requests waiting for this step")] = None,
    project_id: Annotated[uuid.UUID | None, Query(description="moved out or in")] = None,
) -> Page[SwapSummary]:
    """Swap requests the caller may see (those of projects it sees), newest first, by status, year and
    waiting step; keyset-paginated."""
    filters = repo.SwapFilters(
        region_code=region_code,
        status=status.value if status else None,
        year=year,
        current_step=current_step.value if current_step else None,
        project_id=project_id,
    )
    stmt = repo.swap_list_query(filters, repo.swap_visibility(principal))
    rows, cursor = await paginate(
        session, stmt, order=[ProjectSwap.created_at, ProjectSwap.id], params=page, descending=True
    )
    return Page(items=await service.to_summaries(session, list(rows)), next_cursor=cursor, limit=page.limit)


async def _swap(session: SessionDep, swap_id: uuid.UUID, principal: CurrentPrincipal, *, for_update: bool = False
                ) -> ProjectSwap:
    swap = await repo.visible_swap(session, swap_id, repo.swap_visibility(principal), for_update=for_update)
    if swap is None:
        raise errors.SwapNotFound("No such swap request.")
    return swap


@router.get("/{swap_id}", summary="Read a swap request with its history",
            responses=problem_responses(errors.SwapNotFound))
async def get_swap(swap_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SwapOut:
    """The request, the comparison of the two projects' investment, the step it waits for and its
    append-only history (who, when, decision, comment, document number)."""
    return await service.to_out(session, await _swap(session, swap_id, principal))


@router.post("/{swap_id}/decisions", summary="Decide a step of the approval chain",
             responses=problem_responses(*errors.DECIDE_PROBLEMS, ProjectNotFound))
async def decide(
    swap_id: uuid.UUID, body: SwapDecisionIn, session: SessionDep, principal: CurrentPrincipal
) -> SwapOut:
    """Approve or refuse the step the request waits for. Each step has its decider: ``unit`` the
    project's responsible (or owner) unit, ``leader`` the holder of its leader post, ``office_filing``
    the office, ``county_committee`` and ``congress`` the office recording the body's decision with its
    document number. Another role is refused (403 ``step_role_required``); a later step before an
    earlier one (409 ``step_out_of_order``) or a step decided already (409 ``step_already_decided``) too.
    A refusal (with its reason) closes the request and changes nothing; the approval of ``congress``
    applies the swap: the project moved out leaves the list (its year plan is kept with ``in_list``
    false), the replacement enters with its plan, and ``project.swapped`` is published."""
    swap = await _swap(session, swap_id, principal, for_update=True)
    await service.decide(session, swap, body, principal)
    return await service.to_out(session, swap)


@router.post("/{swap_id}/withdrawal", summary="Withdraw a swap request",
             responses=problem_responses(*errors.WITHDRAW_PROBLEMS, ProjectNotFound))
async def withdraw(
    swap_id: uuid.UUID, body: WithdrawalIn, session: SessionDep, principal: CurrentPrincipal
) -> SwapOut:
    """The office or the project's responsible unit withdraws a pending request; nothing changes."""
    swap = await _swap(session, swap_id, principal, for_update=True)
    await service.withdraw(session, swap, body, principal)
    return await service.to_out(session, swap)
