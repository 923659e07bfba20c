"""The project list filters by year, tier, light and overdue items (issue 3, "Reading it")."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tuijin.kernel.clock import clock
from tuijin.registry.lights.models import WarningLight


async def _codes(county, headers=None, **params) -> list[str]:
    resp = await county.client.get("/api/v1/projects", params=params, headers=headers or county.office)
    assert resp.status_code == 200, resp.text
    return [p["code"] for p in resp.json()["items"]]


async def test_year_lists_only_projects_on_that_years_list(county):
    on_list = await county.project("ON")
    await county.project("OFF")
    await county.client.put(
        f"/api/v1/projects/{on_list['id']}/year-plans/2026", headers=county.office, json={"planned_investment": "100"}
    )
    assert await _codes(county, year=2026) == ["ON"]
    assert await _codes(county, year=2025) == []


async def test_tier_filter_uses_the_regions_thresholds_and_the_override(county):
    await county.project("SMALL", total_investment="4000")
    await county.project("MAJOR", total_investment="15000")
    overridden = await county.project("RAISED", total_investment="4000")
    await county.client.put(
        f"/api/v1/projects/{overridden['id']}/tier-override",
        headers={**county.office, "If-Match": "*"},
        json={"tier": "city_major", "reason": "高新技术"},
    )
    assert await _codes(county, tier="county", region_code="410324") == ["SMALL"]
    assert await _codes(county, tier="city_major") == ["MAJOR", "RAISED"]


async def test_tier_filter_needs_a_region_when_the_caller_has_none(county, stack):
    resp = await county.client.get(
        "/api/v1/projects", params={"tier": "county"}, headers=stack.auth("admin", region=None)
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "query.region_code"


async def test_light_filter_finds_projects_with_a_light_of_that_colour(county, stack):
    red = await county.project("RED")
    await county.project("GREEN")
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        now = datetime.now(UTC)
        session.add(
            WarningLight(
                project_id=uuid.UUID(red["id"]),
                region_code="410324",
                kind="progress",
                colour="red",
                reason_code="behind",
                reason="落后序时进度35个百分点",
                details={},
                computed_at=now,
                changed_at=now,
            )
        )
    assert await _codes(county, light="red") == ["RED"]
    assert await _codes(county, light="red", light_kind="start") == []


async def test_overdue_filter_finds_projects_with_an_overdue_milestone(county, stack):
    late = await county.project("LATE")
    await county.project("FINE")
    resp = await county.client.post(
        f"/api/v1/projects/{late['id']}/milestones",
        headers=county.office,
        json={"name": "主体完工", "planned_date": "2026-09-30"},
    )
    assert resp.status_code == 201, resp.text
    clock.set(datetime(2026, 9, 29, 4, tzinfo=UTC), frozen=True)  # tokens are minted after the clock moves
    assert await _codes(county, stack.auth("office"), overdue="true") == []
    clock.set(datetime(2026, 10, 8, 4, tzinfo=UTC), frozen=True)
    assert await _codes(county, stack.auth("office"), overdue="true") == ["LATE"]
    assert await _codes(county, stack.auth("office"), overdue="false") == ["FINE"]
