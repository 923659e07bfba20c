"""The demo county has node plans: every project its timetable, on working days, some overdue."""

from __future__ import annotations

from sqlalchemy import func, select

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.milestones.models import Milestone
from tuijin.registry.milestones.repository import overdue_clause


async def test_every_demo_project_has_a_node_plan_on_working_days_and_some_are_overdue(stack):
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    async with sessionmaker() as session:
        planned = await session.scalar(select(func.count(func.distinct(Milestone.project_id))))
        overdue = await session.scalar(select(func.count()).select_from(Milestone).where(overdue_clause(today())))
        nodes = (await session.scalars(select(Milestone))).all()
    assert planned == 99
    assert 0 < overdue < len(nodes)
    cal = WorkingCalendar()
    assert all(cal.is_working_day(m.planned_date) for m in nodes)
    assert all(m.actual_date is None or m.actual_date <= today() for m in nodes)
