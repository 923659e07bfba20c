"""The item-to-procedure mapping is data the office keeps: listed, added, re-pointed and removed through
the API, and only to procedure types of its own region's catalogue."""

from __future__ import annotations

from tests.province.conftest import REGION, Province


async def test_the_demo_mapping_is_installed_once_and_can_be_re_pointed_and_removed(province: Province) -> None:
    """Defaults map the demo items to the shipped catalogue; a second install adds nothing; the office
    re-points an item and removes one."""
    base = f"/api/v1/province/regions/{REGION}/mappings"
    mappings = {m["item_code"]: m for m in (await province.client.get(base, headers=province.office)).json()}
    assert mappings["HN-HB-01"]["procedure_code"] == "eia"
    again = await province.client.post(f"{base}/defaults", headers=province.office)
    assert again.json() == []
    resp = await province.client.patch(
        f"/api/v1/province/mappings/{mappings['HN-SL-01']['id']}",
        json={"procedure_type_id": province.types["forest_land"]},
        headers=province.office,
    )
    assert resp.status_code == 200 and resp.json()["procedure_code"] == "forest_land"
    resp = await province.client.delete(
        f"/api/v1/province/mappings/{mappings['HN-LY-01']['id']}", headers=province.office
    )
    assert resp.status_code == 204
    codes = {m["item_code"] for m in (await province.client.get(base, headers=province.office)).json()}
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
