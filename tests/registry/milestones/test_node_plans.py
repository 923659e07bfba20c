"""Node plans (时间节点, 倒排工期): working-day planning, backward scheduling, overdue detection and its
announcement, access."""

from __future__ import annotations

from tests.registry.conftest import REGION


def url(project: dict, *rest: str) -> str:
    return "/".join([f"/api/v1/projects/{project['id']}/milestones", *rest]).rstrip("/")


async def add(desk, project: dict, headers: dict | None = None, **body) -> dict:
    resp = await desk.county.client.post(url(project), json=body, headers=headers or desk.office)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def plan_of(desk, project: dict) -> dict[str, dict]:
    resp = await desk.county.client.get(url(project), headers=desk.office)
    assert resp.status_code == 200, resp.text
    return {m["name"]: m for m in resp.json()}


# ---------------------------------------------------------------- overdue on business dates


async def test_a_milestone_is_overdue_from_the_shanghai_business_day_after_its_planned_date(desk, county):
    project = await county.project()
    desk.at("2026-09-30", "23:59")
    await add(desk, project, name="主体完工", planned_date="2026-09-30")
    node = (await plan_of(desk, project))["主体完工"]
    assert node["is_overdue"] is False

    # 00:01 in Shanghai is still 2026-09-30 in UTC: the business date decides
    desk.at("2026-10-01", "00:01")
    node = (await plan_of(desk, project))["主体完工"]
    assert (node["is_overdue"], node["days_late"], node["working_days_late"]) == (True, 1, 0)

    # National Day (10-01..10-07) holds no working day: the first working day late is 10-08
    desk.at("2026-10-08")
    node = (await plan_of(desk, project))["主体完工"]
    assert (node["days_late"], node["working_days_late"]) == (8, 1)


async def test_a_reached_milestone_is_never_overdue(desk, county):
    project = await county.project()
    desk.at("2026-10-09")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-30", actual_date="2026-10-08")
    listed = await desk.county.client.get("/api/v1/milestones", params={"overdue": "true"}, headers=desk.office)
    assert listed.json()["items"] == []
    assert (await plan_of(desk, project))["开工"]["is_overdue"] is False


# ---------------------------------------------------------------- working-day planning


