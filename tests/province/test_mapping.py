"""The item-to-procedure mapping is data the office keeps: listed, added, re-pointed and removed through
the API, and only to procedure types of its own region's catalogue."""

from __future__ import annotations

from tests.province.conftest import REGION, Province


async def test_the_demo_mapping_is_installed_once_and_can_be_re_pointed_and_removed(province: Province) -> None:
    """Defaults map the demo items to the shipped catalogue; a second install adds nothing; the office
    re-points an item and removes one."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    mappings = {m["item_code"]: m for m in (await province.client.get(base, headers=province.office)).json()["items"]}
    assert mappings["HN-HB-01"]["procedure_code"] == "eia"
    again = await province.client.post(f"{base}/defaults", headers=province.office)
    assert again.json() == []
    # removed first: one item per procedure type (issue 22), so forest_land is free before it is re-pointed to
    resp = await province.client.delete(
        f"/api/v1/province/mappings/{mappings['HN-LY-01']['id']}", headers=province.office
    )
    assert resp.status_code == 204
    url = f"/api/v1/province/mappings/{mappings['HN-SL-01']['id']}"
    etag = (await province.client.get(url, headers=province.office)).headers["etag"]
    resp = await province.client.patch(
        url, json={"procedure_type_id": province.types["forest_land"]}, headers={**province.office, "If-Match": etag}
    )
    assert resp.status_code == 200 and resp.json()["procedure_code"] == "forest_land"
    codes = {m["item_code"] for m in (await province.client.get(base, headers=province.office)).json()["items"]}
    assert "HN-LY-01" not in codes


async def test_a_mapping_must_name_a_procedure_type_of_the_region_and_an_item_once(province: Province) -> None:
    """An unknown procedure type is refused naming body.procedure_type_id; an item mapped twice is a conflict."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    resp = await province.client.post(
        base,
        json={"item_code": "HN-NEW-01", "procedure_type_id": "00000000-0000-0000-0000-000000000001"},
        headers=province.office,
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "body.procedure_type_id"
    resp = await province.client.post(
        base, json={"item_code": "HN-HB-01", "procedure_type_id": province.types["eia"]}, headers=province.office
    )
    assert resp.status_code == 409 and resp.json()["code"] == "item_already_mapped"


async def test_an_unlinked_project_takes_no_more_changes(province: Province) -> None:
    """After the office unlinks a project, its changes fail in the sync log (and can be replayed once it
    is linked again); its procedures stay as they were."""
    project = await province.linked_project(1)
    links = await province.client.get("/api/v1/province/links", params={"region_code": REGION}, headers=province.office)
    [link] = links.json()["items"]
    resp = await province.client.delete(f"/api/v1/province/links/{link['id']}", headers=province.office)
    assert resp.status_code == 200 and resp.json()["status"] == "unlinked"
    resp = await province.push([province.event(province.code(1), "HN-HB-01", "accepted", 1)])
    assert resp.json()["results"][0]["outcome"] == "failed"
    assert (await province.procedures(project["id"])) == {}


