"""Rules of dynamic management (动态管理, 栾川 2018 (八)): a project that cannot proceed leaves the year's
list and a project of comparable investment enters, so that the list's count does not drop and its
quality does not fall. The request climbs the approval chain step by step — the region's ``swap_chain`` policy
when the request was made, stored on it — and only the final approval changes the list. Services never commit."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today, utcnow
from tuijin.registry.events import emit
from tuijin.registry.models import Project, YearPlan
from tuijin.registry.policies import SwapChain, SwapTolerance, load_policy
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.projects import service as core
from tuijin.registry.projects.enums import Stage
from tuijin.registry.reserve import repository as reserve_repo
from tuijin.registry.reserve.models import ReserveEntry
from tuijin.registry.reserve.service import mark_promoted_by_swap
from tuijin.registry.swaps import access, errors
from tuijin.registry.swaps import comparison as comparison_
from tuijin.registry.swaps import repository as repo
from tuijin.registry.swaps.comparison import compare
from tuijin.registry.swaps.enums import (
    BODY_STEPS,
    SWAP_CHAIN,
    SwapAction,
    SwapDecision,
    SwapStatus,
    SwapStep,
)
from tuijin.registry.swaps.models import ProjectSwap, ProjectSwapAction
from tuijin.registry.swaps.schemas import (
    SwapActionOut,
    SwapDecisionIn,
    SwapIn,
    SwapOut,
    SwapProject,
    SwapSummary,
    WithdrawalIn,
)

FINISHED = {Stage.completed, Stage.in_operation}


# ---------------------------------------------------------------- views


async def to_summaries(session: AsyncSession, swaps: list[ProjectSwap]) -> list[SwapSummary]:
    """Views of many swaps: one query for their projects, one per (region, year) policy."""
    projects = await repo.projects_by_id(
        session, {s.out_project_id for s in swaps} | {s.replacement_project_id for s in swaps}
    )
    tolerances: dict[tuple[str, int], SwapTolerance] = {}
    out = []
    for s in swaps:
        key = (s.region_code, s.year)
        if key not in tolerances:
            tolerances[key] = await load_policy(session, s.region_code, s.year, SwapTolerance)
        comparison = compare(
            tolerances[key],
            s.out_total_investment,
            s.replacement_total_investment,
            s.out_planned_investment,
            s.replacement_planned_investment,
        )
        out.append(
            SwapSummary.model_validate(
                {
                    **{c: getattr(s, c) for c in SwapSummary.model_fields if hasattr(s, c)},
                    "chain": chain_of(s),
                    "out_project": SwapProject.model_validate(projects[s.out_project_id]),
                    "replacement_project": SwapProject.model_validate(projects[s.replacement_project_id]),
                    "comparison": comparison,
                }
            )
        )
    return out


async def to_out(session: AsyncSession, swap: ProjectSwap) -> SwapOut:
    summary = (await to_summaries(session, [swap]))[0]
    history = [SwapActionOut.model_validate(a) for a in await repo.history(session, swap.id)]
    return SwapOut(**summary.model_dump(), history=history)


# ---------------------------------------------------------------- requesting


async def _project_ref(session: AsyncSession, project_id: uuid.UUID, field: str, principal: Principal,
                       region_code: str | None = None) -> Project:
    project = await repo.project(session, project_id)
    if project is None or not principal.can_see_region(project.region_code):
        raise errors.InvalidReference(f"No project {project_id}.", field=field)
    if region_code is not None and project.region_code != region_code:
        raise errors.OtherRegion("The replacement belongs to another region.", field=field)
    return project


async def _parties(session: AsyncSession, body: SwapIn, principal: Principal) -> tuple[Project, Project]:
    """The project moved out (its requester must be the office or its unit) and the replacement."""
    out = await _project_ref(session, body.out_project_id, "body.out_project_id", principal)
    if not (access.is_office(principal, out.region_code) or access.is_project_unit(principal, out)):
        raise errors.SwapRequesterForbidden(
            "A swap is requested by the office or by the responsible unit of the project moved out."
        )
    replacement = await _project_ref(
        session, body.replacement_project_id, "body.replacement_project_id", principal, out.region_code
    )
    if replacement.id == out.id:
        raise errors.SameProject("A project cannot replace itself.", field="body.replacement_project_id")
    return out, replacement


async def _out_plan(session: AsyncSession, out: Project, year: int) -> YearPlan:
    """The plan of the project moved out: on the year's list, with a leader post for the chain."""
    out_plan = await core_repo.year_plan(session, out.id, year)
    if out_plan is None or not out_plan.in_list:
        raise errors.NotInYearList(f"{out.code} is not on the {year} list.", field="body.out_project_id")
    if out.leader_post_id is None:
        raise errors.NoLeaderPost(
            f"{out.code} has no responsible leader post; the approval chain needs its leader.",
            field="body.out_project_id",
        )
    return out_plan


