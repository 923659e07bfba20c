"""The demo county comes with a few months of progress reports, one of them late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tuijin.kernel.clock import clock
from tuijin.kernel.demo import DEMO_REGION
from tuijin.registry.demo import seed_registry_demo
from tuijin.registry.reports.enums import ReportStatus
from tuijin.registry.reports.models import ProgressReport, ProgressReportStep


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


async def test_the_demo_counties_submitted_reports_can_be_verified_and_returned(stack):
    """The demo writes each report's steps as the service does (a step's number is the version it produced),
    so the office verifies one submitted demo report and returns another: 200, and the history continues."""
    clock.set(datetime(2026, 6, 25, 2, 0, tzinfo=UTC), frozen=True)
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    async with sessionmaker() as session:
        submitted = (
            await session.scalars(
                select(ProgressReport.id)
                .where(ProgressReport.status == ReportStatus.submitted.value)
                .order_by(ProgressReport.id)
                .limit(2)
            )
        ).all()
    assert len(submitted) == 2
    client = stack.client("registry")
    office = stack.auth("office", region=DEMO_REGION, ttl=timedelta(days=3650))

    verified = await client.post(f"/api/v1/progress-reports/{submitted[0]}/verify", headers=office)
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "verified"
    returned = await client.post(
        f"/api/v1/progress-reports/{submitted[1]}/return", json={"reason": "完成投资与财务数据不符，请核实"},
        headers=office,
    )
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"

    history = await client.get(f"/api/v1/progress-reports/{submitted[1]}/history", headers=office)
    assert [(s["action"], s["to_status"]) for s in history.json()["items"]] == [
        ("create", "draft"), ("submit", "submitted"), ("return", "returned")
    ]


async def test_a_step_number_already_taken_answers_409_not_500(stack):
    """If a report's history and its version ever disagree, verifying it is a 409 problem, not a 500."""
    clock.set(datetime(2026, 6, 25, 2, 0, tzinfo=UTC), frozen=True)
    sessionmaker = stack.apps["registry"].state.sessionmaker
    async with sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    async with sessionmaker() as session, session.begin():
        report = await session.scalar(
            select(ProgressReport).where(ProgressReport.status == ReportStatus.submitted.value).limit(1)
        )
        # a stray step that takes the number the next step will get
        session.add(
            ProgressReportStep(report_id=report.id, seq=report.version + 1, action="submit", from_status="draft",
                               to_status="submitted", actor="test", at=datetime(2026, 6, 20, tzinfo=UTC))
        )
    client = stack.client("registry")
    office = stack.auth("office", region=DEMO_REGION, ttl=timedelta(days=3650))
    resp = await client.post(f"/api/v1/progress-reports/{report.id}/verify", headers=office)
    assert resp.status_code == 409, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "report_step_conflict"