async def test_backward_schedule_counts_working_days_back_over_national_day(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    resp = await county.client.post(
        url(project, "backward-schedule"),
        headers=desk.office,
        json={
            "target_name": "竣工",
            "target_kind": "completion",
            "target_date": "2026-10-12",
            "steps": [
                {"name": "开工", "kind": "start", "working_days_before_next": 4},
                {"name": "竣工验收准备", "working_days_before_next": 1},
            ],
        },
    )
    assert resp.status_code == 201, resp.text
    assert [(m["name"], m["planned_date"]) for m in resp.json()] == [
        ("开工", "2026-09-29"),  # 10-09, 10-08, (10-01..10-07 off), 09-30, 09-29
        ("竣工验收准备", "2026-10-10"),  # Saturday 10-10 is a make-up working day
        ("竣工", "2026-10-12"),
    ]


async def test_moving_the_target_moves_the_backward_scheduled_plan(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    nodes = (
        await county.client.post(
            url(project, "backward-schedule"),
            headers=desk.office,
            json={
                "target_date": "2026-10-12",
                "steps": [
                    {"name": "开工", "kind": "start", "working_days_before_next": 4},
                    {"name": "竣工验收准备", "working_days_before_next": 1},
                ],
            },
        )
    ).json()
    target = nodes[-1]
    resp = await county.client.patch(
        url(project, target["id"]),
        json={"planned_date": "2026-10-13"},
        headers={**desk.office, "If-Match": f'"{target["version"]}"'},
    )
    assert resp.status_code == 200, resp.text
    plan = await plan_of(desk, project)
    assert plan["竣工验收准备"]["planned_date"] == "2026-10-12"
    assert plan["开工"]["planned_date"] == "2026-09-30"  # 10-10, 10-09, 10-08, 09-30


async def test_a_planned_date_must_fall_on_a_working_day_unless_the_region_says_otherwise(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    holiday = await county.client.post(
        url(project), json={"name": "A", "planned_date": "2026-10-05"}, headers=desk.office
    )
    assert holiday.status_code == 422
    assert [(e["field"], e["type"]) for e in holiday.json()["errors"]] == [("body.planned_date", "not_a_working_day")]
    await add(desk, project, name="B", planned_date="2026-10-10")  # make-up Saturday: a working day
    await desk.set_policy("node_plan", {"planned_on_working_day": False})
    await add(desk, project, name="A", planned_date="2026-10-05")


async def test_a_backward_schedule_refuses_a_target_on_a_holiday(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    resp = await county.client.post(
        url(project, "backward-schedule"), headers=desk.office, json={"target_date": "2026-10-01", "steps": []}
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.target_date"
    assert await plan_of(desk, project) == {}


async def test_a_node_planned_relative_to_another_counts_working_days(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    anchor = await add(desk, project, name="主体完工", planned_date="2026-09-30")
    after = await add(desk, project, name="设备安装", relative_to={"milestone_id": anchor["id"], "working_days": 1})
    before = await add(desk, project, name="主体封顶", relative_to={"milestone_id": anchor["id"], "working_days": -3})
    assert after["planned_date"] == "2026-10-08"
    assert before["planned_date"] == "2026-09-24"  # 09-29, 09-28, (09-25..09-27 Mid-Autumn and weekend), 09-24
    assert (after["anchor_milestone_id"], after["offset_working_days"]) == (anchor["id"], 1)


async def test_an_anchor_cannot_be_counted_from_its_own_dependant(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    a = await add(desk, project, name="A", planned_date="2026-09-30")
    b = await add(desk, project, name="B", relative_to={"milestone_id": a["id"], "working_days": 2})
    resp = await county.client.patch(
        url(project, a["id"]),
        json={"relative_to": {"milestone_id": b["id"], "working_days": -1}},
        headers={**desk.office, "If-Match": f'"{a["version"]}"'},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["type"] == "anchor_cycle"


async def test_start_completion_and_operation_are_unique_and_in_order(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-30")
    second = await county.client.post(
        url(project), headers=desk.office, json={"name": "再开工", "kind": "start", "planned_date": "2026-10-09"}
    )
    assert second.status_code == 409
    assert second.json()["code"] == "milestone_kind_taken"
    early = await county.client.post(
        url(project), headers=desk.office, json={"name": "竣工", "kind": "completion", "planned_date": "2026-09-29"}
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["type"] == "dates_out_of_order"
    assert list(await plan_of(desk, project)) == ["开工"]


async def test_a_milestone_cannot_be_reached_in_the_future(desk, county):
    project = await county.project()
    desk.at("2026-09-30")
    resp = await county.client.post(
        url(project),
        headers=desk.office,
        json={"name": "开工", "planned_date": "2026-09-30", "actual_date": "2026-10-08"},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.actual_date"


async def test_a_plan_is_rebuilt_only_with_replace_and_never_once_a_node_is_reached(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    body = {"target_date": "2026-10-12", "steps": [{"name": "开工", "kind": "start", "working_days_before_next": 10}]}
    assert (
        await county.client.post(url(project, "backward-schedule"), json=body, headers=desk.office)
    ).status_code == 201
    again = await county.client.post(url(project, "backward-schedule"), json=body, headers=desk.office)
    assert again.status_code == 409
    assert again.json()["code"] == "node_plan_exists"
    body["target_date"] = "2026-10-13"
    rebuilt = await county.client.post(
        url(project, "backward-schedule"), json={**body, "replace": True}, headers=desk.office
    )
    assert rebuilt.status_code == 201, rebuilt.text
    start = rebuilt.json()[0]
    await county.client.patch(
        url(project, start["id"]),
        json={"actual_date": "2026-08-31"},
        headers={**desk.office, "If-Match": f'"{start["version"]}"'},
    )
    started = await county.client.post(
        url(project, "backward-schedule"), json={**body, "replace": True}, headers=desk.office
    )
    assert started.status_code == 409
    assert started.json()["code"] == "node_plan_started"
    assert len(await plan_of(desk, project)) == 2


async def test_a_stale_edit_of_a_milestone_is_refused(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    node = await add(desk, project, name="A", planned_date="2026-09-30")
    ok = await county.client.patch(
        url(project, node["id"]), json={"note": "x"}, headers={**desk.office, "If-Match": f'"{node["version"]}"'}
    )
    assert ok.status_code == 200
    stale = await county.client.patch(
        url(project, node["id"]), json={"note": "y"}, headers={**desk.office, "If-Match": f'"{node["version"]}"'}
    )
    assert stale.status_code == 412
    missing = await county.client.patch(url(project, node["id"]), json={"note": "y"}, headers=desk.office)
    assert missing.status_code == 428


async def test_removing_an_anchor_keeps_its_dependants_dates(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    a = await add(desk, project, name="A", planned_date="2026-09-30")
    await add(desk, project, name="B", relative_to={"milestone_id": a["id"], "working_days": 1})
    assert (await county.client.delete(url(project, a["id"]), headers=desk.office)).status_code == 204
    b = (await plan_of(desk, project))["B"]
    assert (b["planned_date"], b["anchor_milestone_id"], b["offset_working_days"]) == ("2026-10-08", None, None)


# ---------------------------------------------------------------- the region's overdue list and its events


async def test_overdue_milestones_of_a_region_are_listed_page_by_page(desk, county):
    projects = [await county.project(f"P{i}") for i in range(3)]
    desk.at("2026-09-01")
    for i, p in enumerate(projects):
        await add(desk, p, name="开工", kind="start", planned_date=f"2026-09-0{i + 7}")  # Mon..Wed
        await add(desk, p, name="竣工", kind="completion", planned_date="2026-12-31")
    desk.at("2026-10-09")
    first = await county.client.get("/api/v1/milestones", params={"overdue": "true", "limit": 2}, headers=desk.office)
    assert first.status_code == 200, first.text
    page = first.json()
    second = (
        await county.client.get(
            "/api/v1/milestones",
            params={"overdue": "true", "limit": 2, "cursor": page["next_cursor"]},
            headers=desk.office,
        )
    ).json()
    listed = page["items"] + second["items"]
    assert [(m["project_code"], m["planned_date"]) for m in listed] == [
        ("P0", "2026-09-07"),
        ("P1", "2026-09-08"),
        ("P2", "2026-09-09"),
    ]
    assert second["next_cursor"] is None
    assert all(m["is_overdue"] and m["working_days_late"] > 0 for m in listed)
    not_overdue = await county.client.get("/api/v1/milestones", params={"overdue": "false"}, headers=desk.office)
    assert {m["name"] for m in not_overdue.json()["items"]} == {"竣工"}
    other = await county.client.get(
        "/api/v1/milestones", params={"overdue": "true", "region_code": REGION}, headers=desk.other_office
    )
    assert other.json()["items"] == []


async def test_the_overdue_job_announces_each_milestone_once(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-10")
    await add(desk, project, name="主体完工", planned_date="2026-09-30")
    await add(desk, project, name="竣工", kind="completion", planned_date="2026-12-31")
    desk.at("2026-10-08")
    assert (await desk.run_job("milestone-overdue"))["announced"] == 2
    assert (await desk.run_job("milestone-overdue"))["announced"] == 0
    assert await desk.events("milestone.overdue") == []  # issue 15: no service handles it, so it is sent nowhere


async def test_a_rescheduled_milestone_is_announced_again_when_it_is_late_again(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    node = await add(desk, project, name="主体完工", planned_date="2026-09-10")
    desk.at("2026-09-14")
    assert (await desk.run_job("milestone-overdue"))["announced"] == 1
    current = (await plan_of(desk, project))["主体完工"]
    assert current["version"] == node["version"]  # the announcement does not stale the user's ETag
    await county.client.patch(
        url(project, node["id"]),
        json={"planned_date": "2026-09-30"},
        headers={**desk.office, "If-Match": f'"{current["version"]}"'},
    )
    assert (await desk.run_job("milestone-overdue"))["announced"] == 0
    desk.at("2026-10-08")
    assert (await desk.run_job("milestone-overdue"))["announced"] == 1
    assert await desk.events("milestone.overdue") == []  # issue 15: no service handles it, so it is sent nowhere


# ---------------------------------------------------------------- access


async def test_only_the_office_and_the_project_s_own_units_edit_its_node_plan(desk, county):
    project = await county.project(owner_unit_id=county.units["钼业"], co_unit_ids=[county.units["城关镇"]])
    desk.at("2026-09-01")
    body = {"name": "开工", "kind": "start", "planned_date": "2026-09-30"}
    other_unit = await county.client.post(url(project), json=body, headers=desk.unit("发改委"))
    assert other_unit.status_code == 404  # a unit of another project does not even see it
    co_unit = await county.client.post(url(project), json=body, headers=desk.unit("城关镇"))
    assert co_unit.status_code == 403
    assert co_unit.json()["code"] == "not_project_editor"
    assert (await county.client.get(url(project), headers=desk.unit("城关镇"))).status_code == 200
    responsible = await county.client.post(url(project), json=body, headers=desk.unit("交通局"))
    assert responsible.status_code == 201
    owner = await county.client.post(
        url(project), json={**body, "name": "竣工", "kind": "completion"}, headers=desk.unit("钼业")
    )
    assert owner.status_code == 201


async def test_another_region_sees_nothing_of_a_node_plan(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-10")
    desk.at("2026-10-08")
    assert (await county.client.get(url(project), headers=desk.other_office)).status_code == 404
    listed = await county.client.get("/api/v1/milestones", headers=desk.other_office)
    assert listed.json()["items"] == []
    write = await county.client.post(
        url(project), headers=desk.other_office, json={"name": "X", "planned_date": "2026-10-09"}
    )
    assert write.status_code == 404


# ---------------------------------------------------------------- 五个一


async def test_a_node_plan_gives_a_project_its_timetable(desk, county):
    project = await county.project()
    assert "timetable" in project["missing_five_ones"]
    desk.at("2026-09-01")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-30")
    got = await county.client.get(f"/api/v1/projects/{project['id']}", headers=desk.office)
    assert "timetable" not in got.json()["missing_five_ones"]
