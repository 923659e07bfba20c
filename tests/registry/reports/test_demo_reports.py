"""The demo county comes with a few months of progress reports, one of them late."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from tuijin.kernel.clock import clock
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.reports.models import ProgressReport


async def test_demo_county_has_three_months_of_reports_with_one_late(stack):
    clock.set(datetime(2026, 6, 25, 2, 0, tzinfo=UTC), frozen=True)
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        assert await seed_registry_demo(session) == 99
    async with sessionmaker() as session:
        periods = (
            await session.scalars(select(ProgressReport.period_start).distinct().order_by(ProgressReport.period_start))
        ).all()
        count = await session.scalar(select(func.count()).select_from(ProgressReport))
        late = await session.scalar(
            select(func.count()).where(ProgressReport.first_submitted_at > ProgressReport.due_at)
        )
    assert [p.isoformat() for p in periods] == ["2026-04-01", "2026-05-01", "2026-06-01"]
    assert count == 90
    assert late == 1
