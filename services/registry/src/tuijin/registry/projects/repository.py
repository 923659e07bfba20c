"""Queries of the project library (the service holds the rules; every query lives here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.clock import today
from tuijin.kernel.validation import LIKE_ESCAPE, like_contains
from tuijin.registry.lights.models import WarningLight
from tuijin.registry.milestones.models import Milestone
from tuijin.registry.milestones.repository import overdue_clause as milestone_overdue
from tuijin.registry.organisation.models import Person, Post
from tuijin.registry.organisation.repository import holders_on  # noqa: F401  (a project's leader is its post's holder)
from tuijin.registry.policies import TierThresholds
from tuijin.registry.procedures.models import ProjectProcedure
from tuijin.registry.procedures.repository import overdue_clause as procedure_overdue
from tuijin.registry.projects.enums import ListTier
from tuijin.registry.projects.models import Project, ProjectCoUnit, StageChange, TeamMember, YearPlan
from tuijin.registry.reports import repository as reports_repo
from tuijin.registry.reports.models import ProgressReport


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


async def visible_project(
    session: AsyncSession, project_id: uuid.UUID, visibility: ColumnElement | None
) -> Project | None:
    """The project if it exists and ``visibility`` (the caller's WHERE clause, None: all) lets it through."""
    stmt = select(Project).where(Project.id == project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


async def visible_projects(
    session: AsyncSession, ids: list[uuid.UUID], visibility: ColumnElement | None
) -> list[Project]:
    """The projects of ``ids`` the caller may see, by code."""
    stmt = select(Project).where(Project.id.in_(ids))
    if visibility is not None:
        stmt = stmt.where(visibility)
    return list((await session.scalars(stmt.order_by(Project.code))).all())


async def get_project(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    return await session.get(Project, project_id)


async def code_taken(session: AsyncSession, region_code: str, code: str, own_id: uuid.UUID | None) -> bool:
    stmt = select(Project.id).where(Project.region_code == region_code, Project.code == code)
    if own_id:
        stmt = stmt.where(Project.id != own_id)
    return bool(await session.scalar(stmt))


async def national_code_taken(session: AsyncSession, national_code: str, own_id: uuid.UUID | None) -> bool:
    stmt = select(Project.id).where(Project.national_code == national_code)
    if own_id:
        stmt = stmt.where(Project.id != own_id)
    return bool(await session.scalar(stmt))


async def clear_team(session: AsyncSession, project_id: uuid.UUID) -> None:
    await session.execute(delete(TeamMember).where(TeamMember.project_id == project_id))


async def clear_co_units(session: AsyncSession, project_id: uuid.UUID) -> None:
    await session.execute(delete(ProjectCoUnit).where(ProjectCoUnit.project_id == project_id))


async def latest_reports(session: AsyncSession, project_id: uuid.UUID, limit: int) -> list[ProgressReport]:
    """A project's latest progress reports, newest period first (its dossier's part)."""
    stmt = reports_repo.project_reports_query(project_id).order_by(
        ProgressReport.period_start.desc(), ProgressReport.id.desc()).limit(limit)
    return list((await session.scalars(stmt)).all())


async def region_projects(session: AsyncSession, region_code: str) -> list[Project]:
    """Every project of a region by code (the demo seeders)."""
    stmt = select(Project).where(Project.region_code == region_code).order_by(Project.code)
    return list((await session.scalars(stmt)).all())


async def region_year_plans(session: AsyncSession, region_code: str, year: int) -> list[YearPlan]:
    stmt = select(YearPlan).where(YearPlan.region_code == region_code, YearPlan.year == year)
    return list((await session.scalars(stmt)).all())


async def region_totals(session: AsyncSession, region_code: str) -> list:
    """The total investment of each project of a region."""
    stmt = select(Project.total_investment).where(Project.region_code == region_code)
    return list((await session.scalars(stmt)).all())