async def _replacement_source(
    session: AsyncSession, replacement: Project, year: int
) -> tuple[ReserveEntry | None, YearPlan | None]:
    """The replacement may enter: not on the list, not finished, and at stage 储备 only from the library.
    Returns its reserve entry (if any) and its plan of the year (if any)."""
    field = "body.replacement_project_id"
    replacement_plan = await core_repo.year_plan(session, replacement.id, year)
    if replacement_plan is not None and replacement_plan.in_list:
        raise errors.ReplacementInYearList(f"{replacement.code} is already on the {year} list.", field=field)
    if Stage(replacement.stage) in FINISHED:
        raise errors.ReplacementFinishedField(
            f"{replacement.code} is {Stage(replacement.stage).label}; a finished project cannot enter the list.",
            field=field,
        )
    entry = None
    if replacement.stage == Stage.reserve:
        entry = await reserve_repo.in_reserve_entry_of(session, replacement.id)
        if entry is None:
            raise errors.NotInReserveLibrary(
                f"{replacement.code} is at stage 储备 but not in the reserve library.", field=field
            )
    return entry, replacement_plan


def _entry_terms(body: SwapIn, replacement: Project, entry: ReserveEntry | None, replacement_plan: YearPlan | None,
                 year: int) -> tuple[str | None, Decimal]:
    """The stage a reserve replacement enters with, and the replacement's planned investment for the year."""
    replacement_stage = None
    if entry is not None:
        replacement_stage = body.replacement_stage or Stage.new_start.value
    elif body.replacement_stage is not None:
        raise errors.NotApplicable(
            "Only a reserve replacement changes stage on entering the list.", field="body.replacement_stage"
        )
    planned = body.replacement_planned_investment
    if planned is None:
        planned = entry.planned_first_year if entry else (replacement_plan.planned_investment if replacement_plan
                                                         else None)
    if planned is None:
        raise errors.Missing(
            f"{replacement.code} has no plan for {year}: give its planned investment.",
            field="body.replacement_planned_investment",
        )
    return replacement_stage, planned


async def request_swap(session: AsyncSession, body: SwapIn, principal: Principal) -> ProjectSwap:
    """Open a request (the office, or the responsible or owner unit of the project moved out). The
    project must be on the year's list and have a leader post (the chain needs its leader); the
    replacement must not be on the list, be comparable in investment, and come from the reserve
    library (stage 储备 with an entry in the library) or be a candidate not finished yet."""
    year = body.year or today().year
    if year < today().year:
        raise errors.YearInPast(
            f"The {year} list is closed; swaps change this year's list or a later one.", field="body.year"
        )
    out, replacement = await _parties(session, body, principal)
    await repo.lock_projects(session, [out.id, replacement.id])
    out_plan = await _out_plan(session, out, year)
    entry, replacement_plan = await _replacement_source(session, replacement, year)
    replacement_stage, planned = _entry_terms(body, replacement, entry, replacement_plan, year)
    if replacement_stage is not None:
        await core.ensure_stage_used(session, out.region_code, Stage(replacement_stage), "body.replacement_stage")
    if await repo.pending_swap_touching(session, year, [out.id, replacement.id]):
        raise errors.SwapPending("A pending swap already moves one of these projects.")
    tolerance = await load_policy(session, out.region_code, year, SwapTolerance)
    comparison = compare(tolerance, out.total_investment, replacement.total_investment, out_plan.planned_investment,
                         planned)
    if not comparison.passed:
        raise comparison_.not_comparable(comparison)
    chain = (await load_policy(session, out.region_code, year, SwapChain)).steps
    swap = ProjectSwap(
        region_code=out.region_code,
        year=year,
        out_project_id=out.id,
        replacement_project_id=replacement.id,
        reason=body.reason.strip(),
        replacement_stage=replacement_stage,
        out_total_investment=out.total_investment,
        out_planned_investment=out_plan.planned_investment,
        replacement_total_investment=replacement.total_investment,
        replacement_planned_investment=planned,
        status=SwapStatus.pending.value,
        chain=[step.value for step in chain],
        current_step=chain[0].value,
        requested_by=principal.sub,
    )
    session.add(swap)
    await session.flush()
    role = Role.office.value if access.is_office(principal, out.region_code) else Role.unit.value
    await _record(session, swap, SwapAction.submitted, None, principal, role, comment=body.reason.strip())
    return swap


