"""A region's policies over HTTP: the value in effect and whether it is the default, set only by the
office of the region, validated field by field against the policy's model."""

from __future__ import annotations

from tests.registry.conftest import REGION

URL = f"/api/v1/policies/{REGION}/tiers"


async def test_a_policy_reads_as_the_shipped_default_until_the_office_sets_it(county):
    before = await county.client.get(f"{URL}?year=2026", headers=county.office)
    assert before.status_code == 200, before.text
    assert before.json()["is_default"] is True
    assert before.json()["value"]["city_key_total"] == "5000.00"

    put = await county.client.put(URL, json={"city_key_total": "3000"}, headers=county.office)
    assert put.status_code == 200, put.text
    after = (await county.client.get(f"{URL}?year=2026", headers=county.office)).json()
    assert (after["is_default"], after["source_year"], after["value"]["city_key_total"]) == (False, 0, "3000.00")
    assert after["value"]["city_major_total"] == "10000.00"  # omitted fields keep their default
    assert after["updated_by"] == "test:office"


async def test_a_years_own_value_wins_over_the_all_years_value(county):
    await county.client.put(URL, json={"city_key_total": "3000"}, headers=county.office)
    await county.client.put(f"{URL}?year=2027", json={"city_key_total": "8000"}, headers=county.office)
    values = {}
    for year in (2026, 2027):
        body = (await county.client.get(f"{URL}?year={year}", headers=county.office)).json()
        values[year] = (body["source_year"], body["value"]["city_key_total"])
    assert values == {2026: (0, "3000.00"), 2027: (2027, "8000.00")}
    assert (await county.client.delete(f"{URL}?year=2027", headers=county.office)).status_code == 204
    back = (await county.client.get(f"{URL}?year=2027", headers=county.office)).json()
    assert (back["source_year"], back["value"]["city_key_total"]) == (0, "3000.00")


async def test_a_policy_put_by_the_office_of_another_region_is_refused(county, stack):
    other = stack.auth("office", region="410325")
    resp = await county.client.put(URL, json={"city_key_total": "1"}, headers=other)
    assert (resp.status_code, resp.json()["code"]) == (403, "region_forbidden")
    viewer = stack.auth("viewer", region=REGION)
    assert (await county.client.put(URL, json={"city_key_total": "1"}, headers=viewer)).status_code == 403
    assert (await county.client.get(f"{URL}?year=2026", headers=county.office)).json()["is_default"] is True


async def test_a_bad_policy_value_names_the_field_and_changes_nothing(county):
    resp = await county.client.put(URL, json={"city_key_total": "很多", "provincial_major_year": "-1",
                                              "city_key_totl": "5000"}, headers=county.office)
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert sorted(e["field"] for e in resp.json()["errors"]) == [
        "body.city_key_total", "body.city_key_totl", "body.provincial_major_year"]
    nested = await county.client.put(f"/api/v1/policies/{REGION}/report_due",
                                     json={"reporting_stages": ["new_start", "someday"]}, headers=county.office)
    assert [e["field"] for e in nested.json()["errors"]] == ["body.reporting_stages.1"]
    assert (await county.client.get(f"{URL}?year=2026", headers=county.office)).json()["is_default"] is True


async def test_an_unknown_policy_is_not_found(county):
    resp = await county.client.get(f"/api/v1/policies/{REGION}/no_such_policy", headers=county.office)
    assert (resp.status_code, resp.json()["code"]) == (404, "policy_not_found")


async def test_a_policy_set_over_http_changes_the_rule_that_reads_it(county):
    project = await county.project("A", total_investment="2000")
    assert (await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)).json()[
        "tier"] == "county"
    await county.client.put(URL, json={"city_key_total": "1000"}, headers=county.office)
    assert (await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)).json()[
        "tier"] == "city_key"


async def test_the_catalogue_lists_every_policy_with_its_schema_and_default(county):
    resp = await county.client.get("/api/v1/policies", headers=county.office)
    tiers = next(p for p in resp.json() if p["name"] == "tiers")
    assert "city_key_total" in tiers["json_schema"]["properties"]
    assert tiers["default"]["provincial_major_total"] == "100000.00"
    region = (await county.client.get(f"/api/v1/policies/{REGION}?year=2026", headers=county.office)).json()
    assert {p["name"] for p in region} == {p["name"] for p in resp.json()}


async def test_replacing_a_regions_own_value_needs_the_etag_of_that_year_as_read(county):
    """Issue 14: a whole-resource PUT takes If-Match (the region's first value of a year has nothing to be
    stale against); two offices editing the same threshold do not overwrite each other silently."""
    first = await county.client.put(f"{URL}?year=2026", json={"city_key_total": "3000"}, headers=county.office)
    assert first.status_code == 200, first.text
    read = await county.client.get(f"{URL}?year=2026", headers=county.office)
    assert read.headers["ETag"] == first.headers["ETag"]
    body = {"city_key_total": "4000"}
    missing = await county.client.put(f"{URL}?year=2026", json=body, headers=county.office)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    done = await county.client.put(f"{URL}?year=2026", json=body,
                                   headers={**county.office, "If-Match": read.headers["ETag"]})
    assert done.status_code == 200 and done.json()["value"]["city_key_total"] == "4000.00"
    stale = await county.client.put(f"{URL}?year=2026", json={"city_key_total": "4500"},
                                    headers={**county.office, "If-Match": read.headers["ETag"]})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    after = (await county.client.get(f"{URL}?year=2026", headers=county.office)).json()
    assert after["value"]["city_key_total"] == "4000.00"
