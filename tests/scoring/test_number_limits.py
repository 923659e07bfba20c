"""Points and scores within what the database holds: a scheme's points are at most 6 integer digits and
4 places, a sheet's score at most 6 and 2; the largest allowed reads back exactly, one past it is a 422
naming the field (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.scoring.conftest import PROGRESS, REGION

LARGEST_POINTS = "999999.9999"
LARGEST_SCORE = "999999.99"


async def test_the_largest_total_points_read_back_exactly(desk):
    scheme = await desk.scheme("max", [{**PROGRESS, "weight": LARGEST_POINTS}], total_points=LARGEST_POINTS)
    again = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}", headers=desk.office)
    assert again.status_code == 200, again.text
    version = again.json()["current"]
    assert version["total_points"] == LARGEST_POINTS
    assert version["dimensions"][0]["weight"] == LARGEST_POINTS


async def test_points_past_the_limit_are_a_422_naming_the_field(desk):
    for field, dimension, total in (
        ("body.version.total_points", {**PROGRESS, "weight": "60"}, "1000000"),
        ("body.version.dimensions.0.ratio.weight", {**PROGRESS, "weight": "60.00001"}, "60"),
    ):
        resp = await desk.client.post("/api/v1/scoring-schemes", json={
            "region_code": REGION, "code": "big", "name": "大方案", "subject_kind": "project",
            "period_kind": "quarter", "version": {"dimensions": [dimension], "total_points": total}},
            headers=desk.office)
        assert resp.status_code == 422, resp.text
        assert [e["field"] for e in resp.json()["errors"]] == [field]
        assert "位小数" in resp.json()["errors"][0]["message"]


async def test_the_largest_score_reads_back_exactly_and_one_more_place_is_refused(desk):
    a = await desk.project("A")
    resp = await desk.client.post("/api/v1/scoring-rounds", json={
        "region_code": REGION, "name": "观摩", "period": "2026-Q3", "deadline": "2026-10-20",
        "criteria": [{"code": "all", "name": "综合", "min": "0", "max": LARGEST_SCORE}], "project_ids": [a],
        "scorers": [{"id": "scorer:张", "name": "张"}]}, headers=desk.office)
    assert resp.status_code == 201, resp.text
    sheets = await desk.client.get("/api/v1/score-sheets", params={"round_id": resp.json()["id"]},
                                   headers=desk.scorer("张"))
    [sheet] = sheets.json()["items"]
    url = f"/api/v1/score-sheets/{sheet['id']}"
    refused = await desk.client.put(url, json={"score": "1.005"}, headers=desk.scorer("张"))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.score"]
    filled = await desk.client.put(url, json={"score": LARGEST_SCORE}, headers={**desk.scorer("张"),
                                                                                "If-Match": sheet["etag"]})
    assert filled.status_code == 200, filled.text
    again = await desk.client.get("/api/v1/score-sheets", params={"round_id": resp.json()["id"]},
                                  headers=desk.scorer("张"))
    assert again.json()["items"][0]["score"] == LARGEST_SCORE
