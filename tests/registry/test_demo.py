"""The demo county is shaped like 栾川 2018."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.models import Project, System, YearPlan


async def test_demo_county_has_99_projects_worth_287_2_yi_with_133_4_yi_this_year(stack):
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        assert await seed_registry_demo(session) == 99
    async with sessionmaker() as session:
        count, total = (await session.execute(select(func.count(), func.sum(Project.total_investment)))).one()
        this_year = await session.scalar(select(func.sum(YearPlan.planned_investment)))
        systems = await session.scalar(select(func.count()).select_from(System))
    assert count == 99
    assert Decimal(total) == Decimal("2872000")
    assert Decimal(this_year) == Decimal("1334000")
    assert systems == 9
    async with sessionmaker() as session, session.begin():
        assert await seed_registry_demo(session) == 0  # a second run changes nothing
