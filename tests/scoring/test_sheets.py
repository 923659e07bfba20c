"""Observation scoring (观摩打分): sheets per scorer, project and criterion, validated, trimmed, tracked."""

from __future__ import annotations

from tests.scoring.conftest import REGION

CRITERIA = [{"code": "progress", "name": "目标完成情况", "min": "0", "max": "60"},
            {"code": "quality", "name": "建设质量", "min": "0", "max": "40"}]


async def _round(desk, projects: list[str], scorers: list[str], **body):
    resp = await desk.client.post("/api/v1/scoring-rounds", json={
        "region_code": REGION, "name": "第三季度观摩", "period": "2026-Q3", "deadline": "2026-10-20",
        "criteria": CRITERIA, "project_ids": projects,
        "scorers": [{"id": f"scorer:{s}", "name": s} for s in scorers], **body}, headers=desk.office)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def _sheets(desk, rnd, scorer: str) -> dict[tuple[str, str], dict]:
    resp = await desk.client.get("/api/v1/score-sheets", params={"round_id": rnd["id"], "limit": 200},
                                 headers=desk.scorer(scorer))
    assert resp.status_code == 200, resp.text
    return {(s["project_id"], s["criterion"]): s for s in resp.json()["items"]}


async def _fill(desk, rnd, scorer: str, project: str, criterion: str, score: str):
    sheet = (await _sheets(desk, rnd, scorer))[(project, criterion)]
    return await desk.client.put(f"/api/v1/score-sheets/{sheet['id']}", json={"score": score},
                                 headers={**desk.scorer(scorer), "If-Match": sheet["etag"]})


async def test_a_round_hands_each_scorer_one_sheet_per_project_per_criterion(desk):
    a, b = await desk.project("A"), await desk.project("B")
    rnd = await _round(desk, [a, b], ["张", "李"])
    mine = await _sheets(desk, rnd, "张")
    assert set(mine) == {(a, "progress"), (a, "quality"), (b, "progress"), (b, "quality")}
    assert {s["scorer"] for s in mine.values()} == {"scorer:张"}


async def test_a_score_out_of_the_criterion_range_is_refused(desk):
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"])
    resp = await _fill(desk, rnd, "张", a, "quality", "45")
    assert resp.status_code == 422 and resp.json()["code"] == "score_out_of_range"
    assert resp.json()["errors"][0]["field"] == "body.score"
    assert (await _fill(desk, rnd, "张", a, "quality", "38.5")).status_code == 200


async def test_a_sheet_after_its_deadline_is_refused(desk):
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"])
    desk.at("2026-10-21")
    resp = await _fill(desk, rnd, "张", a, "progress", "50")
    assert resp.status_code == 409 and resp.json()["code"] == "deadline_passed"


async def test_scorers_fill_only_their_own_sheets(desk):
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张", "李"])
    sheet = (await _sheets(desk, rnd, "张"))[(a, "progress")]
    resp = await desk.client.put(f"/api/v1/score-sheets/{sheet['id']}", json={"score": "10"},
                                 headers=desk.scorer("李"))
    assert resp.status_code == 404
    assert await _sheets(desk, rnd, "王") == {}


async def test_who_has_not_scored_yet_is_visible(desk):
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张", "李"])
    await _fill(desk, rnd, "张", a, "progress", "50")
    await _fill(desk, rnd, "张", a, "quality", "30")
    await _fill(desk, rnd, "李", a, "progress", "40")
    resp = await desk.client.get(f"/api/v1/scoring-rounds/{rnd['id']}/progress", headers=desk.office)
    assert resp.json()["not_done"] == ["李"]
    by = {s["scorer_name"]: s for s in resp.json()["scorers"]}
    assert (by["李"]["filled"], by["李"]["missing"]) == (1, 1)
    resp = await desk.client.get(f"/api/v1/scoring-rounds/{rnd['id']}/progress", headers=desk.scorer("张"))
    assert resp.status_code == 403


async def test_with_few_scorers_the_project_score_is_the_plain_mean(desk):
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["甲", "乙", "丙"], criteria=[CRITERIA[0]])
    for scorer, score in (("甲", "30"), ("乙", "45"), ("丙", "60")):
        await _fill(desk, rnd, scorer, a, "progress", score)
    [row] = (await desk.client.get(f"/api/v1/scoring-rounds/{rnd['id']}/scores", headers=desk.office)).json()
    assert row["score"] == "45.00" and row["out_of"] == "60.00"


async def test_with_enough_scorers_the_highest_and_lowest_are_dropped(desk):
    a = await desk.project("A")
    names = ["甲", "乙", "丙", "丁", "戊"]
    rnd = await _round(desk, [a], names, criteria=[CRITERIA[0]])
    for scorer, score in zip(names, ("0", "40", "42", "44", "60"), strict=True):
        await _fill(desk, rnd, scorer, a, "progress", score)
    [row] = (await desk.client.get(f"/api/v1/scoring-rounds/{rnd['id']}/scores", headers=desk.office)).json()
    assert row["score"] == "42.00" and "去掉最高最低各 1 个" in row["explanation"]


async def test_the_observation_scheme_ranks_projects_by_their_round_scores(desk):
    a, b = await desk.project("A"), await desk.project("B")
    rnd = await _round(desk, [a, b], ["甲", "乙"])
    for scorer in ("甲", "乙"):
        await _fill(desk, rnd, scorer, a, "progress", "50")
        await _fill(desk, rnd, scorer, a, "quality", "30")
        await _fill(desk, rnd, scorer, b, "progress", "60")
        await _fill(desk, rnd, scorer, b, "quality", "35")
    schemes = await desk.defaults()
    run = await desk.run(schemes["luanchuan-observation"], "2026-Q3")
    results = await desk.results(run)
    assert [(r["subject_code"], r["total"], r["rank"]) for r in results] == [("B", "95.00", 1), ("A", "80.00", 2)]


async def test_a_round_for_projects_of_another_region_is_refused(desk):
    a = await desk.project("A")
    resp = await desk.client.post("/api/v1/scoring-rounds", json={
        "region_code": REGION, "name": "观摩", "period": "2026-Q3", "deadline": "2026-10-20", "criteria": CRITERIA,
        "project_ids": [a, "00000000-0000-0000-0000-000000000001"], "scorers": [{"id": "scorer:张", "name": "张"}]},
        headers=desk.office)
    assert resp.status_code == 422 and resp.json()["code"] == "unknown_project"
    assert resp.json()["errors"][0]["field"] == "body.project_ids.1"
