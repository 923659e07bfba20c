"""Queries of the registry (services hold the rules; every query lives here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.clock import today
from tuijin.kernel.validation import LIKE_ESCAPE, like_contains
from tuijin.registry.enums import ListTier
from tuijin.registry.lights.models import WarningLight
from tuijin.registry.models import (
    Person,
    Post,
    PostHolding,
    Project,
    ProjectCoUnit,
    StageChange,
    TeamMember,
    YearPlan,
)
from tuijin.registry.nodes.models import Milestone
from tuijin.registry.nodes.repository import overdue_clause as milestone_overdue
from tuijin.registry.policies import TierThresholds
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.procedures.repository import overdue_clause as procedure_overdue


@dataclass
class ProjectFilters:
    region_code: str | None = None
    year: int | None = None
    tier: str | None = None
    tier_thresholds: TierThresholds | None = None
    light_colour: str | None = None
    light_kind: str | None = None
    overdue: bool | None = None
    overdue_on: date | None = None
    stage: str | None = None
    system_id: uuid.UUID | None = None
    leader_post_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    township_unit_id: uuid.UUID | None = None
    is_poverty_alleviation: bool | None = None
    q: str | None = None


def project_list_query(filters: ProjectFilters, visibility) -> Select:
    stmt = select(Project)
    if visibility is not None:
        stmt = stmt.where(visibility)
    f = filters
    if f.region_code:
        stmt = stmt.where(Project.region_code == f.region_code)
    if f.stage:
        stmt = stmt.where(Project.stage == f.stage)
    if f.system_id:
        stmt = stmt.where(Project.system_id == f.system_id)
    if f.leader_post_id:
        stmt = stmt.where(Project.leader_post_id == f.leader_post_id)
    if f.township_unit_id:
        stmt = stmt.where(Project.township_unit_id == f.township_unit_id)
    if f.is_poverty_alleviation is not None:
        stmt = stmt.where(Project.is_poverty_alleviation.is_(f.is_poverty_alleviation))
    if f.unit_id:
        co = select(ProjectCoUnit.project_id).where(ProjectCoUnit.unit_id == f.unit_id)
        stmt = stmt.where(
            or_(Project.responsible_unit_id == f.unit_id, Project.owner_unit_id == f.unit_id, Project.id.in_(co))
        )
    if f.year is not None:
        stmt = stmt.where(
            exists(
                select(YearPlan.id).where(
                    YearPlan.project_id == Project.id, YearPlan.year == f.year, YearPlan.in_list.is_(True)
                )
            )
        )
    if f.tier and f.tier_thresholds is not None:
        stmt = stmt.where(effective_tier(f.tier_thresholds, f.year) == f.tier)
    if f.light_colour:
        light = select(WarningLight.id).where(
            WarningLight.project_id == Project.id, WarningLight.colour == f.light_colour
        )
        if f.light_kind:
            light = light.where(WarningLight.kind == f.light_kind)
        stmt = stmt.where(exists(light))
    if f.overdue is not None and f.overdue_on is not None:
        has_overdue = or_(
            exists(select(Milestone.id).where(Milestone.project_id == Project.id, milestone_overdue(f.overdue_on))),
            exists(
                select(ProjectProcedure.id).where(
                    ProjectProcedure.project_id == Project.id, procedure_overdue(f.overdue_on)
                )
            ),
        )
        stmt = stmt.where(has_overdue if f.overdue else ~has_overdue)
    if f.q:
        like = like_contains(f.q.strip())  # a % or _ in the search is the character itself
        stmt = stmt.where(or_(*(c.ilike(like, escape=LIKE_ESCAPE)
                                for c in (Project.name, Project.code, Project.national_code))))
    return stmt


def effective_tier(t: TierThresholds, year: int | None) -> ColumnElement[str]:
    """The list tier in SQL, as :meth:`TierThresholds.tier` computes it, with the override winning."""
    planned = (
        select(YearPlan.planned_investment)
        .where(YearPlan.project_id == Project.id, YearPlan.year == (year or today().year))
        .scalar_subquery()
    )
    computed = case(
        (
            and_(
                Project.total_investment >= t.provincial_major_total,
                func.coalesce(planned, 0) >= t.provincial_major_year,
            ),
            ListTier.provincial_major.value,
        ),
        (Project.total_investment >= t.city_major_total, ListTier.city_major.value),
        (Project.total_investment >= t.city_key_total, ListTier.city_key.value),
        else_=ListTier.county.value,
    )
    return func.coalesce(Project.tier_override, computed)


async def holders_on(session: AsyncSession, post_ids: list[uuid.UUID], on: date) -> dict[uuid.UUID, tuple]:
    """post id → (PostHolding, person name) of the holder on ``on``, for many posts in one query."""
    if not post_ids:
        return {}
    rows = (
        await session.execute(
            select(PostHolding, Person.name)
            .join(Person, Person.id == PostHolding.person_id)
            .where(
                PostHolding.post_id.in_(post_ids),
                PostHolding.start_date <= on,
                or_(PostHolding.end_date.is_(None), PostHolding.end_date >= on),
            )
        )
    ).all()
    return {h.post_id: (h, name) for h, name in rows}


async def open_holding(session: AsyncSession, post_id: uuid.UUID) -> PostHolding | None:
    return await session.scalar(
        select(PostHolding).where(PostHolding.post_id == post_id, PostHolding.end_date.is_(None))
    )


async def holdings_of(session: AsyncSession, post_id: uuid.UUID) -> list[tuple[PostHolding, str]]:
    rows = (
        await session.execute(
            select(PostHolding, Person.name)
            .join(Person, Person.id == PostHolding.person_id)
            .where(PostHolding.post_id == post_id)
            .order_by(PostHolding.start_date)
        )
    ).all()
    return [(h, n) for h, n in rows]


@dataclass
class ProjectDetails:
    co_units: dict[uuid.UUID, list[uuid.UUID]]
    team: dict[uuid.UUID, list[tuple[TeamMember, str]]]
    plans: dict[uuid.UUID, list[YearPlan]]
    post_titles: dict[uuid.UUID, str]


async def project_details(session: AsyncSession, projects: list[Project]) -> ProjectDetails:
    """Co-units, teams, year plans and leader post titles of many projects, a fixed number of queries."""
    ids = [p.id for p in projects]
    details = ProjectDetails({i: [] for i in ids}, {i: [] for i in ids}, {i: [] for i in ids}, {})
    if not ids:
        return details
    for pid, uid in (
        await session.execute(
            select(ProjectCoUnit.project_id, ProjectCoUnit.unit_id).where(ProjectCoUnit.project_id.in_(ids))
        )
    ).all():
        details.co_units[pid].append(uid)
    for member, name in (
        await session.execute(
            select(TeamMember, Person.name)
            .join(Person, Person.id == TeamMember.person_id)
            .where(TeamMember.project_id.in_(ids))
            .order_by(TeamMember.role, Person.name)
        )
    ).all():
        details.team[member.project_id].append((member, name))
    for plan in (
        await session.scalars(select(YearPlan).where(YearPlan.project_id.in_(ids)).order_by(YearPlan.year))
    ).all():
        details.plans[plan.project_id].append(plan)
    post_ids = {p.leader_post_id for p in projects if p.leader_post_id}
    if post_ids:
        details.post_titles = dict(
            (await session.execute(select(Post.id, Post.title).where(Post.id.in_(post_ids)))).all()
        )
    return details


async def stage_history(session: AsyncSession, project_id: uuid.UUID) -> list[StageChange]:
    return list(
        (
            await session.scalars(
                select(StageChange)
                .where(StageChange.project_id == project_id)
                .order_by(StageChange.changed_at, StageChange.id)
            )
        ).all()
    )


async def year_plan(session: AsyncSession, project_id: uuid.UUID, year: int) -> YearPlan | None:
    return await session.scalar(select(YearPlan).where(YearPlan.project_id == project_id, YearPlan.year == year))
