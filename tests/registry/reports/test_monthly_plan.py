"""A monthly investment plan (分月计划投资): where the office enters one for a project's year, 序时进度 follows it
instead of months ÷ 12 — in the report's figures, the progress light and the statistics. 清水 (seed 003) sets for
each project a push list of "总投资、年度计划投资、建设内容、复开工时间、月投资进度": the monthly investment progress
is planned per project. Our rule (the seeds give none): the twelve months add up to exactly the year's plan."""

from __future__ import annotations

from tests.registry.reports.clerk import Clerk

# 1200万 for 2026, little before the building season: 200万 by the end of April (16.67%, not 33.33%)
MONTHS = ["0", "0", "100", "100", "100", "100", "100", "100", "200", "200", "100", "100"]


async def _plan(clerk: Clerk, project: str, months: list[str] | None, planned: str = "1200"):
    url = f"/api/v1/projects/{project}/year-plans/2026"
    etag = (await clerk.client.get(url, headers=clerk.office)).headers["etag"]
    return await clerk.client.put(url, json={"planned_investment": planned, "monthly_plan": months},
                                  headers={**clerk.office, "If-Match": etag})


async def test_time_progress_follows_the_monthly_plan_where_the_office_enters_one(clerk: Clerk):
    planned = await clerk.project("LC-001", stage="under_construction", plan="1200")
    even = await clerk.project("LC-002", stage="under_construction", plan="1200")
    resp = await _plan(clerk, planned, MONTHS)
    assert resp.status_code == 200, resp.text
    assert resp.json()["monthly_plan"] == [f"{m}.00" for m in MONTHS]
    april = await clerk.submitted(planned, "2026-04", "200")
    assert (april["computed"]["time_progress"], april["computed"]["behind_points"]) == ("16.67", "0.00")
    other = await clerk.submitted(even, "2026-04", "200")
    assert other["computed"]["time_progress"] == "33.33"  # no monthly plan: months ÷ 12
    await clerk.run_job("warning-lights-recompute")
    lights = {}
    for pid in (planned, even):
        got = (await clerk.client.get(f"/api/v1/projects/{pid}/warning-lights", headers=clerk.office)).json()
        lights[pid] = {light["kind"]: light for light in got}["progress"]
    assert lights[planned]["colour"] == "green"  # on its own plan
    assert lights[planned]["details"]["time_progress"] == "16.67"
    assert lights[even]["colour"] == "yellow"  # 16.66 points behind months ÷ 12
    stats = (await clerk.client.get("/api/v1/statistics", params={"region_code": "410324", "year": 2026},
                                    headers=clerk.office)).json()
    assert stats["completion"]["time_progress"] == "25.00"  # (200 + 400) ÷ 2400 of the list due by April's end


async def test_a_monthly_plan_must_add_up_to_the_years_plan_and_have_twelve_months(clerk: Clerk):
    project = await clerk.project("LC-001", plan="1200")
    short = await _plan(clerk, project, MONTHS[:11])
    assert short.status_code == 422
    assert short.json()["errors"][0]["field"] == "body.monthly_plan"
    off = await _plan(clerk, project, [*MONTHS[:11], "99.99"])
    assert (off.status_code, off.json()["code"]) == (422, "monthly_plan_sum_mismatch")
    assert off.json()["errors"][0]["field"] == "body.monthly_plan"
    assert off.json()["errors"][0]["label"] == "分月计划投资(万元)"
    removed = await _plan(clerk, project, None)
    assert (removed.status_code, removed.json()["monthly_plan"]) == (200, None)
