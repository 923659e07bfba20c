"""One month of the mechanism, end to end, on the five apps as real processes (each on its own database),
driven through the gateway only. Time moves only when the month moves every app's clock (clock control on),
and background jobs run only when the month runs them (background jobs off).

The month (tests/e2e/month.py): a yearly list imported from .xlsx; monthly reports, one late and one missing;
a problem not solved by the team escalates by the timers to its system meeting's agenda, the meeting is held
with one proxy (替会) and one approved leave, its minutes assign the problem, which is then solved, verified
and closed; another problem goes up to the county meeting and then to leadership; a decided item goes overdue
and draws a letter; a periodic inspection (定期督查) of a project behind records a finding closed on the spot and
one that becomes a problem, which the timers take up the ladder, and whose rectification, overdue, draws a
letter; the 督查专报 and the month's 督查通报 name the findings; lights change; the monthly ranking is published
with its praise and criticism lists.

The month runs twice in one test, each time on its own fresh cluster: once uninterrupted, then with the issues
service stopped right after the minutes are published (before delivery), the county working on, and the service
started again. The second run must end in the same normalised state as the first, with nothing lost and nothing
applied twice. Both runs are in the one test so that the comparison is made whenever the test runs (alone, in a
split run, in any order); the month's own assertions hold at every step of each run.

同一个测试内先完整跑一遍月度流程，再在会议纪要发布后停掉问题服务再跑一遍，两次的结束状态必须一致。"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.driver import Desk
from tests.e2e.month import JSON, Hook, run_month
from tests.processes.cluster import running_cluster

pytestmark = pytest.mark.e2e

ENV = {
    "TUIJIN_CLOCK_CONTROL": "true",
    "TUIJIN_BACKGROUND_JOBS": "false",
    "TUIJIN_OUTBOX_BACKOFF_BASE_SECONDS": "1",
    "TUIJIN_OUTBOX_BACKOFF_MAX_SECONDS": "60",
}
MonthRunner = Callable[..., Awaitable[JSON]]


@pytest.fixture
def month_on_a_fresh_cluster(fresh_databases: Any, tmp_path_factory: pytest.TempPathFactory) -> MonthRunner:
    """Runs the month on five newly started apps with empty databases, stops them, returns the end state."""

    async def run(folder: str, after_minutes: Hook | None = None) -> JSON:
        var_dir: Path = tmp_path_factory.mktemp(folder)
        async with running_cluster(var_dir, fresh_databases.new, ENV) as cluster:
            async with httpx.AsyncClient(base_url=cluster.gateway, timeout=30.0, trust_env=False) as http:
                return await run_month(Desk(cluster=cluster, http=http), after_minutes=after_minutes)

    return run


async def stop_issues_before_delivery(d: Desk, published: JSON) -> None:
    """The issues service dies with the minutes in the meetings outbox: delivery fails and is retried, the
    other services keep working, and once it is back the minutes arrive exactly once."""
    await d.stop("issues")
    result = await d.job("meetings", "outbox-dispatch")
    assert result["retrying"] >= 1, result  # issues did not get the minutes
    gone = await d.call("GET", "/api/v1/problems", "lc.office", expect=503, params={"region_code": "410324"})
    assert gone.json()["code"] == "upstream_unavailable"
    rows = [r for r in await d.outbox("meetings") if r["event_type"] == "minutes.published"]
    assert {r["destination"]: r["status"] for r in rows} == {"issues": "pending"}, rows
    # the rest of the county keeps working while the issues service is down
    await d.at("2026-03-12", "15:00")
    bulletin = await d.get(
        "/api/v1/attendance/bulletin", who="lc.office", params={"region_code": "410324", "month": "2026-03"}
    )
    assert [r["status"] for r in bulletin["items"]] == ["proxy"]
    assert (await d.job("registry", "warning-lights-recompute"))["changed"] == 0
    # the dossier still answers, and says what it could not read
    [bridge] = [
        p for p in await d.items("/api/v1/projects", "lc.office", region_code="410324") if p["code"] == "LC-002"
    ]
    dossier = await d.get(f"/api/v1/dossiers/{bridge['id']}", who="lc.office")
    assert dossier["complete"] is False and dossier["project"]["code"] == "LC-002"
    missing = {(x["part"], x["service"]) for x in dossier["missing"]}
    assert {("problems", "issues"), ("letters", "issues")} <= missing, dossier["missing"]
    assert {service for _, service in missing} == {"issues"}, dossier["missing"]
    assert dossier["problems"] is None and dossier["meetings"], dossier
    await d.restart("issues")


async def test_one_month_runs_end_to_end_and_a_service_stopped_mid_month_loses_nothing_and_ends_the_same(
    month_on_a_fresh_cluster: MonthRunner,
):
    expected = await month_on_a_fresh_cluster("month")
    interrupted = await month_on_a_fresh_cluster("month-interrupted", after_minutes=stop_issues_before_delivery)
    assert set(interrupted) == set(expected)
    for key in expected:
        assert interrupted[key] == expected[key], key
