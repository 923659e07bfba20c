"""Posts and leaders, and who sees what."""

from __future__ import annotations

import uuid

from tests.registry.conftest import REGION


async def test_a_new_post_holder_takes_over_every_project_of_the_post(county):
    a = await county.project("A")
    b = await county.project("B")
    resp = await county.client.put(
        f"/api/v1/posts/{county.posts['分管交通']}/holder",
        headers={**county.office, "If-Match": "*"},
        json={"person_id": county.people["王"], "start_date": "2026-03-01"},
    )
    assert resp.status_code == 200, resp.text
    for p in (a, b):
        leader = (await county.client.get(f"/api/v1/projects/{p['id']}", headers=county.office)).json()["leader"]
        assert leader["person_name"] == "王副县长"
    history = (
        await county.client.get(f"/api/v1/posts/{county.posts['分管交通']}/holdings", headers=county.office)
    ).json()
    assert [(h["person_name"], h["start_date"], h["end_date"]) for h in history] == [
        ("李副县长", "2025-01-01", "2026-02-28"),
        ("王副县长", "2026-03-01", None),
    ]


async def test_a_unit_sees_only_its_own_projects(county, stack):
    mine = await county.project("MINE")
    co = await county.project("CO", responsible_unit_id=county.units["发改委"], co_unit_ids=[county.units["交通局"]])
    other = await county.project("OTHER", responsible_unit_id=county.units["发改委"])
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    listed = (await county.client.get("/api/v1/projects", headers=unit)).json()["items"]
    assert {p["code"] for p in listed} == {"MINE", "CO"}
    assert (await county.client.get(f"/api/v1/projects/{other['id']}", headers=unit)).status_code == 404
    assert (await county.client.get(f"/api/v1/projects/{mine['id']}", headers=unit)).status_code == 200
    assert co["co_unit_ids"] == [county.units["交通局"]]


async def test_a_leader_sees_the_projects_of_the_posts_they_hold(county, stack):
    await county.project("LEAD")
    await county.project("NOLEAD", leader_post_id=None)
    leader = stack.auth("leader", region=REGION)
    token = stack.codec.encode(
        {"sub": "u:li", "roles": ["leader"], "region": REGION, "person": county.people["李"], "typ": "access"},
        __import__("datetime").timedelta(minutes=5),
    )
    listed = (await county.client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"})).json()
    assert [p["code"] for p in listed["items"]] == ["LEAD"]
    nobody = (await county.client.get("/api/v1/projects", headers=leader)).json()
    assert nobody["items"] == []


async def test_a_user_never_sees_another_region(county, stack):
    project = await county.project()
    other_office = stack.auth("office", region="410325")
    assert (await county.client.get(f"/api/v1/projects/{project['id']}", headers=other_office)).status_code == 404
    assert (await county.client.get("/api/v1/projects", headers=other_office)).json()["items"] == []
    resp = await county.client.post(
        "/api/v1/projects",
        headers=other_office,
        json={
            "region_code": REGION,
            "code": "Z",
            "name": "x",
            "total_investment": "1",
            "responsible_unit_id": county.units["交通局"],
        },
    )
    assert resp.status_code == 403


async def test_a_prefecture_office_sees_its_counties(county, stack):
    await county.project()
    city = stack.auth("office", region="410300")
    assert len((await county.client.get("/api/v1/projects", headers=city)).json()["items"]) == 1


async def test_a_unit_cannot_edit_projects(county, stack):
    project = await county.project()
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    url = f"/api/v1/projects/{project['id']}"
    etag = (await county.client.get(url, headers=unit)).headers["etag"]
    resp = await county.client.patch(url, json={"name": "x"}, headers={**unit, "If-Match": etag})
    assert resp.status_code == 403


async def test_list_filters_and_pages_walk_every_project_once(county):
    for i in range(7):
        await county.project(
            f"P{i}", system_id=county.systems["基础设施"] if i % 2 else None, name=f"道路{i}" if i < 3 else f"学校{i}"
        )
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await county.client.get("/api/v1/projects", params=params, headers=county.office)).json()
        seen += [p["code"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"P{i}" for i in range(7)]
    by_system = (
        await county.client.get(
            "/api/v1/projects", params={"system_id": county.systems["基础设施"]}, headers=county.office
        )
    ).json()["items"]
    assert [p["code"] for p in by_system] == ["P1", "P3", "P5"]
    by_text = (await county.client.get("/api/v1/projects", params={"q": "道路"}, headers=county.office)).json()
    assert [p["code"] for p in by_text["items"]] == ["P0", "P1", "P2"]


async def test_bulk_read_returns_many_projects_in_one_call_and_skips_invisible_ones(county, stack):
    a = await county.project("A")
    b = await county.project("B", responsible_unit_id=county.units["发改委"])
    service = {"Authorization": f"Bearer {stack.codec.service_token('issues')}"}
    both = await county.client.post("/api/v1/projects/bulk", json={"ids": [a["id"], b["id"]]}, headers=service)
    assert [p["code"] for p in both.json()] == ["A", "B"]
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    mine = await county.client.post("/api/v1/projects/bulk", json={"ids": [a["id"], b["id"]]}, headers=unit)
    assert [p["code"] for p in mine.json()] == ["A"]


async def test_the_gateway_routes_the_project_library(county, stack):
    await county.project()
    resp = await stack.client("gateway").get("/api/v1/projects", headers=county.office)
    assert resp.status_code == 200
    assert resp.json()["items"][0]["code"] == "LC-001"
