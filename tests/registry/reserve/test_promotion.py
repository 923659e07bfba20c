"""Promotion of selected reserve projects into next year's list: through the core stage change, with a
year plan, all or nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from tests.registry.conftest import REGION
from tests.registry.reserve.conftest import NEXT_YEAR, entry, reserve_project
from tuijin.kernel.clock import clock

URL = "/api/v1/reserve-entries/promotions"


async def _year_plans(stack, year: int = NEXT_YEAR) -> int:
    from tuijin.registry.models import YearPlan

    async with stack.apps["registry"].state.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(YearPlan).where(YearPlan.year == year))


async def _stage(county, project) -> str:
    return (await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)).json()["stage"]


async def test_promotion_moves_reserve_projects_into_the_year_list_keeping_history(county):
    road = await reserve_project(county, "ROAD", "800")
    school = await reserve_project(county, "SCHOOL", "350")
    e1 = await entry(county, road, planned_first_year="250")
    e2 = await entry(county, school, category="social", planned_first_year="120")
    clock.advance(timedelta(minutes=1))  # later than the registration, so the history has an order
    resp = await county.client.post(URL, headers=county.office, json={"year": NEXT_YEAR, "items": [
        {"entry_id": e1["id"], "to_stage": "new_start"}, {"entry_id": e2["id"], "to_stage": "preliminary"}]})
    assert resp.status_code == 200, resp.text
    assert [(e["status"], e["promoted_year"], e["promoted_to_stage"]) for e in resp.json()] == [
        ("promoted", NEXT_YEAR, "new_start"), ("promoted", NEXT_YEAR, "preliminary")]
    full = (await county.client.get(f"/api/v1/projects/{road['id']}", headers=county.office)).json()
    assert full["stage"] == "new_start"
    assert [(p["year"], p["planned_investment"], p["in_list"]) for p in full["year_plans"]] == [
        (NEXT_YEAR, "250.00", True)]
    history = (await county.client.get(f"/api/v1/projects/{road['id']}/stage-changes", headers=county.office)).json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [(None, "reserve"), ("reserve", "new_start")]
    assert str(NEXT_YEAR) in history[-1]["reason"]
    assert await _stage(county, school) == "preliminary"


async def test_a_project_failing_the_check_is_refused_naming_it(county, stack):
    small = await reserve_project(county, "SMALL", "480")
    e = await entry(county, small, planned_first_year="200")
    resp = await county.client.post(URL, headers=county.office,
                                    json={"year": NEXT_YEAR, "items": [{"entry_id": e["id"]}]})
    assert resp.status_code == 422
    problem = resp.json()
    assert problem["code"] == "promotion_refused"
    assert problem["errors"] == [{"field": "body.items.0.override_reason", "label": "特批理由",
                                  "type": "selection_check_failed",
                                  "message": "SMALL 测试项目 SMALL: 总投资 480 < 500万元 (一般项目)"}]
    assert "SMALL" in problem["detail"]
    assert await _stage(county, small) == "reserve"
    assert await _year_plans(stack) == 0


async def test_an_override_reason_lets_a_failing_project_in(county):
    small = await reserve_project(county, "SMALL", "480")
    e = await entry(county, small, planned_first_year="150")
    clock.advance(timedelta(minutes=1))
    resp = await county.client.post(URL, headers=county.office, json={"year": NEXT_YEAR, "items": [
        {"entry_id": e["id"], "override_reason": "县委常委会议定纳入（民生急需）"}]})
    assert resp.status_code == 200, resp.text
    assert resp.json()[0]["override_reason"] == "县委常委会议定纳入（民生急需）"
    assert resp.json()[0]["check"]["passed"] is False
    history = (await county.client.get(f"/api/v1/projects/{small['id']}/stage-changes", headers=county.office)).json()
    assert "民生急需" in history[-1]["reason"]


async def test_a_batch_promotion_is_all_or_nothing(county, stack):
    good = await entry(county, await reserve_project(county, "GOOD", "900"))
    also_good = await entry(county, await reserve_project(county, "ALSO", "700"))
    bad = await entry(county, await reserve_project(county, "BAD", "499.9999"))
    resp = await county.client.post(URL, headers=county.office, json={"year": NEXT_YEAR, "items": [
        {"entry_id": good["id"]}, {"entry_id": bad["id"]}, {"entry_id": also_good["id"]},
        {"entry_id": str(uuid.uuid4())}]})
    assert resp.status_code == 422
    assert [(e["field"], e["type"]) for e in resp.json()["errors"]] == [
        ("body.items.1.override_reason", "selection_check_failed"), ("body.items.3.entry_id", "entry_not_found")]
    assert await _year_plans(stack) == 0
    listed = (await county.client.get("/api/v1/reserve-entries", headers=county.office)).json()["items"]
    assert {e["status"] for e in listed} == {"in_reserve"}
    for code in ("GOOD", "ALSO"):
        project = next(e for e in listed if e["project_code"] == code)
        assert project["project_stage"] == "reserve"


async def test_a_promoted_entry_is_not_promoted_or_edited_again(county):
    e = await entry(county, await reserve_project(county, "ONCE", "900"))
    body = {"year": NEXT_YEAR, "items": [{"entry_id": e["id"]}]}
    assert (await county.client.post(URL, headers=county.office, json=body)).status_code == 200
    again = await county.client.post(URL, headers=county.office, json=body)
    assert again.status_code == 422
    assert again.json()["errors"][0]["type"] == "entry_promoted"
    got = await county.client.get(f"/api/v1/reserve-entries/{e['id']}", headers=county.office)
    edit = await county.client.patch(f"/api/v1/reserve-entries/{e['id']}", json={"note": "x"},
                                     headers={**county.office, "If-Match": got.headers["etag"]})
    assert edit.status_code == 409


async def test_only_the_office_promotes_and_only_into_this_year_or_later(county, stack):
    e = await entry(county, await reserve_project(county, "P", "900"))
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    body = {"year": NEXT_YEAR, "items": [{"entry_id": e["id"]}]}
    assert (await county.client.post(URL, headers=unit, json=body)).status_code == 403
    other_region = stack.auth("office", region="410325")
    refused = await county.client.post(URL, headers=other_region, json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["type"] == "entry_not_found"
    past = await county.client.post(URL, headers=county.office, json={**body, "year": 2025})
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "body.year"
