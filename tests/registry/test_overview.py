"""A project's own file in one read (GET /projects/{id}/overview): the same content and access as the five
routes a dossier would otherwise call one by one."""

from __future__ import annotations

from datetime import datetime

from tuijin.kernel.clock import clock
from tuijin.kernel.demo import DEMO_REGION, demo_id
from tuijin.registry.demo import seed_registry_demo


async def test_the_overview_holds_what_the_five_routes_give(stack):
    clock.set(datetime.fromisoformat("2026-10-12T10:00:00+08:00"), frozen=True)
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    client = stack.client("registry")
    office = stack.auth("office", region=DEMO_REGION)
    pid = demo_id("project", "LC2026-001")
    resp = await client.get(f"/api/v1/projects/{pid}/overview", headers=office, params={"reports_limit": 2})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    base = f"/api/v1/projects/{pid}"
    assert body["project"] == (await client.get(base, headers=office)).json()
    for part, path in (("milestones", "milestones"), ("procedures", "procedures"), ("lights", "warning-lights")):
        assert body[part] == (await client.get(f"{base}/{path}", headers=office)).json(), part
    reports = (await client.get(f"{base}/progress-reports", headers=office, params={"limit": 2})).json()["items"]
    assert body["reports"] == reports and len(reports) == 2
    assert body["milestones"] and body["procedures"], "the demo project has a node plan and procedures"


async def test_a_project_the_caller_may_not_see_has_no_overview(stack):
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await seed_registry_demo(session)
    pid = demo_id("project", "LC2026-001")
    other = stack.auth("office", region="410325")
    resp = await stack.client("registry").get(f"/api/v1/projects/{pid}/overview", headers=other)
    assert resp.status_code in (403, 404) and resp.headers["content-type"].startswith("application/problem+json")
    plain = await stack.client("registry").get(f"/api/v1/projects/{pid}", headers=other)
    assert plain.status_code == resp.status_code