async def _record(session: AsyncSession, swap: ProjectSwap, action: SwapAction, step: SwapStep | None,
                  principal: Principal, role: str, *, comment: str = "", document_number: str = "",
                  decided_on=None) -> None:
    session.add(
        ProjectSwapAction(
            swap_id=swap.id,
            seq=await repo.next_seq(session, swap.id),
            action=action.value,
            step=step.value if step else None,
            actor=principal.sub,
            actor_role=role,
            actor_unit_id=principal.unit_id,
            actor_person_id=principal.person_id,
            document_number=document_number,
            decided_on=decided_on,
            comment=comment,
            recorded_at=utcnow(),
        )
    )
    await session.flush()


# ---------------------------------------------------------------- deciding


def _ensure_pending(swap: ProjectSwap) -> None:
    if swap.status != SwapStatus.pending:
        raise errors.SwapClosed(
            f"The request is closed ({SwapStatus(swap.status).label}); nothing more can be decided."
        )


def chain_of(swap: ProjectSwap) -> list[SwapStep]:
    """The steps of the request's chain, in order (栾川's for a request stored without one)."""
    return [SwapStep(step) for step in swap.chain] if swap.chain else list(SWAP_CHAIN)


async def decide(session: AsyncSession, swap: ProjectSwap, body: SwapDecisionIn, principal: Principal) -> None:
    """Decide the step the request waits for. A step that is not in the request's chain is refused (422 naming
    ``body.step``); one before its turn, or one already decided, is refused (409); a refusal closes the request
    with nothing changed; the approval of the chain's last step (栾川: the people's congress standing committee)
    applies the swap."""
    _ensure_pending(swap)
    chain = chain_of(swap)
    if body.step not in chain:
        raise errors.StepNotInChain(
            f"Step {body.step.value} ({body.step.label}) is not in this request's approval chain: "
            f"{', '.join(step.value for step in chain)}.", field="body.step",
        )
    out = await core.get_project(session, swap.out_project_id)
    role = await access.ensure_may_decide(session, principal, swap, out, body.step)
    current = SwapStep(swap.current_step)
    if body.step != current:
        if chain.index(body.step) > chain.index(current):
            raise errors.StepOutOfOrder(
                f"The request waits for step {current.value} ({current.label}); step {body.step.value} "
                f"({body.step.label}) cannot decide before it.",
                current_step=current.value,
            )
        raise errors.StepAlreadyDecided(
            f"Step {body.step.value} ({body.step.label}) has been decided already; the request waits for "
            f"{current.value} ({current.label}).",
            current_step=current.value,
        )
    document_number = (body.document_number or "").strip()
    if body.step in BODY_STEPS and not document_number:
        raise errors.Missing(
            f"The decision of {body.step.label} is recorded with its document number.", field="body.document_number"
        )
    comment = body.comment.strip()
    if body.decision == SwapDecision.refuse and not comment:
        raise errors.Missing("A refusal gives its reason.", field="body.comment")
    decided_on = (body.decided_on or today()) if body.step in BODY_STEPS else body.decided_on
    last = body.step == chain[-1]
    if body.decision == SwapDecision.approve and last:
        await _apply(session, swap, out, principal)
    action = SwapAction.approved if body.decision == SwapDecision.approve else SwapAction.refused
    await _record(session, swap, action, body.step, principal, role, comment=comment,
                  document_number=document_number, decided_on=decided_on)
    if body.decision == SwapDecision.refuse:
        _close(swap, SwapStatus.refused)
    elif last:
        _close(swap, SwapStatus.approved)
    else:
        swap.current_step = chain[chain.index(current) + 1].value
        swap.updated_at = utcnow()
    await session.flush()


