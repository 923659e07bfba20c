"""Issue 14: every whole-resource PUT takes If-Match (428 without, 412 when stale), and the GET of the resource
sends the ETag to send back: a post's holder, a project's list-tier override, a project's plan of a year."""

from __future__ import annotations


async def test_handing_a_post_over_needs_the_etag_of_the_post_as_read(county):
    url = f"/api/v1/posts/{county.posts['分管交通']}"
    body = {"person_id": county.people["王"], "start_date": "2026-03-01"}
    read = await county.client.get(url, headers=county.office)
    assert read.status_code == 200 and read.json()["holder"]["person_name"] == "李副县长"
    etag = read.headers["ETag"]
    missing = await county.client.put(f"{url}/holder", json=body, headers=county.office)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    handed = await county.client.put(f"{url}/holder", json=body, headers={**county.office, "If-Match": etag})
    assert handed.status_code == 200, handed.text
    assert handed.headers["ETag"] != etag
    assert handed.headers["ETag"] == (await county.client.get(url, headers=county.office)).headers["ETag"]
    # a second clerk who read the post before the hand-over is refused, the holder stays
    stale = await county.client.put(f"{url}/holder", json={**body, "person_id": county.people["李"],
                                                            "start_date": "2026-04-01"},
                                    headers={**county.office, "If-Match": etag})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    assert (await county.client.get(url, headers=county.office)).json()["holder"]["person_name"] == "王副县长"


async def test_a_post_of_another_region_is_not_found(county, stack):
    other_office = stack.auth("office", region="410325")
    resp = await county.client.get(f"/api/v1/posts/{county.posts['分管交通']}", headers=other_office)
    assert (resp.status_code, resp.json()["code"]) == (404, "post_not_found")


async def test_a_tier_override_needs_the_projects_etag(county):
    project = await county.project("T", total_investment="4000")
    url = f"/api/v1/projects/{project['id']}"
    body = {"tier": "city_key", "reason": "高新技术项目"}
    missing = await county.client.put(f"{url}/tier-override", json=body, headers=county.office)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    etag = (await county.client.get(url, headers=county.office)).headers["ETag"]
    await county.client.patch(url, json={"name": "另一名称"}, headers={**county.office, "If-Match": etag})
    stale = await county.client.put(f"{url}/tier-override", json=body, headers={**county.office, "If-Match": etag})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    fresh = (await county.client.get(url, headers=county.office)).headers["ETag"]
    done = await county.client.put(f"{url}/tier-override", json=body, headers={**county.office, "If-Match": fresh})
    assert done.status_code == 200 and done.json()["tier"] == "city_key"
    assert done.headers["ETag"] != fresh


async def test_the_first_plan_of_a_year_needs_no_etag_and_replacing_it_needs_its_etag(county):
    project = await county.project()
    url = f"/api/v1/projects/{project['id']}/year-plans/2027"
    absent = await county.client.get(url, headers=county.office)
    assert (absent.status_code, absent.json()["code"]) == (404, "year_plan_not_found")
    first = await county.client.put(url, json={"planned_investment": "800"}, headers=county.office)
    assert first.status_code == 200, first.text
    etag = (await county.client.get(url, headers=county.office)).headers["ETag"]
    assert etag == first.headers["ETag"]
    missing = await county.client.put(url, json={"planned_investment": "900"}, headers=county.office)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    replaced = await county.client.put(url, json={"planned_investment": "900"},
                                       headers={**county.office, "If-Match": etag})
    assert replaced.status_code == 200 and replaced.json()["planned_investment"] == "900.00"
    stale = await county.client.put(url, json={"planned_investment": "950"},
                                    headers={**county.office, "If-Match": etag})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    assert (await county.client.get(url, headers=county.office)).json()["planned_investment"] == "900.00"
