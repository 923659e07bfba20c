"""Overdue reports (the sweep publishes once per project and period), the overdue list, timeliness by
unit counted in SQL, and the latest report of many projects in one call."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from tests.registry.reports.clerk import Clerk
from tuijin.registry.models import YearPlan

JOB = "progress-reports-overdue"


async def _may_2026(clerk: Clerk) -> dict[str, str]:
    """交通局: A (nothing), B (on time); 发改委: C (a draft only), E (late); R a reserve project."""
    ndrc = {"responsible_unit_id": clerk.county.units["发改委"]}
    ids = {
        "A": await clerk.project("LC-A"),
        "B": await clerk.project("LC-B"),
        "C": await clerk.project("LC-C", **ndrc),
        "E": await clerk.project("LC-E", **ndrc),
        "R": await clerk.project("LC-R", stage="reserve"),
    }
    clerk.at("2026-05-20T10:00:00+08:00")
    await clerk.submitted(ids["B"], "2026-05")
    draft = await clerk.report(ids["C"], "2026-05", headers=clerk.unit("发改委"))
    assert draft.status_code == 201, draft.text
    ids["C-draft"] = draft.json()["id"]
    return ids


async def test_the_overdue_sweep_runs_twice_and_publishes_once_per_project_and_period(clerk: Clerk):
    ids = await _may_2026(clerk)
    clerk.at("2026-05-22T23:59:59+08:00")
    assert (await clerk.run_job(JOB))["marked"] == 0  # not due yet
    clerk.at("2026-05-23T09:00:00+08:00")
    late = await clerk.report(ids["E"], "2026-05", headers=clerk.unit("发改委"), submit=True)
    assert late.json()["is_late"] is True
    assert (await clerk.run_job(JOB))["marked"] == 2
    assert (await clerk.run_job(JOB))["marked"] == 0
    events = await clerk.events("report.overdue")
    assert sorted((e["project_code"], e["period"], e["report_id"]) for e in events) == [
        ("LC-A", "2026-05", None),
        ("LC-C", "2026-05", ids["C-draft"]),
    ]
    draft = (await clerk.client.get(f"/api/v1/progress-reports/{ids['C-draft']}", headers=clerk.office)).json()
    assert draft["is_overdue"] is True


async def test_a_project_registered_after_the_due_instant_is_not_overdue_for_that_period(clerk: Clerk):
    clerk.at("2026-05-24T10:00:00+08:00")
    await clerk.project("LC-NEW")
    assert (await clerk.run_job(JOB))["marked"] == 0


async def test_overdue_projects_are_listed_per_region_and_period(clerk: Clerk):
    ids = await _may_2026(clerk)
    clerk.at("2026-05-25T10:00:00+08:00")
    url = "/api/v1/progress-reports/overdue?region_code=410324&period=2026-05"
    first = (await clerk.client.get(url + "&limit=2", headers=clerk.office)).json()
    second = (await clerk.client.get(url + f"&limit=2&cursor={first['next_cursor']}", headers=clerk.office)).json()
    assert [i["project_code"] for i in first["items"] + second["items"]] == ["LC-A", "LC-C", "LC-E"]
    assert second["next_cursor"] is None
    assert first["items"][1]["project_id"] == ids["C"] and first["items"][1]["report_status"] == "draft"
    # a unit sees its own overdue projects only
    mine = (await clerk.client.get(url, headers=clerk.unit("交通局"))).json()
    assert [i["project_code"] for i in mine["items"]] == ["LC-A"]
    # before the due instant nothing is overdue
    june = (await clerk.client.get(url.replace("2026-05", "2026-06"), headers=clerk.office)).json()
    assert june["items"] == []


async def test_timeliness_by_unit_counts_on_time_late_and_missing(clerk: Clerk):
    ids = await _may_2026(clerk)
    clerk.at("2026-05-23T09:00:00+08:00")
    await clerk.report(ids["E"], "2026-05", headers=clerk.unit("发改委"), submit=True)
    resp = await clerk.client.get(
        "/api/v1/progress-reports/timeliness?region_code=410324&period=2026-05", headers=clerk.office
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["due_at"] == "2026-05-22T16:00:00Z"
    counts = {
        u["unit_name"]: (u["expected"], u["on_time"], u["late"], u["missing"], u["pending"]) for u in body["units"]
    }
    assert counts == {"栾川县交通运输局": (2, 1, 0, 1, 0), "栾川县发展和改革委员会": (2, 0, 1, 1, 0)}
    # June is not due yet: what has not come in is pending, not missing
    june = (
        await clerk.client.get(
            "/api/v1/progress-reports/timeliness?region_code=410324&period=2026-06", headers=clerk.office
        )
    ).json()
    assert {u["unit_name"]: (u["missing"], u["pending"]) for u in june["units"]} == {
        "栾川县交通运输局": (0, 2),
        "栾川县发展和改革委员会": (0, 2),
    }


async def test_the_latest_report_of_many_projects_comes_in_one_call(clerk: Clerk, stack):
    one = await clerk.project("LC-001")
    two = await clerk.project("LC-002")
    three = await clerk.project("LC-003")
    await clerk.submitted(one, "2026-03", "1")
    await clerk.submitted(one, "2026-04", "2")
    await clerk.report(one, "2026-05", investment_completed="3")  # a draft
    verified = await clerk.submitted(two, "2026-04", "4")
    await clerk.step(verified["id"], "verify")
    service = {"Authorization": f"Bearer {stack.codec.service_token('scoring')}"}
    url = "/api/v1/progress-reports/latest"
    latest = (await clerk.client.post(url, json={"project_ids": [one, two, three]}, headers=service)).json()
    assert {r["project_id"]: (r["period"], r["computed"]["year_to_date_completed"]) for r in latest} == {
        one: ("2026-04", "3.00"),
        two: ("2026-04", "4.00"),
    }
    with_drafts = (
        await clerk.client.post(url, json={"project_ids": [one], "include_drafts": True}, headers=service)
    ).json()
    assert [r["period"] for r in with_drafts] == ["2026-05"]
    other_unit = (await clerk.client.post(url, json={"project_ids": [one, two]}, headers=clerk.unit("发改委"))).json()
    assert other_unit == []


async def test_a_project_moved_out_of_the_years_list_is_not_expected_to_report(clerk: Clerk):
    kept = await clerk.project("LC-001", plan="100")
    moved = await clerk.project("LC-002", plan="100")
    async with clerk.stack.apps["registry"].state.sessionmaker() as session, session.begin():
        await session.execute(update(YearPlan).where(YearPlan.project_id == uuid.UUID(moved)).values(in_list=False))
    clerk.at("2026-05-25T10:00:00+08:00")
    await clerk.run_job(JOB)
    assert [e["project_id"] for e in await clerk.events("report.overdue")] == [kept]
