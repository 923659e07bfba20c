"""Reads the gateway's composed views make: a subject's latest published results (a project's dossier) and
a scorer's sheets still to fill in every open round (my to-dos)."""

from __future__ import annotations

from tests.scoring.conftest import PROGRESS, REGION

CRITERIA = [{"code": "progress", "name": "目标完成情况", "min": "0", "max": "60"}]


async def test_a_subjects_results_come_only_from_published_runs_newest_period_first(desk):
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000")
    await desk.project("B", plan="1000")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], period_kind="month")
    august = await desk.run(scheme, "2026-08")
    assert (await desk.publish(august)).status_code == 200
    september = await desk.run(scheme, "2026-09")
    assert (await desk.publish(september)).status_code == 200
    await desk.run(scheme, "2026-09")  # a second version, still a draft: not shown
    resp = await desk.client.get("/api/v1/scoring-runs/subject-results", params={"subject_id": a}, headers=desk.viewer)
    assert resp.status_code == 200, resp.text
    rows = resp.json()
    assert [(r["period"], r["run_id"], r["subject_id"]) for r in rows] == [
        ("2026-09", september["id"], a),
        ("2026-08", august["id"], a),
    ]
    assert rows[0]["rank"] in (1, 2) and "total" in rows[0]


async def test_a_subjects_results_of_another_region_are_not_shown(desk):
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], period_kind="month")
    assert (await desk.publish(await desk.run(scheme, "2026-09"))).status_code == 200
    other = desk.stack.auth("viewer", region="410325")
    resp = await desk.client.get("/api/v1/scoring-runs/subject-results", params={"subject_id": a}, headers=other)
    assert resp.status_code == 200 and resp.json() == []
    resp = await desk.client.get(
        "/api/v1/scoring-runs/subject-results", params={"subject_id": a, "region_code": REGION}, headers=other
    )
    assert resp.status_code == 403


async def test_without_a_round_a_scorer_sees_their_unfilled_sheets_of_the_rounds_still_open(desk):
    a = await desk.project("A")
    rounds = []
    for name, deadline in (("九月观摩", "2026-10-05"), ("十月观摩", "2026-10-20")):
        desk.at("2026-10-01")
        resp = await desk.client.post(
            "/api/v1/scoring-rounds",
            json={
                "region_code": REGION,
                "name": name,
                "period": "2026-Q3",
                "deadline": deadline,
                "criteria": CRITERIA,
                "project_ids": [a],
                "scorers": [{"id": "scorer:张", "name": "张"}, {"id": "scorer:李", "name": "李"}],
            },
            headers=desk.office,
        )
        assert resp.status_code == 201, resp.text
        rounds.append(resp.json())
    desk.at("2026-10-10")  # the September round is closed
    mine = desk.scorer("张")
    resp = await desk.client.get("/api/v1/score-sheets", params={"filled": "false"}, headers=mine)
    assert resp.status_code == 200, resp.text
    [sheet] = resp.json()["items"]
    assert (sheet["round_id"], sheet["scorer"]) == (rounds[1]["id"], "scorer:张")
    filled = await desk.client.put(f"/api/v1/score-sheets/{sheet['id']}", json={"score": "50"},
                                   headers={**mine, "If-Match": sheet["etag"]})
    assert filled.status_code == 200, filled.text
    resp = await desk.client.get("/api/v1/score-sheets", params={"filled": "false"}, headers=mine)
    assert resp.json()["items"] == []
    resp = await desk.client.get("/api/v1/score-sheets", params={"filled": "true"}, headers=mine)
    assert [s["id"] for s in resp.json()["items"]] == [sheet["id"]]
