"""Money keeps its scale in the registry's answers beyond projects and reports: the amounts, tonnes and
percentages of a region's policies and of the energy-review level read with at least two decimals ("5000.00",
"10.00"), four when they have them, never an exponent."""

from __future__ import annotations

from tests.registry.conftest import REGION


async def _policy(county, name: str) -> dict:
    resp = await county.client.get(f"/api/v1/policies/{REGION}/{name}?year=2026", headers=county.office)
    assert resp.status_code == 200, resp.text
    return resp.json()["value"]


async def test_policy_amounts_tonnes_and_percentages_read_with_their_scale(county):
    put = await county.client.put(f"/api/v1/policies/{REGION}/tiers",
                                  json={"city_key_total": "4999.5", "city_major_total": "1E+4"}, headers=county.office)
    assert put.status_code == 200, put.text
    tiers = await _policy(county, "tiers")
    assert (tiers["city_key_total"], tiers["city_major_total"]) == ("4999.50", "10000.00")
    assert (await _policy(county, "energy_review")) == {"province_min_tce": "5000.00", "city_min_tce": "1000.00"}
    lights = await _policy(county, "warning_lights")
    assert (lights["progress_yellow_points"], lights["progress_red_points"]) == ("10.00", "30.00")


async def test_the_energy_review_level_gives_the_energy_use_and_thresholds_with_their_scale(county):
    resp = await county.client.get("/api/v1/procedures/energy-review-level",
                                   params={"region_code": REGION, "energy_use_tce": "1200.5"}, headers=county.office)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["energy_use_tce"], body["province_min_tce"], body["city_min_tce"]) == (
        "1200.50", "5000.00", "1000.00")
    assert body["level"] == "city"
