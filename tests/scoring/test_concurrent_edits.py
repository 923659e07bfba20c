"""Concurrent edits (issue 14): a whole-resource write of scoring names the version it read with If-Match;
without it the write is refused with 428, with a stale one 412, and nothing is overwritten."""

from __future__ import annotations

from tests.scoring.conftest import FOUR, PROGRESS, REGION


async def _one_sheet(desk) -> dict:
    a = await desk.project("A")
    resp = await desk.client.post("/api/v1/scoring-rounds", json={
        "region_code": REGION, "name": "第三季度观摩", "period": "2026-Q3", "deadline": "2026-10-20",
        "criteria": [{"code": "progress", "name": "目标完成情况", "min": "0", "max": "60"}], "project_ids": [a],
        "scorers": [{"id": "scorer:张", "name": "张"}]}, headers=desk.office)
    assert resp.status_code == 201, resp.text
    listed = await desk.client.get("/api/v1/score-sheets", params={"round_id": resp.json()["id"]},
                                   headers=desk.scorer("张"))
    [sheet] = listed.json()["items"]
    return sheet


async def test_filling_a_sheet_without_if_match_is_refused_and_changes_nothing(desk):
    sheet = await _one_sheet(desk)
    url = f"/api/v1/score-sheets/{sheet['id']}"
    resp = await desk.client.put(url, json={"score": "50"}, headers=desk.scorer("张"))
    assert (resp.status_code, resp.json()["code"]) == (428, "if_match_required")
    assert (await desk.client.get(url, headers=desk.scorer("张"))).json()["score"] is None


async def test_a_sheet_filled_in_another_tab_refuses_the_stale_edit(desk):
    sheet = await _one_sheet(desk)
    url = f"/api/v1/score-sheets/{sheet['id']}"
    read = await desk.client.get(url, headers=desk.scorer("张"))
    assert read.status_code == 200 and read.headers["ETag"] == sheet["etag"]
    first = await desk.client.put(url, json={"score": "50"}, headers={**desk.scorer("张"), "If-Match": sheet["etag"]})
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != sheet["etag"] and first.json()["etag"] == first.headers["ETag"]
    stale = await desk.client.put(url, json={"score": "40"}, headers={**desk.scorer("张"), "If-Match": sheet["etag"]})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    again = await desk.client.get(url, headers=desk.scorer("张"))
    assert again.json()["score"] == "50.00" and again.headers["ETag"] == first.headers["ETag"]


async def test_another_scorers_sheet_is_not_found_whatever_the_if_match(desk):
    sheet = await _one_sheet(desk)
    url = f"/api/v1/score-sheets/{sheet['id']}"
    assert (await desk.client.get(url, headers=desk.scorer("李"))).status_code == 404
    resp = await desk.client.put(url, json={"score": "50"}, headers={**desk.scorer("李"), "If-Match": "*"})
    assert (resp.status_code, resp.json()["code"]) == (404, "sheet_not_found")


async def test_a_new_version_needs_the_schemes_etag_and_a_stale_one_is_refused(desk):
    scheme = await desk.scheme("four", FOUR)
    url = f"/api/v1/scoring-schemes/{scheme['id']}/versions"
    new = {"dimensions": [{**PROGRESS, "weight": "100"}]}
    resp = await desk.client.post(url, json=new, headers=desk.office)
    assert (resp.status_code, resp.json()["code"]) == (428, "if_match_required")
    read = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}", headers=desk.office)
    seen = {**desk.office, "If-Match": read.headers["ETag"]}
    published = await desk.client.post(url, json=new, headers=seen)
    assert published.status_code == 201 and published.headers["ETag"] != read.headers["ETag"]
    stale = await desk.client.post(url, json=new, headers=seen)  # a second office working from version 1
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    scheme_now = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}", headers=desk.office)
    assert scheme_now.json()["latest_version"] == 2 and scheme_now.headers["ETag"] == published.headers["ETag"]
