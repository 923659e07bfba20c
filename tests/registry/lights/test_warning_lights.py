"""Warning lights (亮灯): the start light and the progress light at their thresholds, colour changes kept
and published, the region's lights by colour."""

from __future__ import annotations

from typing import Any

from tests.registry.reports.clerk import Clerk

JOB = "warning-lights-recompute"


async def _lights(clerk: Clerk, project: str) -> dict[str, dict[str, Any]]:
    resp = await clerk.client.get(f"/api/v1/projects/{project}/warning-lights", headers=clerk.office)
    assert resp.status_code == 200, resp.text
    return {light["kind"]: light for light in resp.json()}


async def _colour(clerk: Clerk, project: str, kind: str, at: str) -> str:
    clerk.at(at)
    await clerk.run_job(JOB)
    return (await _lights(clerk, project))[kind]["colour"]


async def test_start_light_turns_yellow_after_the_planned_month_and_red_three_months_later(clerk: Clerk):
    project = await clerk.project("LC-001", stage="new_start", plan="1200", start="2026-03-15")
    colours = [
        await _colour(clerk, project, "start", at)
        for at in (
            "2026-03-31T23:00:00+08:00",
            "2026-04-01T00:10:00+08:00",
            "2026-06-30T23:00:00+08:00",
            "2026-07-01T00:10:00+08:00",
        )
    ]
    assert colours == ["green", "yellow", "yellow", "red"]
    light = (await _lights(clerk, project))["start"]
    assert light["reason_code"] == "start_overdue_long"
    assert light["details"] == {"planned_start_month": "2026-03", "months_past": 4}


async def test_a_started_project_has_a_green_start_light(clerk: Clerk):
    project = await clerk.project("LC-001", stage="under_construction", plan="1200", start="2026-01-01")
    assert await _colour(clerk, project, "start", "2026-09-01T10:00:00+08:00") == "green"


async def test_progress_light_at_exactly_10_and_30_points_behind_is_yellow(clerk: Clerk):
    """June is due on the 22nd: from the 23rd, 序时进度 is 50.00 and the plan is 1200."""
    done = {"on_pace": "480.12", "ten_behind": "480", "thirty_behind": "240", "beyond": "239.88"}
    projects = {}
    clerk.at("2026-06-10T10:00:00+08:00")
    for i, (name, amount) in enumerate(done.items()):
        projects[name] = await clerk.project(f"LC-00{i}", stage="under_construction", plan="1200")
        await clerk.submitted(projects[name], "2026-06", amount)
    clerk.at("2026-06-23T09:00:00+08:00")
    await clerk.run_job(JOB)
    seen = {}
    for name, project in projects.items():
        light = (await _lights(clerk, project))["progress"]
        seen[name] = (light["colour"], light["details"]["behind_points"])
    assert seen == {
        "on_pace": ("green", "9.99"),
        "ten_behind": ("yellow", "10.00"),
        "thirty_behind": ("yellow", "30.00"),
        "beyond": ("red", "30.01"),
    }


async def test_thresholds_are_the_regions_configuration(clerk: Clerk):
    await clerk.set_policy("warning_lights", {"progress_yellow_points": "5", "progress_red_points": "9"})
    project = await clerk.project("LC-001", stage="under_construction", plan="1200")
    clerk.at("2026-06-10T10:00:00+08:00")
    await clerk.submitted(project, "2026-06", "480.12")  # 9.99 points behind
    assert await _colour(clerk, project, "progress", "2026-06-23T09:00:00+08:00") == "red"


async def test_a_colour_change_is_kept_in_the_history_and_published_once(clerk: Clerk):
    project = await clerk.project("LC-001", stage="under_construction", plan="1200")
    clerk.at("2026-06-23T09:00:00+08:00")
    await clerk.run_job(JOB)
    await clerk.run_job(JOB)  # nothing changed: no new history, no new event
    assert (await _lights(clerk, project))["progress"]["colour"] == "red"
    clerk.at("2026-06-23T10:00:00+08:00")
    await clerk.submitted(project, "2026-06", "600")  # a submission recomputes the project's lights
    assert (await _lights(clerk, project))["progress"]["colour"] == "green"
    history = (
        await clerk.client.get(f"/api/v1/projects/{project}/warning-lights/history?kind=progress", headers=clerk.office)
    ).json()["items"]
    assert [(h["from_colour"], h["to_colour"]) for h in history] == [("red", "green"), (None, "red")]
    events = [e for e in await clerk.events("light.changed") if e["kind"] == "progress"]
    assert [(e["from_colour"], e["to_colour"]) for e in events] == [(None, "red"), ("red", "green")]


