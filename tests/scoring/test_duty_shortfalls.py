"""Duties on the ground in scoring (issue 20, 制度履行): a scheme that names ``duty_shortfall`` deducts, for each
month of the period, each site visit a project's leader owed it and did not make (the meetings service's duty
shortfalls, by the region's duty rules: by default one visit a month); a month with its visit counts nothing, and
a scheme that does not name it leaves it alone."""

from __future__ import annotations

from tests.scoring.conftest import REGION


async def _led_project(desk) -> str:
    """Project A led by 李副县长 (holder of the post 分管交通) since July."""
    desk.at("2026-07-01")
    person = await desk.registry.post("/api/v1/people", json={"region_code": REGION, "name": "李副县长"},
                                      headers=desk.office)
    assert person.status_code == 201, person.text
    desk.person = person.json()["id"]
    held = await desk.registry.put(f"/api/v1/posts/{desk.posts['分管交通']}/holder",
                                   json={"person_id": desk.person, "start_date": "2026-01-01"},
                                   headers={**desk.office, "If-Match": "*"})
    assert held.status_code == 200, held.text
    return await desk.project("A")


async def test_a_scheme_deducts_the_site_visits_owed_and_not_made_in_the_period(desk):
    pid = await _led_project(desk)
    desk.at("2026-08-12")
    visit = await desk.stack.client("meetings").post("/api/v1/site-visits", headers=desk.office, json={
        "region_code": REGION, "visited_on": "2026-08-12", "kind": "inspection", "title": "李副县长现场调研督导",
        "leading_person_id": desk.person, "project_ids": [pid]})
    assert visit.status_code == 201, visit.text
    duties = await desk.scheme("duties", [{"code": "duty", "name": "现场履职", "weight": "100", "kind": "deductions",
                                           "per_event": {"duty_shortfall": "2"}}])
    silent = await desk.scheme("decided", [{"code": "late", "name": "议定事项", "weight": "100", "kind": "deductions",
                                            "per_event": {"overdue_decided_item": "2"}}])
    desk.at("2026-10-10")
    [result] = await desk.results(await desk.run(duties, "2026-Q3"))
    assert result["dimensions"][0]["score"] == "96.00"  # July and September without a visit, August with one
    assert "现场履职不到位 2 次 × 2" in result["dimensions"][0]["explanation"]
    [other] = await desk.results(await desk.run(silent, "2026-Q3"))
    assert other["dimensions"][0]["score"] == "100.00"
