"""The region's official-document format (公文格式): the registry's ``documents`` policy, edited by the office
with If-Match, and read resolved (every blank derived from the region's name) by the services that lay out
documents."""

from __future__ import annotations

from tests.registry.conftest import REGION

POLICY = f"/api/v1/policies/{REGION}/documents"
FORMAT = f"/api/v1/regions/{REGION}/document-format"


async def test_the_format_defaults_to_values_derived_from_the_region_name(county):
    resp = await county.client.get(FORMAT, headers=county.office)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    name = "栾川县"  # the region's name in the registry
    assert body["issuer"] == f"{name}重点项目建设领导小组办公室"
    assert body["letter_supervision_prefix"] == f"{name[0]}重项办督"
    assert body["meeting_notice_prefix"] == f"{name[0]}重项办"
    assert body["copy_to"] == [f"{name}委办公室", f"{name}人民政府办公室"]
    assert body["seal_authority"] == body["printer"] == body["issuer"]


async def test_the_office_changes_the_format_with_if_match_and_the_read_follows(county):
    first = await county.client.put(POLICY, headers=county.office, json={
        "issuer": "栾川县重点项目建设工作领导小组办公室", "ranking_notice_prefix": "栾重评",
        "main_recipients": ["各有关单位"]})
    assert first.status_code == 200, first.text
    again = await county.client.put(POLICY, headers=county.office, json={"code": "栾项办"})
    assert again.status_code == 428  # replacing the region's own value needs If-Match
    stale = await county.client.put(POLICY, headers={**county.office, "If-Match": '"stale"'}, json={"code": "栾项办"})
    assert stale.status_code == 412
    current = await county.client.get(f"{POLICY}?year=0", headers=county.office)
    ok = await county.client.put(POLICY, headers={**county.office, "If-Match": current.headers["ETag"]},
                                 json={**first.json()["value"], "code": "栾项办"})
    assert ok.status_code == 200, ok.text
    body = (await county.client.get(FORMAT, headers=county.office)).json()
    assert (body["issuer"], body["ranking_notice_prefix"], body["letter_push_prefix"], body["main_recipients"]) == (
        "栾川县重点项目建设工作领导小组办公室", "栾重评", "栾项办推", ["各有关单位"])


async def test_a_bad_format_value_names_the_field_and_another_region_reads_nothing(county, stack):
    resp = await county.client.put(POLICY, headers=county.office, json={"issuer": "长" * 41, "seal": "x"})
    assert resp.status_code == 422
    assert sorted(e["field"] for e in resp.json()["errors"]) == ["body.issuer", "body.seal"]
    other = stack.auth("office", region="410325")
    assert (await county.client.get(FORMAT, headers=other)).status_code == 403