def _close(swap: ProjectSwap, status: SwapStatus) -> None:
    swap.status = status.value
    swap.current_step = None
    swap.closed_at = utcnow()
    swap.updated_at = swap.closed_at


async def _recheck(
    session: AsyncSession, swap: ProjectSwap, out: Project, replacement: Project
) -> tuple[YearPlan, YearPlan | None, ReserveEntry | None]:
    """The figures of the final approval, as they are now: the project moved out still on the list, the
    replacement still off it, unfinished, in the library if at stage 储备, and comparable."""
    out_plan = await core_repo.year_plan(session, out.id, swap.year)
    if out_plan is None or not out_plan.in_list:
        raise errors.NoLongerInYearList(f"{out.code} is no longer on the {swap.year} list.")
    replacement_plan = await core_repo.year_plan(session, replacement.id, swap.year)
    if replacement_plan is not None and replacement_plan.in_list:
        raise errors.AlreadyInYearList(f"{replacement.code} is already on the {swap.year} list.")
    if Stage(replacement.stage) in FINISHED:
        raise errors.ReplacementFinished(f"{replacement.code} is {Stage(replacement.stage).label}.")
    entry = None
    if replacement.stage == Stage.reserve:
        entry = await reserve_repo.in_reserve_entry_of(session, replacement.id)
        if entry is None:
            raise errors.ReplacementLeftReserve(f"{replacement.code} has left the reserve library.")
    tolerance = await load_policy(session, swap.region_code, swap.year, SwapTolerance)
    comparison = compare(tolerance, out.total_investment, replacement.total_investment, out_plan.planned_investment,
                         swap.replacement_planned_investment)
    if not comparison.passed:
        raise comparison_.not_comparable(comparison)
    return out_plan, replacement_plan, entry


async def _apply(session: AsyncSession, swap: ProjectSwap, out: Project, principal: Principal) -> None:
    """The final approval: the project moved out leaves the year's list (its plan stays, marked
    ``in_list`` false), the replacement enters with its plan (a reserve one also moves stage and leaves
    the library), so the list keeps its count. The figures are checked again as they are now."""
    replacement = await core.get_project(session, swap.replacement_project_id)
    out_plan, replacement_plan, entry = await _recheck(session, swap, out, replacement)
    swap.out_total_investment = out.total_investment
    swap.out_planned_investment = out_plan.planned_investment
    swap.replacement_total_investment = replacement.total_investment

    out_plan.in_list = False
    if entry is not None:
        to_stage = Stage(swap.replacement_stage or Stage.new_start.value)
        await core.change_stage(
            session, replacement, to_stage, f"动态管理：调入{swap.year}年重点项目清单，替换 {out.code}", None, principal
        )
        mark_promoted_by_swap(entry, swap.year, to_stage, principal)
    if replacement_plan is not None:
        replacement_plan.in_list = True
        replacement_plan.planned_investment = swap.replacement_planned_investment
    else:
        session.add(
            YearPlan(
                project_id=replacement.id,
                region_code=replacement.region_code,
                year=swap.year,
                planned_investment=swap.replacement_planned_investment,
            )
        )
    await session.flush()
    await emit(
        session,
        "project.swapped",
        {
            "swap_id": str(swap.id),
            "region_code": swap.region_code,
            "year": swap.year,
            "out_project_id": str(out.id),
            "out_code": out.code,
            "in_project_id": str(replacement.id),
            "in_code": replacement.code,
            "reason": swap.reason,
        },
        swap.region_code,
    )


async def withdraw(session: AsyncSession, swap: ProjectSwap, body: WithdrawalIn, principal: Principal) -> None:
    """The office or the project's responsible unit withdraws a pending request; nothing changes."""
    _ensure_pending(swap)
    out = await core.get_project(session, swap.out_project_id)
    if access.is_office(principal, swap.region_code):
        role = Role.office.value
    elif access.is_project_unit(principal, out):
        role = Role.unit.value
    else:
        raise errors.SwapRequesterForbidden(
            "A request is withdrawn by the office or by the responsible unit of the project moved out."
        )
    await _record(session, swap, SwapAction.withdrawn, SwapStep(swap.current_step), principal, role,
                  comment=body.comment.strip())
    _close(swap, SwapStatus.withdrawn)
    await session.flush()
