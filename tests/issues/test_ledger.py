"""The problem ledger (问题台账): raising, the steps a problem may take, the timeline, and who may do what."""

from __future__ import annotations

import asyncio
import uuid

from tests.issues.conftest import OTHER_REGION


async def test_a_raised_problem_asks_the_projects_responsible_unit(desk):
    problem = await desk.raise_problem()
    assert problem["responsible_unit_id"] == desk.units["交通局"]
    assert problem["status"] == "awaiting_answer"
    assert problem["level"] == "team"
    assert problem["system_id"] == desk.systems["基础设施"]
    assert problem["project_code"] == "LC-001"
    assert problem["raised_on"] == "2026-09-29"


async def test_raising_is_on_the_timeline_and_announced(desk):
    problem = await desk.raise_problem()
    timeline = await desk.timeline(problem["id"])
    assert [e["action"] for e in timeline] == ["raise"]
    assert timeline[0]["actor"] == "test:office"
    assert timeline[0]["to_level"] == "team"
    raised = await desk.published("problem.raised")
    assert [p["problem_id"] for p in raised] == [problem["id"]]
    assert raised[0]["unit_id"] == desk.units["交通局"]
    assert raised[0]["level"] == "team"


async def test_a_problem_on_a_project_the_caller_cannot_see_is_refused_naming_the_field(desk):
    resp = await desk.client.post(
        "/api/v1/problems", headers=desk.unit("自然资源局"),
        json={"project_id": desk.projects["LC-001"]["id"], "category": "land", "description": "x"},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.project_id"
    resp = await desk.client.post(
        "/api/v1/problems", headers=desk.office(),
        json={"project_id": str(uuid.uuid4()), "category": "land", "description": "x"},
    )
    assert resp.status_code == 422
    assert resp.json()["code"] == "project_not_found"


async def test_bad_input_names_the_field_and_writes_nothing(desk):
    resp = await desk.client.post(
        "/api/v1/problems", headers=desk.office(),
        json={"project_id": desk.projects["LC-001"]["id"], "category": "weather", "description": ""},
    )
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert {"body.category", "body.description"} <= fields
    resp = await desk.client.post(
        "/api/v1/problems", headers=desk.office(),
        json={"project_id": desk.projects["LC-001"]["id"], "category": "land", "description": "x",
              "responsible_unit_id": desk.units["嵩县交通局"]},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.responsible_unit_id"
    listed = await desk.client.get("/api/v1/problems", headers=desk.office())
    assert listed.json()["items"] == []


async def test_the_projects_units_raise_problems_and_other_units_may_not(desk):
    await desk.raise_problem(headers=desk.unit("钼业"))  # owner unit
    await desk.raise_problem(headers=desk.unit("城关镇"))  # co-organising unit
    resp = await desk.client.post(
        "/api/v1/problems", headers=desk.stack.auth("viewer", region="410324"),
        json={"project_id": desk.projects["LC-001"]["id"], "category": "land", "description": "x"},
    )
    assert resp.status_code == 403


async def test_a_unit_sees_problems_of_its_projects_and_those_it_is_asked_to_solve(desk):
    other = await desk.project("LC-002", responsible_unit_id=desk.units["发改委"])
    mine = await desk.raise_problem()
    theirs = await desk.raise_problem("LC-002")
    listed = await desk.client.get("/api/v1/problems", headers=desk.unit("交通局"))
    assert [p["id"] for p in listed.json()["items"]] == [mine["id"]]
    resp = await desk.client.get(f"/api/v1/problems/{theirs['id']}", headers=desk.unit("交通局"))
    assert resp.status_code == 404
    resp = await desk.step(theirs["id"], "assign", {"unit_id": desk.units["交通局"]})
    assert resp.status_code == 200, resp.text
    resp = await desk.client.get(f"/api/v1/problems/{theirs['id']}", headers=desk.unit("交通局"))
    assert resp.status_code == 200
    assert other["id"] == resp.json()["project_id"]


async def test_a_leader_sees_the_problems_of_the_projects_of_their_posts(desk):
    await desk.project("LC-002", leader_post_id=desk.posts["分管城建"])
    li = await desk.raise_problem()
    wang = await desk.raise_problem("LC-002")
    listed = await desk.client.get("/api/v1/problems", headers=desk.leader("李"))
    assert [p["id"] for p in listed.json()["items"]] == [li["id"]]
    listed = await desk.client.get("/api/v1/problems", headers=desk.leader("王"))
    assert [p["id"] for p in listed.json()["items"]] == [wang["id"]]


async def test_a_user_never_sees_another_region(desk):
    problem = await desk.raise_problem()
    resp = await desk.client.get(f"/api/v1/problems/{problem['id']}", headers=desk.office(OTHER_REGION))
    assert resp.status_code == 404
    listed = await desk.client.get("/api/v1/problems", headers=desk.office(OTHER_REGION))
    assert listed.json()["items"] == []


async def test_a_problem_runs_from_raise_to_close(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    resp = await desk.step(pid, "assign", {"unit_id": desk.units["自然资源局"], "deadline": "2026-10-20",
                                           "reason": "用地问题由自然资源局办理"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["responsible_unit_id"] == desk.units["自然资源局"]
    assert resp.json()["deadline"] == "2026-10-20"
    resp = await desk.step(pid, "answer", {"answer": "10月15日前完成预审"}, headers=desk.unit("自然资源局"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "answered"
    resp = await desk.step(pid, "resolve", {"resolution": "已取得用地预审意见"}, headers=desk.unit("自然资源局"))
    assert resp.json()["status"] == "resolved"
    resp = await desk.step(pid, "close", {"note": "核实无误"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "closed"
    assert resp.json()["closed_on"] == "2026-09-29"
    assert await desk.actions(pid) == ["raise", "assign", "answer", "resolve", "close"]
    assert [p["problem_id"] for p in await desk.published("problem.closed")] == [pid]


async def test_closing_an_unresolved_problem_is_refused_and_the_timeline_is_unchanged(desk):
    problem = await desk.raise_problem()
    resp = await desk.step(problem["id"], "close", {"note": "x"})
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "transition_not_allowed"
    assert body["errors"][0]["field"] == "status"
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert await desk.actions(problem["id"]) == ["raise"]
    assert (await desk.get(problem["id"]))["status"] == "awaiting_answer"


async def test_answering_a_closed_problem_is_refused(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    await desk.step(pid, "resolve", {"resolution": "现场协调解决"})
    await desk.step(pid, "close", {})
    resp = await desk.step(pid, "answer", {"answer": "x"}, headers=desk.unit("交通局"))
    assert resp.status_code == 422
    assert resp.json()["code"] == "transition_not_allowed"
    assert await desk.actions(pid) == ["raise", "resolve", "close"]


async def test_escalating_past_leadership_is_refused(desk):
    problem = await desk.raise_problem(level="leadership")
    resp = await desk.step(problem["id"], "escalate", {"reason": "再上报"})
    assert resp.status_code == 422
    assert resp.json()["code"] == "already_at_top_level"
    assert resp.json()["errors"][0]["field"] == "level"
    assert await desk.actions(problem["id"]) == ["raise"]


async def test_escalating_by_hand_records_the_reason_and_the_days_at_the_level(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-09")
    resp = await desk.step(problem["id"], "escalate", {"reason": "团队无法协调"}, headers=desk.leader("李"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["level"] == "system_meeting"
    assert resp.json()["level_since"] == "2026-10-09"
    last = (await desk.timeline(problem["id"]))[-1]
    assert (last["action"], last["reason"], last["from_level"], last["to_level"]) == (
        "escalate", "团队无法协调", "team", "system_meeting")
    assert last["days_at_level"] == 3  # 09-30, 10-08, 10-09: the National Day holidays do not count
    assert [p["level"] for p in await desk.published("problem.escalated")] == ["system_meeting"]


async def test_sending_down_needs_a_lower_level_and_a_deadline(desk):
    problem = await desk.raise_problem(level="county_meeting")
    resp = await desk.step(problem["id"], "send-down", {"reason": "交体系例会限期解决"})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.deadline"
    resp = await desk.step(problem["id"], "send-down",
                           {"reason": "交体系例会限期解决", "deadline": "2026-10-16", "to_level": "leadership"})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.to_level"
    resp = await desk.step(problem["id"], "send-down", {"reason": "交体系例会限期解决", "deadline": "2026-10-16"})
    assert resp.status_code == 200, resp.text
    assert (resp.json()["level"], resp.json()["deadline"]) == ("system_meeting", "2026-10-16")


async def test_only_the_office_closes_and_only_the_asked_unit_answers(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    resp = await desk.step(pid, "answer", {"answer": "x"}, headers=desk.unit("钼业"))
    assert resp.status_code == 403
    await desk.step(pid, "resolve", {"resolution": "ok"}, headers=desk.unit("交通局"))
    resp = await desk.step(pid, "close", {}, headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.step(pid, "close", {}, headers=desk.supervisor())
    assert resp.status_code == 403
    assert await desk.actions(pid) == ["raise", "resolve"]


async def test_missing_documents_are_listed_all_at_once(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    resp = await desk.step(pid, "document-requests", {"documents": ["用地红线图", "规划选址意见"]},
                           headers=desk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "awaiting_documents"
    assert resp.json()["answer_due_on"] is None
    resp = await desk.step(pid, "documents-supplied", {"note": "已补齐"}, headers=desk.unit("钼业"))
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "awaiting_answer"
    resp = await desk.step(pid, "document-requests", {"documents": ["环评批复"]}, headers=desk.unit("交通局"))
    assert resp.status_code == 422
    assert resp.json()["code"] == "documents_already_requested"
    assert resp.json()["errors"][0]["field"] == "body.documents"


async def test_a_documents_list_after_one_working_day_is_recorded_late(desk):
    problem = await desk.raise_problem()  # Tuesday 09-29: documents due Wednesday 09-30
    desk.at("2026-10-08")
    await desk.step(problem["id"], "document-requests", {"documents": ["用地红线图"]}, headers=desk.unit("交通局"))
    last = (await desk.timeline(problem["id"]))[-1]
    assert (last["action"], last["late"]) == ("request_documents", True)


async def test_a_late_answer_counts_as_an_overdue_answer_once(desk):
    problem = await desk.raise_problem()  # answer due 2026-10-10
    desk.at("2026-10-12")
    resp = await desk.step(problem["id"], "answer", {"answer": "正在办理"}, headers=desk.unit("交通局"))
    assert resp.status_code == 200
    assert resp.json()["answer_overdue"] is True
    assert await desk.actions(problem["id"]) == ["raise", "answer_overdue", "answer"]
    assert (await desk.timeline(problem["id"]))[-1]["late"] is True
    await desk.run("problem-timers")
    assert (await desk.actions(problem["id"])).count("answer_overdue") == 1


async def test_reopening_asks_the_unit_again(desk):
    problem = await desk.raise_problem()
    pid = problem["id"]
    await desk.step(pid, "resolve", {"resolution": "ok"})
    await desk.step(pid, "close", {})
    desk.at("2026-10-12")
    resp = await desk.step(pid, "reopen", {"reason": "问题反弹"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["status"], body["closed_on"], body["answer_due_on"]) == ("awaiting_answer", None, "2026-10-16")
    assert [p["problem_id"] for p in await desk.published("problem.reopened")] == [pid]


async def test_a_stale_if_match_is_refused(desk):
    problem = await desk.raise_problem()
    resp = await desk.client.post(f"/api/v1/problems/{problem['id']}/escalate", json={"reason": "x"},
                                  headers={**desk.office(), "If-Match": '"999"'})
    assert resp.status_code == 412
    assert await desk.actions(problem["id"]) == ["raise"]


async def test_a_retried_raise_with_the_same_idempotency_key_writes_once(desk):
    body = {"project_id": desk.projects["LC-001"]["id"], "category": "funds", "description": "资金未到位"}
    headers = {**desk.office(), "Idempotency-Key": "raise-1"}
    first = await desk.client.post("/api/v1/problems", json=body, headers=headers)
    second = await desk.client.post("/api/v1/problems", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert len((await desk.client.get("/api/v1/problems", headers=desk.office())).json()["items"]) == 1


async def test_twenty_concurrent_raises_with_one_idempotency_key_are_one_problem(desk):
    """Duplicates sent before the first answer came back wait for it and replay it: one problem, twenty
    identical answers."""
    body = {"project_id": desk.projects["LC-001"]["id"], "category": "funds", "description": "资金未到位"}
    headers = {**desk.office(), "Idempotency-Key": "raise-burst-1"}
    answers = await asyncio.gather(*(desk.client.post("/api/v1/problems", json=body, headers=headers)
                                     for _ in range(20)))
    assert [a.status_code for a in answers] == [201] * 20, [a.text for a in answers if a.status_code != 201]
    assert len({a.content for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") != "true" for a in answers) == 1
    listed = (await desk.client.get("/api/v1/problems", headers=desk.office())).json()["items"]
    assert [p["id"] for p in listed] == [answers[0].json()["id"]]
    assert len(await desk.published("problem.raised")) == 1


async def test_only_the_office_sets_the_regions_policies(desk):
    resp = await desk.client.put("/api/v1/issue-policies/410324/ladder", json={"answer_working_days": 3},
                                 headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.client.put("/api/v1/issue-policies/410324/ladder", json={"answer_working_days": 3},
                                 headers=desk.office(OTHER_REGION))
    assert resp.status_code == 403


def test_the_gateway_sends_the_ledger_letters_and_interviews_to_issues():
    from tuijin.gateway.routing import route_for

    for path in ("/api/v1/problems", "/api/v1/letters/x", "/api/v1/interviews", "/api/v1/issue-policies/410324/ladder"):
        assert route_for(path) == "issues"


async def test_the_timelines_of_a_projects_open_problems_come_in_one_read(desk):
    """A dossier shows each open problem with its timeline: one bulk read per project, newest problem first,
    each timeline oldest step first; closed problems left out with open_only; a unit sees only its own."""
    first = await desk.raise_problem()
    desk.at("2026-09-29T10:00:00")
    second = await desk.raise_problem(description="征迁未完成")
    await desk.step(second["id"], "assign", {"unit_id": desk.units["自然资源局"], "reason": "转自然资源局"})
    closed = await desk.raise_problem(description="已解决的问题")
    await desk.step(closed["id"], "resolve", {"resolution": "已解决"}, headers=desk.unit("交通局"))
    await desk.step(closed["id"], "close", {"note": "核实无误"})
    pid = desk.projects["LC-001"]["id"]
    resp = await desk.client.get("/api/v1/problems/timelines", params={"project_id": pid, "open_only": "true"},
                                 headers=desk.office())
    assert resp.status_code == 200, resp.text
    got = {t["problem_id"]: [e["action"] for e in t["events"]] for t in resp.json()}
    assert got == {second["id"]: ["raise", "assign"], first["id"]: ["raise"]}
    assert [t["problem_id"] for t in resp.json()] == [second["id"], first["id"]]
    stranger = await desk.client.get("/api/v1/problems/timelines", params={"project_id": pid},
                                     headers=desk.unit("发改委"))
    assert stranger.status_code == 200 and stranger.json() == []
