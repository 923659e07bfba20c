"""Working with the meetings service: the agenda it reads, and the minutes it publishes applied exactly once."""

from __future__ import annotations

import uuid


def minutes(meeting_id: str, *decisions: dict, region: str = "410324") -> dict:
    return {"meeting_id": meeting_id, "region_code": region, "meeting_type": "system", "held_on": "2026-10-12",
            "decisions": list(decisions)}


async def test_the_agenda_lists_open_problems_at_the_level_and_system(desk):
    await desk.project("LC-002", system_id=desk.systems["城镇"])
    here = await desk.raise_problem(level="system_meeting")
    other_system = await desk.raise_problem("LC-002", level="system_meeting")
    await desk.raise_problem(level="team")
    solved = await desk.raise_problem(level="system_meeting")
    await desk.step(solved["id"], "resolve", {"resolution": "ok"})
    resp = await desk.client.get(
        "/api/v1/problems/agenda", headers=desk.service(),
        params={"region_code": "410324", "level": "system_meeting", "system_id": desk.systems["基础设施"],
                "on": "2026-10-12"},
    )
    assert resp.status_code == 200, resp.text
    items = resp.json()
    assert [i["problem_id"] for i in items] == [here["id"]]
    item = items[0]
    assert set(item) == {"problem_id", "project_id", "project_code", "project_name", "system_id", "level",
                         "category", "description", "responsible_unit_id", "deadline", "raised_at", "status"}
    assert (item["project_code"], item["level"], item["status"]) == ("LC-001", "system_meeting", "awaiting_answer")
    county = await desk.client.get(
        "/api/v1/problems/agenda", headers=desk.service(),
        params={"region_code": "410324", "level": "system_meeting"},
    )
    assert {i["problem_id"] for i in county.json()} == {here["id"], other_system["id"]}


async def test_the_agenda_leaves_out_problems_raised_after_the_meeting_day(desk):
    await desk.raise_problem(level="county_meeting")
    resp = await desk.client.get("/api/v1/problems/agenda", headers=desk.service(),
                                 params={"region_code": "410324", "level": "county_meeting", "on": "2026-09-28"})
    assert resp.json() == []


async def test_units_may_not_read_the_agenda(desk):
    resp = await desk.client.get("/api/v1/problems/agenda", headers=desk.unit("交通局"),
                                 params={"region_code": "410324", "level": "county_meeting"})
    assert resp.status_code == 403


async def test_minutes_apply_each_decision_to_its_problem(desk):
    solved = await desk.raise_problem(level="system_meeting")
    assigned = await desk.raise_problem(level="system_meeting")
    escalated = await desk.raise_problem(level="system_meeting")
    meeting = str(uuid.uuid4())
    status = await desk.deliver("minutes.published", minutes(
        meeting,
        {"problem_id": solved["id"], "outcome": "solved", "unit_id": None, "deadline": None, "note": "当场协调解决"},
        {"problem_id": assigned["id"], "outcome": "assigned", "unit_id": desk.units["自然资源局"],
         "deadline": "2026-10-23", "note": "限期办结"},
        {"problem_id": escalated["id"], "outcome": "escalated", "unit_id": None, "deadline": None,
         "note": "提交县委县政府项目例会"},
    ))
    assert status == "applied"
    s = await desk.get(solved["id"])
    assert (s["status"], s["resolved_meeting_id"]) == ("resolved", meeting)
    a = await desk.get(assigned["id"])
    assert (a["status"], a["responsible_unit_id"], a["deadline"], a["level"]) == (
        "awaiting_answer", desk.units["自然资源局"], "2026-10-23", "system_meeting")
    e = await desk.get(escalated["id"])
    assert e["level"] == "county_meeting"
    last = (await desk.timeline(solved["id"]))[-1]
    assert (last["action"], last["source"], last["meeting_id"]) == ("resolve", "meeting", meeting)
    assert "当场协调解决" in last["reason"]
    resolved = await desk.published("problem.resolved")
    assert [(p["problem_id"], p["meeting_id"]) for p in resolved] == [(solved["id"], meeting)]


async def test_the_same_minutes_event_delivered_twice_applies_once(desk):
    problem = await desk.raise_problem(level="system_meeting")
    meeting = str(uuid.uuid4())
    payload = minutes(meeting, {"problem_id": problem["id"], "outcome": "escalated", "unit_id": None,
                                "deadline": None, "note": ""})
    event_id = uuid.uuid4()
    assert await desk.deliver("minutes.published", payload, event_id=event_id) == "applied"
    assert await desk.deliver("minutes.published", payload, event_id=event_id) == "duplicate"
    assert (await desk.get(problem["id"]))["level"] == "county_meeting"
    assert (await desk.actions(problem["id"])).count("escalate") == 1


async def test_minutes_published_again_under_a_new_event_do_not_apply_a_decision_twice(desk):
    problem = await desk.raise_problem(level="system_meeting")
    meeting = str(uuid.uuid4())
    payload = minutes(meeting, {"problem_id": problem["id"], "outcome": "escalated", "unit_id": None,
                                "deadline": None, "note": ""})
    await desk.deliver("minutes.published", payload)
    await desk.deliver("minutes.published", payload)  # corrected minutes, a new event id
    assert (await desk.get(problem["id"]))["level"] == "county_meeting"
    assert (await desk.actions(problem["id"])).count("escalate") == 1


async def test_a_decision_the_problem_can_no_longer_take_is_skipped_without_a_trace_on_its_timeline(desk):
    problem = await desk.raise_problem(level="system_meeting")
    await desk.step(problem["id"], "resolve", {"resolution": "ok"})
    await desk.step(problem["id"], "close", {})
    status = await desk.deliver("minutes.published", minutes(
        str(uuid.uuid4()), {"problem_id": problem["id"], "outcome": "escalated", "unit_id": None,
                            "deadline": None, "note": ""}))
    assert status == "applied"
    assert await desk.actions(problem["id"]) == ["raise", "resolve", "close"]


async def test_a_decision_about_another_regions_problem_is_ignored(desk):
    problem = await desk.raise_problem(level="system_meeting")
    await desk.deliver("minutes.published", minutes(
        str(uuid.uuid4()), {"problem_id": problem["id"], "outcome": "solved", "unit_id": None,
                            "deadline": None, "note": ""}, region="410325"))
    assert (await desk.get(problem["id"]))["status"] == "awaiting_answer"


async def test_a_project_moved_to_another_system_takes_its_open_problems_to_that_systems_agenda(desk, stack):
    problem = await desk.raise_problem(level="system_meeting")
    resp = await desk.registry.patch(f"/api/v1/projects/{desk.projects['LC-001']['id']}",
                                     json={"system_id": desk.systems["城镇"]},
                                     headers={**desk.office(), "If-Match": "*"})
    assert resp.status_code == 200, resp.text
    await stack.apps["registry"].state.outbox.dispatch()
    resp = await desk.client.get(
        "/api/v1/problems/agenda", headers=desk.service(),
        params={"region_code": "410324", "level": "system_meeting", "system_id": desk.systems["城镇"]},
    )
    assert [i["problem_id"] for i in resp.json()] == [problem["id"]]
