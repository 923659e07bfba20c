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


async def test_the_demo_county_starts_as_any_new_region_does(stack):
    """Issue 17: the demo takes the path a real county takes. Its region gets the starting set (the registry's
    policies recorded, region.created announced for the schemes and the issues' and meetings' policies), and the
    catalogue it already holds, with the demo's lead units, is not added a second time."""
    from tuijin.registry.procedures.models import ProcedureType

    state = stack.apps["registry"].state
    async with state.sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    outbox = state.kernel_tables.outbox
    async with state.sessionmaker() as session:
        created = (await session.execute(select(outbox.c.payload, outbox.c.destination).where(
            outbox.c.event_type == "region.created"))).all()
        types = (await session.execute(select(ProcedureType.code, func.count()).where(
            ProcedureType.region_code == "410324").group_by(ProcedureType.code))).all()
    # one row per receiver: scoring installs the schemes, issues and meetings their policies
    assert sorted((row.payload["region_code"], row.destination) for row in created) == [
        ("410324", "issues"), ("410324", "meetings"), ("410324", "scoring")]
    assert types and all(n == 1 for _, n in types)
