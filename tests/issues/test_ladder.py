"""The escalation ladder and its working-day timers: team → system meeting → county meeting → leadership."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from tuijin.issues.problems.jobs import sweep


async def test_an_answer_is_due_four_working_days_after_raising_across_national_day(desk):
    # 2026-09-29 (Tue) + 4 working days: 09-30, [10-01 … 10-07 holidays], 10-08, 10-09, 10-10 (make-up Saturday)
    problem = await desk.raise_problem()
    assert problem["answer_due_on"] == "2026-10-10"
    assert problem["documents_due_on"] == "2026-09-30"


async def test_the_team_level_deadline_counts_working_days_only(desk):
    problem = await desk.raise_problem()  # team: 5 working days → 10-12 (10-11 is a Sunday)
    assert problem["deadline"] == "2026-10-12"


async def test_the_answer_timer_is_configuration_per_region(desk):
    resp = await desk.client.put("/api/v1/issue-policies/410324/ladder", json={"answer_working_days": 3},
                                 headers=desk.office())
    assert resp.status_code == 200, resp.text
    problem = await desk.raise_problem()  # 惠济: 3 working days → 10-09
    assert problem["answer_due_on"] == "2026-10-09"


async def test_a_bad_ladder_policy_is_refused_naming_the_field(desk):
    resp = await desk.client.put(
        "/api/v1/issue-policies/410324/ladder", headers=desk.office(),
        json={"answer_working_days": 0, "levels": [{"level": "team", "working_days": 3}]},
    )
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert "body.answer_working_days" in fields
    resp = await desk.client.get("/api/v1/issue-policies/410324/ladder", headers=desk.office())
    assert resp.json()["is_default"] is True


async def test_a_problem_left_alone_climbs_every_level_and_stops_at_leadership(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    levels = []
    for _ in range(3):
        deadline = date.fromisoformat((await desk.get(pid))["deadline"])
        desk.at((deadline + timedelta(days=1)).isoformat())
        result = await desk.run("problem-timers")
        assert result["escalated"] == 1
        levels.append((await desk.get(pid))["level"])
    assert levels == ["system_meeting", "county_meeting", "leadership"]
    top = await desk.get(pid)
    assert top["deadline"] is None
    desk.at("2027-03-01")
    assert (await desk.run("problem-timers"))["escalated"] == 0
    assert (await desk.get(pid))["level"] == "leadership"
    auto = [e for e in await desk.timeline(pid) if e["action"] == "auto_escalate"]
    assert [(e["from_level"], e["to_level"]) for e in auto] == [
        ("team", "system_meeting"), ("system_meeting", "county_meeting"), ("county_meeting", "leadership")]
    assert all(e["source"] == "job" for e in auto)


async def test_the_system_meeting_deadline_is_set_when_the_problem_arrives(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-13")
    await desk.run("problem-timers")
    after = await desk.get(problem["id"])
    assert (after["level"], after["level_since"], after["deadline"]) == ("system_meeting", "2026-10-13", "2026-10-20")
    last = [e for e in await desk.timeline(problem["id"]) if e["action"] == "auto_escalate"][-1]
    assert last["days_at_level"] == 6  # 09-30, 10-08, 10-09, 10-10, 10-12, 10-13


async def test_a_problem_is_not_escalated_on_its_deadline_day(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-12")
    await desk.run("problem-timers")
    assert (await desk.get(problem["id"]))["level"] == "team"


async def test_the_escalation_job_run_twice_escalates_once(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-13")
    first = await desk.run("problem-timers")
    second = await desk.run("problem-timers")
    assert (first["escalated"], second["escalated"]) == (1, 0)
    assert (await desk.actions(problem["id"])).count("auto_escalate") == 1
    assert len(await desk.published("problem.escalated")) == 1


async def test_two_replicas_running_the_escalation_at_once_escalate_once(desk, stack):
    problems = [await desk.raise_problem() for _ in range(3)]
    desk.at("2026-10-13")
    app = stack.apps["issues"]

    async def replica() -> dict[str, int]:
        async with app.state.sessionmaker() as session, session.begin():
            return await sweep(session, await app.state.calendar.regional(session))

    results = await asyncio.gather(replica(), replica())
    assert sum(r["escalated"] for r in results) == 3
    for p in problems:
        assert (await desk.get(p["id"]))["level"] == "system_meeting"
        assert (await desk.actions(p["id"])).count("auto_escalate") == 1
    assert len(await desk.published("problem.escalated")) == 3


async def test_a_resolved_problem_does_not_climb(desk):
    problem = await desk.raise_problem()
    await desk.step(problem["id"], "resolve", {"resolution": "ok"})
    desk.at("2026-11-30")
    assert (await desk.run("problem-timers"))["escalated"] == 0
    assert (await desk.get(problem["id"]))["level"] == "team"


async def test_an_assignment_deadline_replaces_the_level_rule_and_sends_it_up_when_missed(desk):
    problem = await desk.raise_problem()
    await desk.step(problem["id"], "assign", {"unit_id": desk.units["自然资源局"], "deadline": "2026-10-30"})
    desk.at("2026-10-13")
    await desk.run("problem-timers")
    assert (await desk.get(problem["id"]))["level"] == "team"
    desk.at("2026-10-31")
    await desk.run("problem-timers")
    assert (await desk.get(problem["id"]))["level"] == "system_meeting"


async def test_an_unanswered_problem_is_marked_overdue_once_and_announced(desk):
    problem = await desk.raise_problem()  # answer due 10-10
    desk.at("2026-10-10")
    assert (await desk.run("problem-timers"))["answers_overdue"] == 0
    desk.at("2026-10-12")
    assert (await desk.run("problem-timers"))["answers_overdue"] == 1
    assert (await desk.run("problem-timers"))["answers_overdue"] == 0
    assert (await desk.get(problem["id"]))["answer_overdue"] is True
    overdue = await desk.published("problem.overdue")
    assert [(p["problem_id"], p["kind"], p["unit_id"]) for p in overdue] == [
        (problem["id"], "answer", desk.units["交通局"])]


async def test_a_missed_deadline_at_leadership_is_announced_once(desk):
    problem = await desk.raise_problem(level="leadership", deadline="2026-10-09")
    desk.at("2026-10-12")
    first = await desk.run("problem-timers")
    second = await desk.run("problem-timers")
    assert (first["deadlines_overdue"], second["deadlines_overdue"], first["escalated"]) == (1, 0, 0)
    kinds = [p["kind"] for p in await desk.published("problem.overdue") if p["problem_id"] == problem["id"]]
    assert "deadline" in kinds
