"""Demo node plans for the demo county: every project gets 开工, one intermediate node and 竣工 on working
days; started projects have reached their start; every fourth project has an overdue intermediate node, and
the preliminary projects' plans are scheduled backwards (倒排) from their start."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today
from tuijin.kernel.db import new_id
from tuijin.kernel.demo import DEMO_REGION
from tuijin.registry.milestones import repository as repo
from tuijin.registry.milestones.models import Milestone
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects.models import Project, YearPlan


async def seed_node_plans_demo(session: AsyncSession, region_code: str = DEMO_REGION) -> int:
    """Node plans for the region's projects that have none; returns the number of nodes created."""
    cal = WorkingCalendar()  # the packaged calendar: the demo has no office overrides
    on = today()
    projects = await projects_repo.region_projects(session, region_code)
    planned = await repo.projects_with_milestones_in(session, region_code)
    plans = {yp.project_id: yp for yp in await projects_repo.region_year_plans(session, region_code, on.year)}
    created = 0
    for i, project in enumerate(projects):
        if project.id in planned:
            continue
        plan = plans.get(project.id)
        nodes = _nodes(project, plan, i, cal, on)
        session.add_all(nodes)
        created += len(nodes)
    await session.flush()
    return created


def _node(project: Project, name: str, kind: str, order: int, planned: date, **extra) -> Milestone:
    return Milestone(
        id=new_id(),
        project_id=project.id,
        region_code=project.region_code,
        name=name,
        kind=kind,
        planned_date=planned,
        sort_order=order,
        **extra,
    )


def _nodes(project: Project, plan: YearPlan | None, i: int, cal: WorkingCalendar, on: date) -> list[Milestone]:
    late = i % 4 == 1  # every fourth project is behind on an intermediate node
    finish = plan.planned_completion_date if plan and plan.planned_completion_date else None
    completion = cal.next_working_day(finish or cal.add_working_days(on, 250))
    if project.stage == "preliminary":
        # 倒排: 开工 60 working days ahead, procedures done 15 working days before it
        start = _node(project, "开工", "start", 0, cal.add_working_days(on, 60))
        middle_date = cal.add_working_days(on, -8) if late else cal.add_working_days(start.planned_date, -15)
        middle = _node(
            project,
            "前期手续办结",
            "intermediate",
            1,
            middle_date,
            **({} if late else {"anchor_milestone_id": start.id, "offset_working_days": -15}),
        )
        return [start, middle, _node(project, "竣工", "completion", 2, max(completion, start.planned_date))]
    if project.stage == "new_start":
        start_date = cal.add_working_days(on, -5) if late else cal.add_working_days(on, 20 + i % 30)
        start = _node(project, "开工", "start", 0, start_date)
        middle = _node(project, "基础工程完工", "intermediate", 1, cal.add_working_days(start_date, 60))
        return [start, middle, _node(project, "竣工", "completion", 2, max(completion, middle.planned_date))]
    # under construction and beyond: started on the year plan's start date (or a while ago)
    begun = plan.planned_start_date if plan and plan.planned_start_date else None
    start_date = cal.next_working_day(begun) if begun and begun <= on else cal.add_working_days(on, -40)
    if start_date > on:  # the next working day after a past start can fall after today
        start_date = cal.add_working_days(on, -1)
    start = _node(project, "开工", "start", 0, start_date, actual_date=start_date)
    middle_date = cal.add_working_days(on, -(10 + i % 20)) if late else cal.add_working_days(on, 30 + i % 40)
    middle = _node(project, "主体工程完工", "intermediate", 1, max(middle_date, start_date))
    return [start, middle, _node(project, "竣工", "completion", 2, max(completion, middle.planned_date))]
