"""Schemes: versioned configuration whose weights add up, within a small safe set of dimensions."""

from __future__ import annotations

from decimal import Decimal

from tests.scoring.conftest import FOUR, PROGRESS, REGION


async def test_a_scheme_whose_weights_do_not_add_up_is_refused(desk):
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "bad", "name": "坏方案", "subject_kind": "project", "period_kind": "quarter",
        "version": {"dimensions": [{**PROGRESS, "weight": "60"}]}}, headers=desk.office)
    assert resp.status_code == 422 and resp.json()["code"] == "weights_do_not_add_up"
    assert resp.json()["errors"][0]["field"] == "body.version.dimensions"
    listed = await desk.client.get("/api/v1/scoring-schemes", params={"region_code": REGION}, headers=desk.office)
    assert listed.json()["items"] == []


async def test_a_new_version_whose_weights_do_not_add_up_is_refused(desk):
    scheme = await desk.scheme("four", FOUR)
    resp = await desk.client.post(f"/api/v1/scoring-schemes/{scheme['id']}/versions",
                                  json={"dimensions": FOUR[:2]}, headers=await desk.if_match(scheme))
    assert resp.status_code == 422 and resp.json()["code"] == "weights_do_not_add_up"
    again = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}", headers=desk.office)
    assert again.json()["latest_version"] == 1


async def test_a_dimension_cannot_give_more_than_its_weight(desk):
    bands = {"code": "size", "name": "规模", "weight": "10", "kind": "bands", "input": "total_investment",
             "bands": [{"min": "0", "points": "20"}]}
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "bad", "name": "坏方案", "subject_kind": "project", "period_kind": "quarter",
        "version": {"dimensions": [bands, {**PROGRESS, "weight": "90"}]}}, headers=desk.office)
    assert resp.status_code == 422 and resp.json()["code"] == "points_above_weight"


async def test_an_unknown_kind_of_dimension_is_refused(desk):
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "bad", "name": "坏方案", "subject_kind": "project", "period_kind": "quarter",
        "version": {"dimensions": [{"code": "x", "name": "x", "weight": "100", "kind": "python",
                                    "expression": "__import__('os')"}]}}, headers=desk.office)
    assert resp.status_code == 422


async def test_only_the_office_manages_schemes(desk):
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "x", "name": "x", "subject_kind": "project", "period_kind": "quarter",
        "version": {"dimensions": FOUR}}, headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.client.post("/api/v1/scoring-schemes/defaults", json={"region_code": REGION},
                                  headers=desk.other_office)
    assert resp.status_code == 403


async def test_the_shipped_defaults_are_qingshui_five_dimensions_and_luanchuan_observation(desk):
    schemes = await desk.defaults()
    assert set(schemes) == {"qingshui-monthly", "qingshui-quarterly", "qingshui-yearly",
                            "qingshui-departments-yearly", "qingshui-townships-yearly", "luanchuan-observation"}
    five = schemes["qingshui-quarterly"]["current"]
    assert [d["name"] for d in five["dimensions"]] == ["谋划储备", "资金争取", "实施进度", "制度履行", "投资完成率"]
    assert sum(Decimal(d["weight"]) for d in five["dimensions"]) == Decimal(100)
    assert (five["praise_size"], five["criticism_size"]) == (3, 3)
    assert schemes["qingshui-departments-yearly"]["current"]["praise_size"] == 6
    assert schemes["qingshui-townships-yearly"]["current"]["praise_size"] == 3
    assert schemes["luanchuan-observation"]["current"]["dimensions"][0]["kind"] == "sheets"
    assert await desk.defaults() == {}  # installing again creates nothing


async def test_publishing_a_version_keeps_the_earlier_ones(desk):
    scheme = await desk.scheme("four", FOUR)
    new = [{**PROGRESS, "weight": "100"}]
    resp = await desk.client.post(f"/api/v1/scoring-schemes/{scheme['id']}/versions", json={"dimensions": new},
                                  headers=await desk.if_match(scheme))
    assert resp.status_code == 201 and resp.json()["version"] == 2
    versions = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}/versions", headers=desk.viewer)
    assert [(v["version"], len(v["dimensions"])) for v in versions.json()["items"]] == [(2, 1), (1, 4)]
