"""A project's events reach the issues service whatever amount the registry accepted. An amount that SQLite
would turn into a float (99999999999999.9999 万元: every later read of the project failed, and so did the
issues service's "project.created") is refused when the project is created; the largest allowed one reads back
from the registry, so its "project.created" is applied."""

from __future__ import annotations

from tests.issues.conftest import REGION

LARGEST = "99999999999.9999"


async def test_project_created_with_the_largest_amount_is_applied_and_a_larger_one_never_gets_in(desk):
    body = {"region_code": REGION, "code": "HUGE", "name": "过大项目", "total_investment": "99999999999999.9999",
            "responsible_unit_id": desk.units["交通局"]}
    refused = await desk.registry.post("/api/v1/projects", json=body, headers=desk.office())
    assert refused.status_code == 422, refused.text

    project = await desk.project("BIG", total_investment=LARGEST)
    payload = {"project_id": project["id"], "region_code": project["region_code"], "code": "BIG",
               "name": project["name"]}
    assert await desk.deliver("project.created", payload, source="registry") == "applied"
    problem = await desk.raise_problem("BIG")
    assert problem["project_id"] == project["id"]
