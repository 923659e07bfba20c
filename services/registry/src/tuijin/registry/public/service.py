"""Building the public view of many projects with a fixed number of queries."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today
from tuijin.registry.models import Project
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.public import repository as repo
from tuijin.registry.public.schemas import (
    PublicLeader,
    PublicMilestone,
    PublicProject,
    PublicQuarter,
    PublicTeamMember,
    PublicYearNodes,
)
from tuijin.registry.reports.enums import PeriodKind
from tuijin.registry.reports.periods import period_containing


def ended_quarters(year: int) -> int:
    """How many quarters of ``year`` are over today (their progress may be announced)."""
    day = today()
    if year < day.year:
        return 4
    return (day.month - 1) // 3 if year == day.year else 0


async def public_views(session: AsyncSession, projects: list[Project], year: int) -> list[PublicProject]:
    """What is published of ``projects``; quarterly progress of ``year``."""
    if not projects:
        return []
    ids = [p.id for p in projects]
    titles = await repo.post_titles(session, {p.leader_post_id for p in projects if p.leader_post_id})
    holders = await core_repo.holders_on(session, list(titles), today())
    teams = await repo.teams(session, ids)
    plans = await repo.plans(session, ids)
    nodes = await repo.milestones(session, ids)
    quarters = await repo.quarterly_reports(session, ids, year, ended_quarters(year))
    out = []
    for p in projects:
        leader = None
        if p.leader_post_id in titles:
            holder = holders.get(p.leader_post_id)
            leader = PublicLeader(post_title=titles[p.leader_post_id], holder_name=holder[1] if holder else None)
        out.append(
            PublicProject(
                id=p.id,
                code=p.code,
                name=p.name,
                leader=leader,
                service_team=[PublicTeamMember(name=n, role=r) for n, r in teams[p.id]],
                time_nodes=[
                    PublicYearNodes(
                        year=pl.year,
                        planned_start_date=pl.planned_start_date,
                        planned_completion_date=pl.planned_completion_date,
                        planned_operation_date=pl.planned_operation_date,
                    )
                    for pl in plans[p.id]
                ],
                milestones=[
                    PublicMilestone(name=m.name, planned_date=m.planned_date, actual_date=m.actual_date)
                    for m in nodes[p.id]
                ],
                quarterly_progress=[
                    PublicQuarter(
                        quarter=f"{year}-Q{q}",
                        period=period_containing(PeriodKind(r.period_kind), r.period_start).label,
                        physical_progress=r.physical_progress,
                        physical_percent=r.physical_percent,
                    )
                    for q, r in quarters[p.id]
                ],
            )
        )
    return out
