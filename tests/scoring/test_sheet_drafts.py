"""Scoring at the observation site (观摩打分, issue 21): each score is saved as a draft as the scorer goes, in the
observation route's order, and the scorer submits the round's sheets at the end; after that, or after the
deadline, nothing changes. Only the sheet's own scorer fills it, each score within its criterion's range."""

from __future__ import annotations

from tests.scoring.test_sheets import CRITERIA, _fill, _round, _sheets


async def _submit(desk, rnd, headers):
    return await desk.client.post(f"/api/v1/scoring-rounds/{rnd['id']}/submission", headers=headers)


async def test_sheets_come_in_the_observation_route_order(desk):
    """The round names its projects in route order; a scorer's list follows it, not the projects' names."""
    a, b, c = await desk.project("A"), await desk.project("B"), await desk.project("C")
    rnd = await _round(desk, [c, a, b], ["张"])
    resp = await desk.client.get("/api/v1/score-sheets", params={"round_id": rnd["id"], "limit": 200},
                                 headers=desk.scorer("张"))
    items = resp.json()["items"]
    assert [s["project_id"] for s in items[::2]] == [c, a, b]
    assert [s["route_order"] for s in items[::2]] == [0, 1, 2]


async def test_a_draft_changes_until_submitted_and_not_after(desk):
    """Scores are drafts: a scorer changes them freely; once the round's sheets are submitted a fill is 409."""
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"])
    assert (await _fill(desk, rnd, "张", a, "progress", "30")).status_code == 200
    assert (await _fill(desk, rnd, "张", a, "progress", "55")).status_code == 200
    assert (await _fill(desk, rnd, "张", a, "quality", "38.5")).status_code == 200
    sheets = await _sheets(desk, rnd, "张")
    assert sheets[(a, "progress")]["score"] == "55.00" and sheets[(a, "progress")]["submitted_at"] is None
    resp = await _submit(desk, rnd, desk.scorer("张"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["sheets"] == 2
    resp = await _fill(desk, rnd, "张", a, "progress", "20")
    assert resp.status_code == 409 and resp.json()["code"] == "sheet_submitted"
    sheets = await _sheets(desk, rnd, "张")
    assert sheets[(a, "progress")]["score"] == "55.00" and sheets[(a, "progress")]["submitted_at"]


async def test_submitting_with_an_empty_sheet_names_every_empty_one(desk):
    """Nothing is submitted while a sheet is empty: 422 ``sheets_unfilled`` with one error per empty sheet."""
    a, b = await desk.project("A"), await desk.project("B")
    rnd = await _round(desk, [a, b], ["张"])
    await _fill(desk, rnd, "张", a, "progress", "50")
    resp = await _submit(desk, rnd, desk.scorer("张"))
    assert resp.status_code == 422 and resp.json()["code"] == "sheets_unfilled"
    assert len(resp.json()["errors"]) == 3
    assert (await _fill(desk, rnd, "张", a, "quality", "30")).status_code == 200  # still a draft


async def test_submitting_again_answers_the_first_submission(desk):
    """A retried submission (a bad network) changes nothing and answers the same instant."""
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"], criteria=[CRITERIA[0]])
    await _fill(desk, rnd, "张", a, "progress", "50")
    first = await _submit(desk, rnd, desk.scorer("张"))
    again = await _submit(desk, rnd, desk.scorer("张"))
    assert first.status_code == again.status_code == 200
    assert first.json()["submitted_at"] == again.json()["submitted_at"]


async def test_only_the_rounds_scorers_submit_and_each_only_their_own(desk):
    """The office reads the round but has no sheet (403 ``not_a_scorer``); another scorer's submission leaves
    mine a draft; a stranger does not see the round (404)."""
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张", "李"], criteria=[CRITERIA[0]])
    resp = await _submit(desk, rnd, desk.office)
    assert resp.status_code == 403 and resp.json()["code"] == "not_a_scorer"
    assert (await _submit(desk, rnd, desk.scorer("王"))).status_code == 404
    await _fill(desk, rnd, "李", a, "progress", "40")
    assert (await _submit(desk, rnd, desk.scorer("李"))).status_code == 200
    assert (await _fill(desk, rnd, "张", a, "progress", "45")).status_code == 200


async def test_no_submission_after_the_deadline(desk):
    """After the deadline the drafts are what they are: no fill, no submission (409 ``deadline_passed``)."""
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"], criteria=[CRITERIA[0]])
    await _fill(desk, rnd, "张", a, "progress", "50")
    desk.at("2026-10-21")
    resp = await _submit(desk, rnd, desk.scorer("张"))
    assert resp.status_code == 409 and resp.json()["code"] == "deadline_passed"


async def test_a_draft_out_of_range_is_refused_per_criterion(desk):
    """Each criterion has its own range: 45 fits 目标完成情况 (0-60) but not 建设质量 (0-40)."""
    a = await desk.project("A")
    rnd = await _round(desk, [a], ["张"])
    assert (await _fill(desk, rnd, "张", a, "progress", "45")).status_code == 200
    resp = await _fill(desk, rnd, "张", a, "quality", "45")
    assert resp.status_code == 422 and resp.json()["code"] == "score_out_of_range"
