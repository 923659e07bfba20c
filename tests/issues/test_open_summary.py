"""Open problems of a region by level (a dashboard's figures): counted in SQL, past deadline and overdue
answers as of today, and a unit counts only what it may see."""

from __future__ import annotations

REGION = "410324"


async def _summary(desk, headers) -> dict:
    resp = await desk.client.get("/api/v1/problems/summary", params={"region_code": REGION}, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_open_problems_are_counted_by_level_with_past_deadline_and_overdue_answers(desk):
    await desk.project("LC-002", responsible_unit_id=desk.units["发改委"])
    team = await desk.raise_problem()
    meeting = await desk.raise_problem(level="system_meeting")
    other = await desk.raise_problem("LC-002")
    solved = await desk.raise_problem()
    await desk.step(solved["id"], "resolve", {"resolution": "已解决"})

    body = await _summary(desk, desk.office())
    assert [(c["level"], c["open"]) for c in body["by_level"]] == [
        ("team", 2),
        ("system_meeting", 1),
        ("county_meeting", 0),
        ("leadership", 0),
    ]
    assert (body["open"], body["past_deadline"], body["answer_overdue"]) == (3, 0, 0)

    desk.at("2026-12-31")  # every deadline and answer date has passed (no job has run)
    body = await _summary(desk, desk.office())
    with_deadline = sum(1 for p in (team, meeting, other) if p["deadline"])
    with_answer_date = sum(1 for p in (team, meeting, other) if p["answer_due_on"])
    assert (body["open"], body["past_deadline"], body["answer_overdue"]) == (3, with_deadline, with_answer_date)
    assert with_answer_date == 3

    mine = await _summary(desk, desk.unit("发改委"))
    assert (mine["open"], [c["open"] for c in mine["by_level"]]) == (1, [1, 0, 0, 0])


async def test_the_summary_of_another_region_is_refused(desk):
    resp = await desk.client.get("/api/v1/problems/summary", params={"region_code": "410325"}, headers=desk.office())
    assert resp.status_code == 403
