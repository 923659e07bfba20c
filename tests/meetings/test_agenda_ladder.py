"""The agendas of meetings not yet held follow the escalation ladder from the issues service's events: a problem
sent up to a meeting's level joins the next meeting of that level, and a problem resolved or closed before the
meeting leaves its agenda (docs/meetings-agenda.md)."""

from __future__ import annotations

from tests.meetings.test_agendas import raise_problem, system_meeting


async def deliver(desk) -> None:
    """The issues service's outbox delivered now (its events reach the meetings service's handlers)."""
    await desk.stack.apps["issues"].state.outbox.dispatch()


async def agenda(desk, meeting: dict) -> list[dict]:
    resp = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def step(desk, problem: dict, name: str, **body) -> dict:
    resp = await desk.stack.client("issues").post(f"/api/v1/problems/{problem['id']}/{name}", headers=desk.office,
                                                  json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_a_problem_escalated_to_the_system_meeting_joins_the_next_system_meeting_of_its_system(desk):
    desk.at("2026-10-09")
    await desk.add_unit("产业召集", "工信局")
    await desk.add_system("产业", "现代产业体系", "产业召集")
    project = await desk.project("A")
    first = await system_meeting(desk, "2026-10-12")
    later = await system_meeting(desk, "2026-10-19")
    other_system = await desk.meeting("2026-10-12", meeting_type="system_meeting", title="现代产业体系推进例会",
                                      system_id=desk.systems["产业"], convener_unit_id=desk.units["产业召集"])
    await desk.add_item(first, "手工议题")
    problem = await raise_problem(desk, project, "team", "征迁未完成")
    await step(desk, problem, "escalate", reason="服务团队无法协调")
    await deliver(desk)
    items = await agenda(desk, first)
    assert [(i["title"], i["problem_id"], i["source"]) for i in items] == [
        ("手工议题", None, "manual"), ("A 测试项目 A", problem["id"], "problem")]
    assert await agenda(desk, later) == []
    assert await agenda(desk, other_system) == []


async def test_a_problem_escalated_to_the_county_meeting_leaves_the_system_meeting_and_joins_the_county_one(desk):
    desk.at("2026-10-09")
    project = await desk.project("A")
    system = await system_meeting(desk, "2026-10-12")
    county = await desk.meeting("2026-10-15", meeting_type="county_meeting", title="县委县政府项目调度例会")
    problem = await raise_problem(desk, project, "system_meeting")
    built = await desk.client.post(f"/api/v1/meetings/{system['id']}/agenda/builds", headers=desk.office)
    assert [i["problem_id"] for i in built.json()] == [problem["id"]]
    await step(desk, problem, "escalate", reason="体系例会未能解决")
    await deliver(desk)
    assert await agenda(desk, system) == []
    assert [i["problem_id"] for i in await agenda(desk, county)] == [problem["id"]]


async def test_an_escalated_problem_waits_for_a_meeting_when_none_of_its_level_is_planned(desk):
    desk.at("2026-10-09")
    project = await desk.project("A")
    county = await desk.meeting("2026-10-15", meeting_type="county_meeting", title="县委县政府项目调度例会")
    problem = await raise_problem(desk, project, "team")
    await step(desk, problem, "escalate", reason="服务团队无法协调")
    await deliver(desk)  # to the system meeting level: no system meeting is planned, the county one does not take it
    assert await agenda(desk, county) == []


async def test_a_problem_resolved_before_the_meeting_leaves_the_agenda_of_the_meetings_not_yet_held(desk):
    desk.at("2026-10-09")
    project = await desk.project("A")
    meeting = await system_meeting(desk, "2026-10-12")
    stays = await raise_problem(desk, project, "system_meeting", "电力线路迁改")
    solved = await raise_problem(desk, project, "system_meeting", "征迁未完成")
    await desk.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", headers=desk.office)
    assert {i["problem_id"] for i in await agenda(desk, meeting)} == {stays["id"], solved["id"]}
    await step(desk, solved, "resolve", resolution="县自然资源局已完成用地预审")
    await deliver(desk)
    items = await agenda(desk, meeting)
    assert [(i["problem_id"], i["position"]) for i in items] == [(stays["id"], 1)]


async def test_a_problem_closed_before_the_meeting_leaves_the_agenda_but_a_frozen_agenda_stays(desk):
    desk.at("2026-10-09")
    project = await desk.project("A")
    frozen = await system_meeting(desk, "2026-10-12")
    open_one = await system_meeting(desk, "2026-10-19")
    problem = await raise_problem(desk, project, "system_meeting")
    for meeting in (frozen, open_one):
        built = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", headers=desk.office)
        assert [i["problem_id"] for i in built.json()] == [problem["id"]]
    await desk.advance(frozen, "notice_sent", "agenda_frozen")
    await step(desk, problem, "resolve", resolution="已协调解决")
    await step(desk, problem, "close", note="经核实已解决，予以销号")
    await deliver(desk)
    assert await agenda(desk, open_one) == []
    assert [i["problem_id"] for i in await agenda(desk, frozen)] == [problem["id"]]
