"""Procedure deadlines by level and the poverty-alleviation projects' completion day (栾川, seed 000).

二(二): "确保5月底前县内手续办理完毕，全部手续6月底前大头落地" — the county-level procedures (those whose type's
``approval_level`` is county) done by one day, and all of a project's procedures "mostly done" (大头落地: a share the
``procedure_deadlines`` policy sets, 80% by default, our choice) by another. 三(二): "确保易地扶贫搬迁、产业扶贫、
休闲农业乡村旅游精准扶贫等项目在6月底前全部完工" — a project flagged 扶贫项目 (``is_poverty_alleviation``) moved to
completed (竣工) by its day, read from its stage history.

A procedure's status is the one recorded now; ``on`` is the day judged (today by default), so that a procedure
still open is late once ``on`` is past its deadline. Not-needed procedures count neither as needed nor as done."""

from __future__ import annotations

import calendar as _calendar
import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import CurrentPrincipal, Principal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.policies import RegionCodePath
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.models import Project, StageChange, YearPlan
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.organisation.service import get_region
from tuijin.registry.policies import ProcedureDeadlines, load_policy
from tuijin.registry.policies.catalogue import StepDue
from tuijin.registry.procedures.enums import OPEN_STATUSES, ApprovalLevel, ProcedureStatus
from tuijin.registry.procedures.models import ProcedureType, ProjectProcedure
from tuijin.registry.procedures.schemas import LateProcedure, ProjectProcedureDeadlines
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.projects.enums import Stage

router = APIRouter(prefix="/api/v1/regions", tags=["procedures"])

COMPLETED = (Stage.completed.value, Stage.in_operation.value)
OPEN = tuple(s.value for s in OPEN_STATUSES)
HUNDRED = Decimal("100")


def day_of(step: StepDue | None, year: int) -> date | None:
    """The policy's day in ``year`` (past the month's end: its last day); None when the policy leaves it off."""
    if step is None:
        return None
    return date(year, step.month, min(step.day, _calendar.monthrange(year, step.month)[1]))


def share(done: int, needed: int) -> Decimal | None:
    """Procedures done ÷ needed in percent, two places (None when none is needed)."""
    if needed == 0:
        return None
    return (Decimal(done) * HUNDRED / Decimal(needed)).quantize(Decimal("0.01"))


async def _projects(session: AsyncSession, region_code: str, year: int, principal: Principal) -> list[Project]:
    """The region's projects on the year's list (a plan for the year, not moved out) that the caller may see."""
    stmt = (select(Project).join(YearPlan, YearPlan.project_id == Project.id)
            .where(Project.region_code == region_code, YearPlan.year == year, YearPlan.in_list.is_(True)))
    if (visibility := project_visibility(principal)) is not None:
        stmt = stmt.where(visibility)
    return list((await session.scalars(stmt.order_by(Project.code, Project.id))).all())


async def _procedures(session: AsyncSession, ids: list[uuid.UUID]) -> list[tuple[ProjectProcedure, ProcedureType]]:
    stmt = (select(ProjectProcedure, ProcedureType)
            .join(ProcedureType, ProcedureType.id == ProjectProcedure.procedure_type_id)
            .where(ProjectProcedure.project_id.in_(ids))
            .order_by(ProcedureType.sort_order, ProcedureType.code))
    return [(p, t) for p, t in (await session.execute(stmt)).all()]


async def _completed_on(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, date]:
    """The first day each project was moved to completed (or straight to in operation)."""
    stmt = (select(StageChange.project_id, func.min(StageChange.changed_on))
            .where(StageChange.project_id.in_(ids), StageChange.to_stage.in_(COMPLETED))
            .group_by(StageChange.project_id))
    return {pid: day for pid, day in (await session.execute(stmt)).all()}


async def procedure_deadlines(session: AsyncSession, region_code: str, year: int, on: date,
                              principal: Principal) -> list[ProjectProcedureDeadlines]:
    policy = await load_policy(session, region_code, year, ProcedureDeadlines)
    county_due, all_due = day_of(policy.county_by, year), day_of(policy.all_by, year)
    poverty_due = day_of(policy.poverty_completed_by, year)
    projects = await _projects(session, region_code, year, principal)
    ids = [p.id for p in projects]
    by_project: dict[uuid.UUID, list[tuple[ProjectProcedure, ProcedureType]]] = {}
    for proc, ptype in await _procedures(session, ids) if ids else []:
        by_project.setdefault(proc.project_id, []).append((proc, ptype))
    completed = await _completed_on(session, ids) if ids else {}
    rows: list[ProjectProcedureDeadlines] = []
    for p in projects:
        procs = by_project.get(p.id, [])
        needed = [(x, t) for x, t in procs if x.status != ProcedureStatus.not_needed.value]
        done = sum(1 for x, _ in needed if x.status == ProcedureStatus.done.value)
        done_share = share(done, len(needed))
        meets = done_share is None or done_share >= policy.all_share
        late = [] if county_due is None or on <= county_due else [
            LateProcedure(id=x.id, procedure_code=t.code, procedure_name=t.name, lead_unit_id=x.lead_unit_id,
                          status=x.status, deadline=x.deadline)
            for x, t in needed if t.approval_level == ApprovalLevel.county.value and x.status in OPEN]
        completed_on = completed.get(p.id)
        poverty_late = (p.is_poverty_alleviation and poverty_due is not None and on > poverty_due
                        and (completed_on is None or completed_on > poverty_due))
        rows.append(ProjectProcedureDeadlines(
            project_id=p.id, project_code=p.code, project_name=p.name, responsible_unit_id=p.responsible_unit_id,
            stage=p.stage, is_poverty_alleviation=p.is_poverty_alleviation, county_due=county_due,
            county_open_late=late, all_due=all_due, procedures_needed=len(needed), procedures_done=done,
            done_share=done_share, share_target=policy.all_share, meets_share_target=meets,
            behind_share_target=all_due is not None and on > all_due and not meets,
            poverty_due=poverty_due if p.is_poverty_alleviation else None, completed_on=completed_on,
            poverty_not_completed=poverty_late))
    return rows


@router.get("/{region_code}/procedure-deadlines", summary="Procedure deadlines by level and poverty projects",
            responses=problem_responses(RegionNotFound, RegionForbidden))
async def get_procedure_deadlines(
    region_code: RegionCodePath, session: SessionDep, principal: CurrentPrincipal,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="the list's year; on's year if omitted")] = None,
    on: Annotated[BusinessDate | None, Query(description="the day judged; today if omitted")] = None,
) -> list[ProjectProcedureDeadlines]:
    """Bounded: one line per project of the year's list (a county's list) that the caller may see, against the
    region's ``procedure_deadlines`` policy (栾川: "确保5月底前县内手续办理完毕，全部手续6月底前大头落地";
    "确保易地扶贫搬迁、产业扶贫、休闲农业乡村旅游精准扶贫等项目在6月底前全部完工"): the county-level procedures (by
    the procedure type's ``approval_level``) still open on ``on`` after the county deadline; the share of its
    procedures done (not-needed ones left out) against the 大头落地 share, and whether it is behind it past the
    deadline for all procedures; for a poverty-alleviation project (扶贫项目), whether it was not completed (竣工)
    by its day. Parts the policy leaves off (null days, the default) flag nothing."""
    ensure_region(principal, region_code)
    await get_region(session, region_code)
    day = on or today()
    return await procedure_deadlines(session, region_code, year if year is not None else day.year, day, principal)
