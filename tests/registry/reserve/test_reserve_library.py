"""The reserve library (储备库): three levels, the selection check (清水) and who proposes what."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from tests.registry.conftest import REGION
from tests.registry.reserve.conftest import NEXT_YEAR, entry, propose, reserve_project

THRESHOLDS = {  # category: (total, first year), as served with their two decimals
    "ordinary": ("500.00", "200.00"),
    "social": ("300.00", "100.00"),
    "major_renovation": ("300.00", "100.00"),
    "high_tech": ("300.00", "100.00"),
}
EPSILON = Decimal("0.0001")


def _less(value: str) -> str:
    return str(Decimal(value) - EPSILON)


@pytest.mark.parametrize("category", list(THRESHOLDS))
async def test_selection_thresholds_hold_at_the_boundaries_per_category(county, category):
    total, first = THRESHOLDS[category]
    at = await entry(county, await reserve_project(county, "AT", total), category=category,
                     planned_first_year=first)
    assert at["check"]["passed"] is True
    assert [(r["rule"], r["value"], r["threshold"], r["passed"]) for r in at["check"]["rules"]] == [
        ("total_investment", total, total, True), ("first_year_investment", first, first, True)]

    low_total = await entry(county, await reserve_project(county, "LT", _less(total)), category=category,
                            planned_first_year=first)
    assert low_total["check"]["passed"] is False
    assert [(r["rule"], r["value"], r["passed"]) for r in low_total["check"]["rules"]] == [
        ("total_investment", _less(total), False), ("first_year_investment", first, True)]

    low_first = await entry(county, await reserve_project(county, "LF", total), category=category,
                            planned_first_year=_less(first))
    assert low_first["check"]["passed"] is False
    assert [r["passed"] for r in low_first["check"]["rules"]] == [True, False]
    assert low_first["check"]["rules"][1]["threshold"] == first


async def test_selection_thresholds_are_configuration_per_region_and_year(county, stack):
    from tuijin.registry.models import Policy

    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        session.add(Policy(region_code=REGION, name="reserve_selection", year=NEXT_YEAR,
                           value={"ordinary": {"total": "800", "first_year": "300"}}))
    next_year = await entry(county, await reserve_project(county, "A", "600"))
    assert next_year["check"]["passed"] is False
    assert next_year["check"]["rules"][0]["threshold"] == "800.00"
    later = await entry(county, await reserve_project(county, "B", "600"), proposed_year=NEXT_YEAR + 1)
    assert later["check"]["passed"] is True
    assert later["check"]["rules"][0]["threshold"] == "500.00"


async def test_only_a_project_at_the_reserve_stage_enters_the_library(county):
    planned = await county.project("NS", stage="new_start")
    resp = await propose(county, planned)
    assert resp.status_code == 422
    assert resp.json()["code"] == "project_not_in_reserve"
    assert resp.json()["errors"][0]["field"] == "body.project_id"


async def test_a_project_is_in_the_library_once(county):
    project = await reserve_project(county, "ONCE")
    await entry(county, project)
    again = await propose(county, project, proposed_year=NEXT_YEAR + 1)
    assert again.status_code == 409
    assert again.json()["code"] == "reserve_entry_exists"


async def test_the_township_library_takes_proposals_of_townships(county):
    project = await reserve_project(county, "TS")
    wrong = await propose(county, project, level="township", proposing_unit_id=county.units["交通局"])
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.proposing_unit_id"
    township_in_department = await propose(county, project, level="department",
                                           proposing_unit_id=county.units["城关镇"])
    assert township_in_department.status_code == 422
    ok = await propose(county, project, level="township", proposing_unit_id=county.units["城关镇"])
    assert ok.status_code == 201, ok.text


async def test_the_first_year_investment_cannot_exceed_the_total(county):
    project = await reserve_project(county, "FY", "400")
    resp = await propose(county, project, planned_first_year="400.0001")
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.planned_first_year"
    own_total = await propose(county, project, planned_total="900", planned_first_year="500")
    assert own_total.status_code == 201
    assert own_total.json()["planned_total"] == "900.00"


async def test_a_unit_proposes_its_own_projects_into_the_department_library(county, stack):
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    mine = await reserve_project(county, "MINE")
    theirs = await reserve_project(county, "THEIRS", responsible_unit_id=county.units["发改委"])
    ok = await propose(county, mine, headers=unit, level="department")
    assert ok.status_code == 201, ok.text
    assert ok.json()["created_by"] == "test:unit"
    not_its_project = await propose(county, theirs, headers=unit, level="department")
    assert not_its_project.status_code == 403
    other = await reserve_project(county, "MINE2")
    county_level = await propose(county, other, headers=unit, level="county")
    assert county_level.status_code == 403
    in_another_name = await propose(county, other, headers=unit, level="department",
                                    proposing_unit_id=county.units["发改委"])
    assert in_another_name.status_code == 403
    leader = stack.auth("leader", region=REGION)
    assert (await propose(county, other, headers=leader)).status_code == 403


async def test_the_library_is_listed_by_level_category_and_year_with_the_check(county, stack):
    await entry(county, await reserve_project(county, "C1", "600"), level="county")
    await entry(county, await reserve_project(county, "D1", "250"), level="department", category="social",
                planned_first_year="90")
    await entry(county, await reserve_project(county, "T1", "350"), level="township", category="high_tech",
                proposing_unit_id=county.units["城关镇"], planned_first_year="100", proposed_year=NEXT_YEAR + 1)

    async def codes(**params):
        resp = await county.client.get("/api/v1/reserve-entries", params=params, headers=county.office)
        assert resp.status_code == 200, resp.text
        return [(e["project_code"], e["check"]["passed"]) for e in resp.json()["items"]]

    assert await codes(level="department") == [("D1", False)]
    assert await codes(category="high_tech") == [("T1", True)]
    assert sorted(await codes(proposed_year=NEXT_YEAR)) == [("C1", True), ("D1", False)]
    assert len(await codes(limit=1)) == 1
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["城关镇"]))
    seen = await county.client.get("/api/v1/reserve-entries", headers=unit)
    assert [e["project_code"] for e in seen.json()["items"]] == ["T1"]


async def test_an_entry_not_selected_rolls_on_to_a_later_year(county):
    created = await propose(county, await reserve_project(county, "ROLL"))
    url = f"/api/v1/reserve-entries/{created.json()['id']}"
    etag = created.headers["etag"]
    rolled = await county.client.patch(url, json={"proposed_year": NEXT_YEAR + 1},
                                       headers={**county.office, "If-Match": etag})
    assert rolled.status_code == 200, rolled.text
    assert rolled.json()["proposed_year"] == NEXT_YEAR + 1
    stale = await county.client.patch(url, json={"planned_first_year": "100"},
                                      headers={**county.office, "If-Match": etag})
    assert stale.status_code == 412
    past = await county.client.patch(url, json={"proposed_year": 2025},
                                     headers={**county.office, "If-Match": rolled.headers["etag"]})
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "body.proposed_year"


async def test_another_region_sees_no_reserve_entries(county, stack):
    created = await entry(county, await reserve_project(county, "R"))
    other = stack.auth("office", region="410325")
    assert (await county.client.get("/api/v1/reserve-entries", headers=other)).json()["items"] == []
    assert (await county.client.get(f"/api/v1/reserve-entries/{created['id']}", headers=other)).status_code == 404
    project = await reserve_project(county, "R2")
    assert (await propose(county, project, headers=other)).status_code == 422


async def test_the_gateway_routes_the_reserve_library_and_swaps(county, stack):
    await entry(county, await reserve_project(county, "GW"))
    gateway = stack.client("gateway")
    listed = await gateway.get("/api/v1/reserve-entries", headers=county.office)
    assert listed.status_code == 200
    assert [e["project_code"] for e in listed.json()["items"]] == ["GW"]
    assert (await gateway.get("/api/v1/project-swaps", headers=county.office)).status_code == 200
