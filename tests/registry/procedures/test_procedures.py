"""Procedures (手续, 联审联批): the catalogue, status rules, energy-review levels, overdue detection and its
announcement, the joint approval agenda, access."""

from __future__ import annotations

from tests.registry.conftest import REGION


def url(project: dict, *rest: str) -> str:
    return "/".join([f"/api/v1/projects/{project['id']}/procedures", *rest]).rstrip("/")


async def catalogue(desk) -> dict[str, dict]:
    resp = await desk.county.client.post(
        "/api/v1/procedure-types/defaults",
        headers=desk.office,
        json={
            "region_code": REGION,
            "lead_units": {
                "approval_filing": desk.county.units["发改委"],
                "energy_review": desk.county.units["发改委"],
            },
        },
    )
    assert resp.status_code == 200, resp.text
    resp = await desk.county.client.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=desk.office)
    return {t["code"]: t for t in resp.json()}


async def require(desk, project: dict, ptype: dict, headers: dict | None = None, **body) -> dict:
    resp = await desk.county.client.post(
        url(project), json={"procedure_type_id": ptype["id"], **body}, headers=headers or desk.office
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


async def set_status(desk, project: dict, procedure: dict, headers: dict | None = None, **body):
    return await desk.county.client.post(
        url(project, procedure["id"], "status-changes"), json=body, headers=headers or desk.office
    )


# ---------------------------------------------------------------- catalogue


async def test_the_default_catalogue_is_installed_once_with_its_lead_units(desk, county):
    desk.at("2026-09-01")
    types = await catalogue(desk)
    assert {
        "approval_filing",
        "land_pre_review",
        "eia",
        "energy_review",
        "forest_land",
        "soil_water",
        "construction_permit",
    } <= set(types)
    assert types["approval_filing"]["default_lead_unit_id"] == county.units["发改委"]
    again = await county.client.post(
        "/api/v1/procedure-types/defaults", json={"region_code": REGION}, headers=desk.office
    )
    assert again.json() == []
    listed = await county.client.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=desk.office)
    assert len(listed.json()) == len(types)


async def test_a_region_s_catalogue_is_bounded_so_it_is_read_as_one_list(desk, county, monkeypatch):
    """The catalogue list is not paginated: a region holds at most MAX_TYPES types, the next is refused."""
    from tuijin.registry.procedures import catalogue as catalogue_rules

    desk.at("2026-09-01")
    shipped = await catalogue(desk)
    monkeypatch.setattr(catalogue_rules, "MAX_TYPES", len(shipped) + 1)
    new_type = {"region_code": REGION, "code": "water_permit", "name": "取水许可"}
    first = await county.client.post("/api/v1/procedure-types", json=new_type, headers=desk.office)
    assert first.status_code == 201, first.text
    another = {**new_type, "code": "flood_review", "name": "防洪影响评价"}
    refused = await county.client.post("/api/v1/procedure-types", json=another, headers=desk.office)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "catalogue_full"
    listed = await county.client.get(f"/api/v1/procedure-types?region_code={REGION}", headers=desk.office)
    assert len(listed.json()) == len(shipped) + 1


