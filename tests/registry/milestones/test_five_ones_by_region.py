"""The 五个一 a project must have are the region's (its ``five_ones`` policy): 栾川's set by default, 楚雄's
(seed 001: "一个项目、一个责任领导、一个责任单位、一个工作班子、一个倒排工期计划") when its office sets it."""

from __future__ import annotations

from tests.registry.conftest import REGION
from tests.registry.milestones.test_node_plans import add

CHUXIONG = ["leader", "responsible_unit", "work_team", "reverse_schedule"]


async def _missing(county, project: dict) -> list[str]:
    got = await county.client.get(f"/api/v1/projects/{project['id']}?year=2026", headers=county.office)
    assert got.status_code == 200, got.text
    return got.json()["missing_five_ones"]


async def test_by_default_a_project_is_checked_against_luanchuans_five(county):
    # 栾川 (seed 000): 一名县级责任领导、一个服务团队、一套推进方案、一本台账、一个路线图时间表
    project = await county.project(leader_post_id=None)
    assert project["missing_five_ones"] == ["leader", "team", "push_plan", "ledger", "timetable"]


async def test_chuxiong_projects_are_not_asked_for_a_push_plan_or_a_ledger(desk, county):
    put = await county.client.put(f"/api/v1/policies/{REGION}/five_ones", json={"required_items": CHUXIONG},
                                  headers=county.office)
    assert put.status_code == 200, put.text
    project = await county.project()
    # no push plan, no ledger, no team, no node plan: only 楚雄's own items are missing
    assert await _missing(county, project) == ["work_team", "reverse_schedule"]

    # year plan dates are deadlines, not a reverse-scheduled plan: 倒排工期计划 stays missing
    await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/2026", headers=county.office, json={
        "planned_investment": "3000", "planned_start_date": "2026-10-01", "planned_completion_date": "2027-06-30"})
    assert await _missing(county, project) == ["work_team", "reverse_schedule"]

    desk.at("2026-09-01")
    await add(desk, project, name="开工", kind="start", planned_date="2026-09-30")
    etag = (await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)).headers["etag"]
    patched = await county.client.patch(f"/api/v1/projects/{project['id']}",
                                        headers={**county.office, "If-Match": etag},
                                        json={"team": [{"person_id": county.people["赵"], "role": "liaison"}]})
    assert patched.status_code == 200, patched.text
    assert await _missing(county, project) == []


async def test_a_five_ones_set_names_each_item_once_and_at_least_one(county):
    twice = await county.client.put(f"/api/v1/policies/{REGION}/five_ones",
                                    json={"required_items": ["leader", "leader"]}, headers=county.office)
    assert twice.status_code == 422
    assert [e["field"] for e in twice.json()["errors"]] == ["body"]
    empty = await county.client.put(f"/api/v1/policies/{REGION}/five_ones", json={"required_items": []},
                                    headers=county.office)
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["body.required_items"]
