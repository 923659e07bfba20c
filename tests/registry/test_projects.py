"""Projects: codes, money, stages, 五个一, list tiers, edits."""

from __future__ import annotations

from sqlalchemy import select

from tests.registry.conftest import REGION


async def test_a_registered_project_keeps_money_as_decimal_strings(county):
    project = await county.project(total_investment="287.2345")
    assert project["total_investment"] == "287.2345"
    got = await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)
    assert got.status_code == 200
    assert got.json()["total_investment"] == "287.2345"
    assert got.headers["etag"] == f'"{got.json()["version"]}"'


async def test_national_code_accepts_both_formats_and_rejects_others(county):
    new = await county.project("A", national_code="2411-410324-89-01-637015")
    old = await county.project("B", national_code="2018-410324-48-01-000123")
    assert new["national_code"] and old["national_code"]
    bad = await county.client.post(
        "/api/v1/projects",
        headers=county.office,
        json={
            "region_code": REGION,
            "code": "C",
            "name": "x",
            "total_investment": "1",
            "responsible_unit_id": county.units["交通局"],
            "national_code": "24-410324-89-01-637015",
        },
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["body.national_code"]


async def test_national_code_is_unique(county):
    await county.project("A", national_code="2411-410324-89-01-637015")
    clash = await county.client.post(
        "/api/v1/projects",
        headers=county.office,
        json={
            "region_code": REGION,
            "code": "B",
            "name": "x",
            "total_investment": "1",
            "responsible_unit_id": county.units["交通局"],
            "national_code": "2411-410324-89-01-637015",
        },
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "national_code_taken"


async def test_negative_investment_is_refused_naming_the_field(county):
    resp = await county.client.post(
        "/api/v1/projects",
        headers=county.office,
        json={
            "region_code": REGION,
            "code": "N",
            "name": "x",
            "total_investment": "-5",
            "responsible_unit_id": county.units["交通局"],
        },
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.total_investment"


async def test_a_unit_of_another_region_cannot_be_referenced(county):
    other = await county.client.post(
        "/api/v1/units",
        json={"region_code": "410325", "name": "嵩县交通局", "kind": "department"},
        headers=county.admin,
    )
    resp = await county.client.post(
        "/api/v1/projects",
        headers=county.office,
        json={
            "region_code": REGION,
            "code": "X",
            "name": "x",
            "total_investment": "1",
            "responsible_unit_id": other.json()["id"],
        },
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.responsible_unit_id"


async def test_stage_moves_forward_and_is_kept_as_history(county):
    project = await county.project(stage="new_start")
    url = f"/api/v1/projects/{project['id']}/stage-changes"
    ok = await county.client.post(url, json={"to_stage": "under_construction", "reason": "开工"}, headers=county.office)
    assert ok.status_code == 201, ok.text
    refused = await county.client.post(url, json={"to_stage": "reserve"}, headers=county.office)
    assert refused.status_code == 422
    assert refused.json()["code"] == "stage_transition_not_allowed"
    history = (await county.client.get(url, headers=county.office)).json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        (None, "new_start"),
        ("new_start", "under_construction"),
    ]
    assert (await county.client.get(f"/api/v1/projects/{project['id']}", headers=county.office)).json()["stage"] == (
        "under_construction"
    )


async def test_five_ones_lists_what_a_project_lacks(county):
    project = await county.project(leader_post_id=None)
    assert set(project["missing_five_ones"]) == {"leader", "team", "push_plan", "ledger", "timetable"}
    pid = project["id"]
    await county.client.put(
        f"/api/v1/projects/{pid}/year-plans/2026",
        headers=county.office,
        json={
            "planned_investment": "3000",
            "planned_start_date": "2026-03-01",
            "planned_completion_date": "2027-06-30",
        },
    )
    etag = (await county.client.get(f"/api/v1/projects/{pid}", headers=county.office)).headers["etag"]
    patched = await county.client.patch(
        f"/api/v1/projects/{pid}",
        headers={**county.office, "If-Match": etag},
        json={
            "leader_post_id": county.posts["分管交通"],
            "push_plan": "推进方案",
            "ledger": "台账.xlsx",
            "team": [{"person_id": county.people["赵"], "role": "liaison"}],
        },
    )
    assert patched.status_code == 200, patched.text
    full = (await county.client.get(f"/api/v1/projects/{pid}?year=2026", headers=county.office)).json()
    assert full["missing_five_ones"] == []


async def test_list_tier_follows_the_thresholds_and_an_override_needs_a_reason(county, stack):
    small = await county.project("S", total_investment="4999")
    city_major = await county.project("M", total_investment="10000")
    provincial = await county.project("P", total_investment="100000")
    await county.client.put(
        f"/api/v1/projects/{provincial['id']}/year-plans/2026",
        headers=county.office,
        json={"planned_investment": "20000"},
    )

    async def tier(p):
        return (await county.client.get(f"/api/v1/projects/{p['id']}?year=2026", headers=county.office)).json()["tier"]

    assert await tier(small) == "county"
    assert await tier(city_major) == "city_major"
    assert await tier(provincial) == "provincial_major"
    url = f"/api/v1/projects/{small['id']}/tier-override"
    any_version = {**county.office, "If-Match": "*"}
    assert (await county.client.put(url, json={"tier": "city_key"}, headers=any_version)).status_code == 422
    resp = await county.client.put(url, json={"tier": "city_key", "reason": "高新技术项目"}, headers=any_version)
    assert resp.json()["tier"] == "city_key" and resp.json()["tier_computed"] == "county"


async def test_tier_thresholds_are_configuration_per_region_and_year(county, stack):
    from tuijin.registry.models import Policy

    project = await county.project("T", total_investment="6000")
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        session.add(Policy(region_code=REGION, name="tiers", year=2026, value={"city_key_total": "8000"}))
    got = await county.client.get(f"/api/v1/projects/{project['id']}?year=2026", headers=county.office)
    assert got.json()["tier"] == "county"
    other_year = await county.client.get(f"/api/v1/projects/{project['id']}?year=2025", headers=county.office)
    assert other_year.json()["tier"] == "city_key"


async def test_a_stale_edit_is_refused(county):
    project = await county.project()
    url = f"/api/v1/projects/{project['id']}"
    etag = (await county.client.get(url, headers=county.office)).headers["etag"]
    first = await county.client.patch(url, json={"name": "新名称"}, headers={**county.office, "If-Match": etag})
    assert first.status_code == 200
    second = await county.client.patch(url, json={"name": "另一个名称"}, headers={**county.office, "If-Match": etag})
    assert second.status_code == 412
    assert (await county.client.get(url, headers=county.office)).json()["name"] == "新名称"


async def test_registering_a_project_publishes_an_event(county, stack):
    project = await county.project()
    kernel = stack.apps["registry"].state.kernel_tables
    async with stack.apps["registry"].state.sessionmaker() as session:
        rows = (
            await session.execute(
                select(kernel.outbox.c.event_type, kernel.outbox.c.destination, kernel.outbox.c.payload).where(
                    kernel.outbox.c.event_type == "project.created"
                )
            )
        ).all()
    # issue 15: an event goes only to the services that handle it (the issues service keeps a copy of projects)
    assert {r.destination for r in rows} == {"issues"}
    assert all(r.payload["project_id"] == project["id"] for r in rows)


async def test_year_plan_dates_must_be_in_order(county):
    project = await county.project()
    resp = await county.client.put(
        f"/api/v1/projects/{project['id']}/year-plans/2026",
        headers=county.office,
        json={"planned_investment": "1", "planned_start_date": "2026-06-01", "planned_completion_date": "2026-05-01"},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.planned_completion_date"