async def test_a_required_procedure_takes_the_type_s_lead_unit_and_is_required_once(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    procedure = await require(desk, project, types["approval_filing"], deadline="2026-09-30")
    assert (procedure["lead_unit_id"], procedure["status"], procedure["source"]) == (
        county.units["发改委"],
        "not_started",
        "manual",
    )
    twice = await county.client.post(
        url(project), json={"procedure_type_id": types["approval_filing"]["id"]}, headers=desk.office
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "procedure_already_required"


# ---------------------------------------------------------------- status rules


async def test_done_needs_the_approval_number_and_date(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["eia"])
    refused = await set_status(desk, project, procedure, status="done")
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"body.approval_number", "body.approval_date"}
    done = await set_status(
        desk, project, procedure, status="done", approval_number="栾环审〔2026〕8号", approval_date="2026-08-28"
    )
    assert done.status_code == 201, done.text
    assert (done.json()["status"], done.json()["approval_number"]) == ("done", "栾环审〔2026〕8号")


async def test_an_approval_date_cannot_be_in_the_future(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["eia"])
    resp = await set_status(desk, project, procedure, status="done", approval_number="x", approval_date="2026-09-02")
    assert resp.status_code == 422
    assert [(e["field"], e["type"]) for e in resp.json()["errors"]] == [("body.approval_date", "date_in_future")]


async def test_not_needed_needs_a_reason(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["forest_land"])
    refused = await set_status(desk, project, procedure, status="not_needed")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.reason"
    ok = await set_status(desk, project, procedure, status="not_needed", reason="项目不占用林地")
    assert ok.status_code == 201
    assert ok.json()["status_reason"] == "项目不占用林地"


async def test_only_a_done_procedure_carries_an_approval(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["eia"])
    resp = await set_status(desk, project, procedure, status="in_progress", approval_number="栾环审〔2026〕8号")
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["type"] == "approval_not_done"


async def test_reopening_a_done_procedure_needs_a_reason_and_clears_its_approval(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["eia"])
    await set_status(desk, project, procedure, status="done", approval_number="A-1", approval_date="2026-08-28")
    refused = await set_status(desk, project, procedure, status="in_progress")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.reason"
    reopened = await set_status(desk, project, procedure, status="in_progress", reason="批复被撤销，重新报批")
    assert reopened.status_code == 201
    assert (reopened.json()["approval_number"], reopened.json()["approval_date"]) == ("", None)
    same = await set_status(desk, project, procedure, status="in_progress")
    assert same.status_code == 422
    assert same.json()["code"] == "status_unchanged"


async def test_status_changes_are_kept_as_history(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["land_pre_review"])
    await set_status(desk, project, procedure, status="in_progress")
    await set_status(
        desk, project, procedure, status="done", approval_number="栾自然资预〔2026〕3号", approval_date="2026-09-01"
    )
    resp = await county.client.get(url(project, procedure["id"], "status-changes"), headers=desk.office)
    history = resp.json()["items"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
    ]
    assert await desk.events("procedure.status_changed") == []  # issue 15: no service handles it, so it is sent nowhere


# ---------------------------------------------------------------- energy review


async def test_the_energy_review_level_follows_the_thresholds_at_their_boundaries(desk, county):
    desk.at("2026-09-01")

    async def level(tce: str) -> str:
        resp = await county.client.get(
            "/api/v1/procedures/energy-review-level",
            params={"region_code": REGION, "energy_use_tce": tce},
            headers=desk.office,
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["level"]

    assert [await level(t) for t in ("999.9999", "1000", "4999.9999", "5000")] == ["county", "city", "city", "province"]
    await desk.set_policy("energy_review", {"province_min_tce": "3000", "city_min_tce": "500"})
    assert [await level(t) for t in ("499", "500", "3000")] == ["county", "city", "province"]


async def test_the_energy_review_record_carries_the_energy_use_and_its_level(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    review = await require(desk, project, types["energy_review"], energy_use_tce="5000")
    assert (review["energy_use_tce"], review["energy_review_level"]) == ("5000.00", "province")
    patched = await county.client.patch(
        url(project, review["id"]),
        json={"energy_use_tce": "999.5"},
        headers={**desk.office, "If-Match": f'"{review["version"]}"'},
    )
    assert patched.json()["energy_review_level"] == "county"
    elsewhere = await county.client.post(
        url(project), headers=desk.office, json={"procedure_type_id": types["eia"]["id"], "energy_use_tce": "10"}
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"][0]["field"] == "body.energy_use_tce"


# ---------------------------------------------------------------- overdue


async def test_a_procedure_is_overdue_after_its_deadline_unless_done_or_not_needed(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    late = await require(desk, project, types["eia"], deadline="2026-09-30")
    done = await require(desk, project, types["land_pre_review"], deadline="2026-09-30")
    skipped = await require(desk, project, types["forest_land"], deadline="2026-09-30")
    await require(desk, project, types["soil_water"], deadline="2026-10-08")
    await set_status(desk, project, done, status="done", approval_number="A", approval_date="2026-09-01")
    await set_status(desk, project, skipped, status="not_needed", reason="不占林地")
    desk.at("2026-09-30", "23:59")
    overdue = await county.client.get("/api/v1/procedures", params={"overdue": "true"}, headers=desk.office)
    assert overdue.json()["items"] == []
    desk.at("2026-10-08")
    overdue = (await county.client.get("/api/v1/procedures", params={"overdue": "true"}, headers=desk.office)).json()
    assert [(p["id"], p["days_late"], p["working_days_late"]) for p in overdue["items"]] == [(late["id"], 8, 1)]
    assert overdue["items"][0]["project_code"] == project["code"]


async def test_the_overdue_job_announces_each_procedure_once(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    await require(desk, project, types["eia"], deadline="2026-09-30")
    await require(desk, project, types["land_pre_review"], deadline="2026-09-29")
    await require(desk, project, types["soil_water"], deadline="2026-12-31")
    desk.at("2026-10-09")
    assert (await desk.run_job("procedure-overdue"))["announced"] == 2
    assert (await desk.run_job("procedure-overdue"))["announced"] == 0
    assert await desk.events("procedure.overdue") == []  # issue 15: no service handles it, so it is sent nowhere


async def test_projects_with_unfinished_procedures_make_the_joint_approval_agenda(desk, county, stack):
    a, b, c = [await county.project(code) for code in ("A", "B", "C")]
    desk.at("2026-09-01")
    types = await catalogue(desk)
    late = await require(desk, a, types["eia"], deadline="2026-09-10")
    await require(desk, a, types["soil_water"], deadline="2026-12-31")
    await require(desk, b, types["eia"], deadline="2026-12-31")
    finished = await require(desk, c, types["eia"])
    await set_status(desk, c, finished, status="done", approval_number="A", approval_date="2026-09-01")
    desk.at("2026-10-09")
    service = {"Authorization": f"Bearer {stack.codec.service_token('meetings')}"}
    agenda = await county.client.get(
        "/api/v1/procedures/open-by-project", headers=service, params={"region_code": REGION, "limit": 1}
    )
    assert agenda.status_code == 200, agenda.text
    first = agenda.json()
    rest = (
        await county.client.get(
            "/api/v1/procedures/open-by-project",
            headers=service,
            params={"region_code": REGION, "cursor": first["next_cursor"]},
        )
    ).json()
    items = first["items"] + rest["items"]
    assert [(i["project_code"], i["overdue_count"], len(i["open_procedures"])) for i in items] == [
        ("A", 1, 2),
        ("B", 0, 1),
    ]
    overdue_only = (
        await county.client.get(
            "/api/v1/procedures/open-by-project",
            headers=service,
            params={"region_code": REGION, "overdue_only": "true"},
        )
    ).json()
    assert [i["project_code"] for i in overdue_only["items"]] == ["A"]
    assert [p["id"] for p in overdue_only["items"][0]["open_procedures"] if p["is_overdue"]] == [late["id"]]


# ---------------------------------------------------------------- access


async def test_the_lead_unit_moves_a_procedure_it_leads_but_does_not_edit_the_project_s_plan(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    procedure = await require(desk, project, (await catalogue(desk))["approval_filing"])  # led by 发改委
    lead = desk.unit("发改委")
    assert (await county.client.get(url(project, procedure["id"]), headers=lead)).status_code == 200
    moved = await set_status(desk, project, procedure, headers=lead, status="in_progress")
    assert moved.status_code == 201, moved.text
    patch = await county.client.patch(
        url(project, procedure["id"]),
        json={"deadline": "2026-12-31"},
        headers={**lead, "If-Match": f'"{moved.json()["version"]}"'},
    )
    assert patch.status_code == 403
    listed = await county.client.get(
        "/api/v1/procedures", params={"lead_unit_id": county.units["发改委"]}, headers=lead
    )
    assert [p["id"] for p in listed.json()["items"]] == [procedure["id"]]


async def test_a_unit_of_another_project_cannot_edit_its_procedures(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    procedure = await require(desk, project, types["eia"])
    stranger = desk.unit("城关镇")
    assert (await county.client.get(url(project, procedure["id"]), headers=stranger)).status_code == 404
    assert (await set_status(desk, project, procedure, headers=stranger, status="in_progress")).status_code == 404
    add = await county.client.post(
        url(project), json={"procedure_type_id": types["soil_water"]["id"]}, headers=stranger
    )
    assert add.status_code == 404
    responsible = await require(desk, project, types["soil_water"], headers=desk.unit("交通局"))
    assert responsible["status"] == "not_started"


async def test_another_region_sees_no_procedure(desk, county):
    project = await county.project()
    desk.at("2026-09-01")
    types = await catalogue(desk)
    procedure = await require(desk, project, types["eia"], deadline="2026-09-10")
    desk.at("2026-10-09")
    other = desk.other_office
    assert (await county.client.get(url(project), headers=other)).status_code == 404
    assert (await county.client.get(url(project, procedure["id"]), headers=other)).status_code == 404
    assert (await county.client.get("/api/v1/procedures", params={"overdue": "true"}, headers=other)).json()[
        "items"
    ] == []
    agenda = await county.client.get(
        "/api/v1/procedures/open-by-project", params={"region_code": REGION}, headers=other
    )
    assert agenda.status_code == 403
    catalogue_read = await county.client.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=other)
    assert catalogue_read.status_code == 403