async def test_a_mapping_is_changed_only_with_the_etag_of_its_current_state(province: Province) -> None:
    """Issue 14 (one convention): a whole-resource edit takes If-Match; without it 428, with the ETag of an
    older read 412, and the mapping stays as the first edit left it. The read sends the ETag."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    [first] = [m for m in (await province.client.get(base, headers=province.office)).json()["items"]
               if m["item_code"] == "HN-SL-01"]
    url = f"/api/v1/province/mappings/{first['id']}"
    read = await province.client.get(url, headers=province.office)
    assert read.status_code == 200 and read.headers["etag"].startswith('"')
    blind = await province.client.patch(url, json={"item_name": "水保方案"}, headers=province.office)
    assert blind.status_code == 428 and blind.json()["code"] == "if_match_required"
    edit = {**province.office, "If-Match": read.headers["etag"]}
    resp = await province.client.patch(url, json={"item_name": "水保方案"}, headers=edit)
    assert resp.status_code == 200 and resp.headers["etag"] != read.headers["etag"]
    stale = await province.client.patch(url, json={"item_name": "水土保持"}, headers=edit)
    assert stale.status_code == 412 and stale.json()["code"] == "stale_etag"
    assert (await province.client.get(url, headers=province.office)).json()["item_name"] == "水保方案"


async def test_the_mapping_list_is_paged_by_item_code(province: Province) -> None:
    """Issue 14 (lists): the mapping is keyset-paginated; walking the pages gives every item once, in order."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await province.client.get(base, params=params, headers=province.office)).json()
        assert len(page["items"]) <= 3
        seen += [m["item_code"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 8


async def test_two_items_cannot_fill_in_one_procedure_type(province: Province) -> None:
    """Issue 22: a second item mapped to a procedure type the region already maps (by adding or by changing a
    mapping) is refused with 409 naming body.procedure_type_id, so one item's withdrawal cannot undo what
    another item completed; the existing mapping stays."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    resp = await province.client.post(
        base,
        json={"item_code": "HN-FG-09", "item_name": "节能审查（告知承诺）",
              "procedure_type_id": province.types["energy_review"]},
        headers=province.office,
    )
    assert resp.status_code == 409, resp.text
    assert resp.json()["code"] == "procedure_type_already_mapped"
    assert resp.json()["errors"][0]["field"] == "body.procedure_type_id"
    mappings = (await province.client.get(base, headers=province.office)).json()
    rows = mappings["items"] if isinstance(mappings, dict) else mappings
    assert [m["item_code"] for m in rows if m["procedure_code"] == "energy_review"] == ["HN-FG-03"]
    eia = next(m for m in rows if m["procedure_code"] == "eia")
    read = await province.client.get(f"/api/v1/province/mappings/{eia['id']}", headers=province.office)
    resp = await province.client.patch(
        f"/api/v1/province/mappings/{eia['id']}",
        json={"procedure_type_id": province.types["energy_review"]},
        headers={**province.office, "If-Match": read.headers["etag"]},
    )
    assert resp.status_code == 409 and resp.json()["code"] == "procedure_type_already_mapped", resp.text


async def test_mappings_of_one_procedure_type_sent_at_once_leave_one_and_answer_409(province: Province) -> None:
    """Issue 22: the database holds the one-item-per-procedure-type rule, not only the check before the write:
    ten different items mapped to one free procedure type at once leave exactly one mapping; every other answer
    is 409 procedure_type_already_mapped (never a 5xx)."""
    import asyncio

    base = f"/api/v1/province/regions/{REGION}/mappings"
    rows = (await province.client.get(base, headers=province.office)).json()["items"]
    eia = next(m for m in rows if m["procedure_code"] == "eia")
    resp = await province.client.delete(f"/api/v1/province/mappings/{eia['id']}", headers=province.office)
    assert resp.status_code == 204, resp.text

    def add(n: int):  # the request, not yet awaited
        body = {"item_code": f"HN-HB-9{n}", "item_name": "环评审批", "procedure_type_id": province.types["eia"]}
        return province.client.post(base, json=body, headers=province.office)

    answers = await asyncio.gather(*(add(n) for n in range(10)))
    assert sorted(r.status_code for r in answers) == [201] + [409] * 9, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"procedure_type_already_mapped"}
    rows = (await province.client.get(base, headers=province.office)).json()["items"]
    assert len([m for m in rows if m["procedure_code"] == "eia"]) == 1


async def test_the_database_refuses_a_second_item_on_one_procedure_type(province: Province) -> None:
    """Issue 22: a unique constraint (region, procedure type) on the mapping table refuses a second mapping
    written past the service (a script, a concurrent writer), on SQLite as on PostgreSQL."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from tuijin.registry.province.models import ItemMapping

    maker = province.stack.apps["registry"].state.sessionmaker
    type_id = __import__("uuid").UUID(province.types["eia"])
    with pytest.raises(IntegrityError):
        async with maker() as session, session.begin():
            session.add(ItemMapping(region_code=REGION, item_code="HN-HB-77", item_name="", procedure_type_id=type_id))