async def test_the_regions_lights_filter_by_colour_and_page(clerk: Clerk):
    ids = [await clerk.project(f"LC-00{i}", stage="under_construction", plan="1200") for i in range(3)]
    clerk.at("2026-06-10T10:00:00+08:00")
    await clerk.submitted(ids[0], "2026-06", "600")
    clerk.at("2026-06-23T09:00:00+08:00")
    resp = await clerk.client.post("/api/v1/warning-lights/recompute?region_code=410324", headers=clerk.office)
    # LC-000's progress light turns green; the other two projects get their first three lights each
    assert resp.json() == {"computed": 9, "changed": 7}
    url = "/api/v1/warning-lights?region_code=410324&kind=progress&colour=red&limit=1"
    first = (await clerk.client.get(url, headers=clerk.office)).json()
    second = (await clerk.client.get(url + f"&cursor={first['next_cursor']}", headers=clerk.office)).json()
    assert [i["project_code"] for i in first["items"] + second["items"]] == ["LC-001", "LC-002"]
    assert second["next_cursor"] is None
    other = (await clerk.client.get("/api/v1/warning-lights", headers=clerk.other_office)).json()
    assert other["items"] == []
    hidden = await clerk.client.get(f"/api/v1/projects/{ids[0]}/warning-lights", headers=clerk.other_office)
    assert hidden.status_code == 404


async def test_procedure_light_turns_yellow_past_a_deadline_and_red_after_ten_working_days(clerk: Clerk):
    project = await clerk.project("LC-001", stage="under_construction", plan="1200")
    ptype = await clerk.client.post(
        "/api/v1/procedure-types",
        json={"region_code": "410324", "code": "flood_review", "name": "防洪影响评价"},  # beside the shipped ones
        headers=clerk.office,
    )
    assert ptype.status_code == 201, ptype.text
    procedure = await clerk.client.post(
        f"/api/v1/projects/{project}/procedures",
        json={"procedure_type_id": ptype.json()["id"], "deadline": "2026-05-29"},  # a Friday
        headers=clerk.office,
    )
    assert procedure.status_code == 201, procedure.text
    colours = [
        await _colour(clerk, project, "procedure", at)
        for at in (
            "2026-05-29T18:00:00+08:00",  # the deadline day itself
            "2026-05-30T10:00:00+08:00",  # past it
            "2026-06-12T10:00:00+08:00",  # exactly 10 working days late
            "2026-06-15T10:00:00+08:00",  # 11
        )
    ]
    assert colours == ["green", "yellow", "yellow", "red"]
    assert (await _lights(clerk, project))["procedure"]["details"] == {
        "overdue_count": 1,
        "oldest_deadline": "2026-05-29",
        "working_days_late": 11,
    }


async def test_the_progress_lights_amounts_and_rates_keep_their_scale_never_an_exponent(clerk: Clerk):
    """The details once carried str(x.normalize()): a plan of 12000 read "1.2E+4". Amounts follow the money rule
    ("12000.00"), rates keep two decimals ("0.00" when nothing is done yet)."""
    project = await clerk.project("LC-001", stage="under_construction", plan="12000")
    clerk.at("2026-06-10T10:00:00+08:00")
    await clerk.submitted(project, "2026-06", "0")
    clerk.at("2026-06-23T09:00:00+08:00")
    await clerk.run_job(JOB)
    details = (await _lights(clerk, project))["progress"]["details"]
    assert {k: v for k, v in details.items() if k != "as_of_period"} == {
        "planned_investment": "12000.00", "year_to_date_completed": "0.00", "year_plan_rate": "0.00",
        "time_progress": "50.00", "behind_points": "50.00"}


async def test_a_project_not_started_has_no_progress_light_only_its_start_light(clerk: Clerk):
    """栾川 (seed 000) interviews projects 开而未动、动而迟缓 — started and not moving, or moving slowly: what the
    progress light measures. A project not started yet (计划新开工) is judged by its start light; its progress light
    stays green however little it reported, so it is never taken for a started project that does not move."""
    project = await clerk.project("LC-001", stage="new_start", plan="1200", start="2026-02-10")
    assert await _colour(clerk, project, "start", "2026-07-01T10:00:00+08:00") == "red"  # planned February
    lights = await _lights(clerk, project)
    assert (lights["progress"]["colour"], lights["progress"]["reason_code"]) == ("green", "not_started")
