"""The demo county has procedures: the catalogue with lead units, each project's procedures, some overdue."""

from __future__ import annotations

from sqlalchemy import func, select

from tuijin.kernel.clock import today
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.procedures.models import ProcedureType, ProjectProcedure
from tuijin.registry.procedures.repository import overdue_clause


async def test_demo_projects_have_procedures_some_done_some_overdue(stack):
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    async with sessionmaker() as session:
        types = (await session.scalars(select(ProcedureType))).all()
        with_procedures = await session.scalar(select(func.count(func.distinct(ProjectProcedure.project_id))))
        procedures = (await session.scalars(select(ProjectProcedure))).all()
        overdue = await session.scalar(
            select(func.count()).select_from(ProjectProcedure).where(overdue_clause(today()))
        )
    assert all(t.default_lead_unit_id for t in types)
    assert with_procedures == 99
    assert 0 < overdue < len(procedures)
    done = [p for p in procedures if p.status == "done"]
    assert done and all(p.approval_number and p.approval_date <= today() for p in done)
    assert {p.energy_use_tce for p in procedures if p.energy_use_tce is not None} == {300, 1500, 6000}
