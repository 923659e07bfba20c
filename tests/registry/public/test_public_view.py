"""The public disclosure view (阳光行动, seed 000): leader, service team and time nodes of every project on
the yearly list, with no login and nothing private."""

from __future__ import annotations

from datetime import datetime

from tests.registry.conftest import REGION
from tuijin.kernel.clock import SHANGHAI, clock

PROJECT_KEYS = {"id", "code", "name", "leader", "service_team", "time_nodes", "milestones", "quarterly_progress"}


async def _published(county) -> dict:
    phone = await county.client.post("/api/v1/people", headers=county.office, json={
        "region_code": REGION, "name": "钱代办", "phone": "13800001234", "title": "代办员"})
    team = [{"person_id": county.people["赵"], "role": "liaison"},
            {"person_id": phone.json()["id"], "role": "agent"}]
    project = await county.project("LC-001", team=team, national_code="2411-410324-89-01-637015",
                                   push_plan="推进方案", total_investment="12345.67")
    resp = await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/2026", headers=county.office, json={
        "planned_investment": "5000.25", "planned_start_date": "2026-03-01", "planned_completion_date": "2027-06-30"})
    assert resp.status_code == 200, resp.text
    return project


async def test_the_public_view_needs_no_token_and_shows_only_leader_team_and_time_nodes(county):
    project = await _published(county)
    resp = await county.client.get(f"/api/v1/public/projects?region_code={REGION}&year=2026")
    assert resp.status_code == 200, resp.text
    [item] = resp.json()["items"]
    assert set(item) == PROJECT_KEYS
    assert (item["id"], item["code"], item["name"]) == (project["id"], "LC-001", "测试项目 LC-001")
    assert item["leader"] == {"post_title": "副县长（分管交通）", "holder_name": "李副县长"}
    assert item["service_team"] == [{"name": "钱代办", "role": "agent"}, {"name": "赵联络员", "role": "liaison"}]
    assert item["time_nodes"] == [{"year": 2026, "planned_start_date": "2026-03-01",
                                   "planned_completion_date": "2027-06-30", "planned_operation_date": None}]
    assert item["milestones"] == []
    assert item["quarterly_progress"] == []
    for private in ("13800001234", "5000.25", "12345.67", "2411-410324", "推进方案", county.units["交通局"]):
        assert private not in resp.text, private

    detail = await county.client.get(f"/api/v1/public/projects/{project['id']}")
    assert detail.status_code == 200
    assert detail.json() == item


async def test_the_public_view_answers_through_the_gateway_without_a_token(county, stack):
    project = await _published(county)
    gateway = stack.client("gateway")
    listed = await gateway.get(f"/api/v1/public/projects?region_code={REGION}&year=2026")
    assert listed.status_code == 200, listed.text
    assert [p["id"] for p in listed.json()["items"]] == [project["id"]]
    assert (await gateway.get(f"/api/v1/public/projects/{project['id']}")).status_code == 200
    assert (await gateway.get(f"/api/v1/projects/{project['id']}")).status_code == 401  # the rest still needs one


async def test_a_project_on_no_yearly_list_is_not_published(county):
    reserve = await county.project("R-1", stage="reserve")
    listed = await county.client.get(f"/api/v1/public/projects?region_code={REGION}&year=2026")
    assert listed.json()["items"] == []
    assert (await county.client.get(f"/api/v1/public/projects/{reserve['id']}")).status_code == 404


async def test_the_published_leader_follows_the_holder_of_the_post(county):
    project = await _published(county)
    resp = await county.client.put(f"/api/v1/posts/{county.posts['分管交通']}/holder",
                                   headers={**county.office, "If-Match": "*"},
                                   json={"person_id": county.people["王"], "start_date": "2025-06-01"})
    assert resp.status_code == 200, resp.text
    detail = (await county.client.get(f"/api/v1/public/projects/{project['id']}")).json()
    assert detail["leader"] == {"post_title": "副县长（分管交通）", "holder_name": "王副县长"}


async def test_each_ended_quarter_publishes_the_progress_of_its_last_verified_report(county, stack):
    clock.set(datetime(2026, 7, 5, 10, tzinfo=SHANGHAI), frozen=True)
    county.office = stack.auth("office", region=REGION)
    project = await _published(county)
    for period, text, percent, verify in (("2026-02", "场地平整", "10", True), ("2026-03", "基础施工", "20", True),
                                          ("2026-05", "主体三层", "45", True), ("2026-06", "主体五层", "55", False),
                                          ("2026-07", "封顶", "70", True)):
        created = await county.client.post(
            f"/api/v1/projects/{project['id']}/progress-reports", headers=county.office,
            json={"period": period, "investment_completed": "777.77", "physical_progress": text,
                  "physical_percent": percent, "submit": True})
        assert created.status_code == 201, created.text
        if verify:
            done = await county.client.post(f"/api/v1/progress-reports/{created.json()['id']}/verify",
                                            headers=county.office)
            assert done.status_code == 200, done.text
    resp = await county.client.get(f"/api/v1/public/projects/{project['id']}?year=2026")
    assert resp.json()["quarterly_progress"] == [
        {"quarter": "2026-Q1", "period": "2026-03", "physical_progress": "基础施工", "physical_percent": "20.00"},
        {"quarter": "2026-Q2", "period": "2026-05", "physical_progress": "主体三层", "physical_percent": "45.00"},
    ]  # June is not verified yet, July's quarter has not ended
    assert "777.77" not in resp.text


async def test_a_regions_name_is_public_and_an_unknown_region_is_a_404(county):
    """The public page's heading names the region (阳光行动 is the county's own page); nothing else of it."""
    resp = await county.client.get(f"/api/v1/public/regions/{REGION}")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"code": REGION, "name": "栾川县"}
    missing = await county.client.get("/api/v1/public/regions/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "region_not_found"
