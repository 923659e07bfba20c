"""Agendas built from what is stuck (the issues service's problems, the registry's procedures), manual items,
order, presenters and durations, freezing, and units' submissions approved by their leader."""

from __future__ import annotations

import httpx

from tests.meetings.conftest import REGION


async def raise_problem(desk, project: dict, level: str, description: str = "用地预审未批复") -> dict:
    """A problem at ``level`` through the issues service."""
    resp = await desk.stack.client("issues").post("/api/v1/problems", headers=desk.office, json={
        "project_id": project["id"], "category": "land", "description": description, "level": level})
    assert resp.status_code == 201, resp.text
    return resp.json()


async def system_meeting(desk, day: str, system: str = "基础设施") -> dict:
    return await desk.meeting(day, meeting_type="system_meeting", title="现代基础设施体系推进例会",
                              system_id=desk.systems[system], convener_unit_id=desk.units["交通局"])


async def agenda_etag(desk, meeting: dict) -> str:
    """The agenda's ETag as read now (an edit of an item or of the order sends it as If-Match)."""
    return (await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)).headers["etag"]


async def build(desk, meeting: dict, headers: dict | None = None):
    return await desk.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", headers=headers or desk.office)


async def test_a_system_meeting_agenda_holds_exactly_the_problems_at_that_level_and_system(desk):
    desk.at("2026-10-09")
    await desk.add_unit("产业召集", "工信局")
    await desk.add_system("产业", "现代产业体系", "产业召集")
    a = await desk.project("A")
    b = await desk.project("B")
    await desk.project("C")  # nothing stuck: does not come
    other = await desk.project("D", system_id=desk.systems["产业"])
    first = await raise_problem(desk, a, "system_meeting", "征迁未完成")
    second = await raise_problem(desk, b, "system_meeting", "电力线路迁改")
    await raise_problem(desk, a, "county_meeting")
    await raise_problem(desk, b, "team")
    await raise_problem(desk, other, "system_meeting")
    meeting = await system_meeting(desk, "2026-10-12")
    resp = await build(desk, meeting, headers=desk.unit("交通局"))  # the convening unit builds it
    assert resp.status_code == 200, resp.text
    assert [(i["problem_id"], i["project_code"], i["source"]) for i in resp.json()] == [
        (first["id"], "A", "problem"), (second["id"], "B", "problem")]
    again = await build(desk, meeting)
    assert [i["id"] for i in again.json()] == [i["id"] for i in resp.json()]


async def test_a_county_meeting_agenda_opens_with_the_progress_summary_then_the_county_level_problems(desk):
    desk.at("2026-10-09")
    a = await desk.project("A")
    county_level = await raise_problem(desk, a, "county_meeting")
    await raise_problem(desk, a, "system_meeting")
    meeting = await desk.meeting("2026-10-12", meeting_type="county_meeting", title="县委县政府项目调度例会")
    resp = await build(desk, meeting)
    assert resp.status_code == 200, resp.text
    assert [(i["source"], i["problem_id"]) for i in resp.json()] == [
        ("progress_summary", None), ("problem", county_level["id"])]


async def catalogue(desk) -> dict[str, dict]:
    resp = await desk.registry.post("/api/v1/procedure-types/defaults", headers=desk.office, json={
        "region_code": REGION, "lead_units": {"eia": desk.units["发改委"]}})
    assert resp.status_code == 200, resp.text
    resp = await desk.registry.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=desk.office)
    return {t["code"]: t for t in resp.json()}


async def require(desk, project: dict, ptype: dict, **body) -> dict:
    resp = await desk.registry.post(f"/api/v1/projects/{project['id']}/procedures", headers=desk.office,
                                    json={"procedure_type_id": ptype["id"], **body})
    assert resp.status_code == 201, resp.text
    return resp.json()


async def finish(desk, project: dict, procedure: dict) -> None:
    resp = await desk.registry.post(
        f"/api/v1/projects/{project['id']}/procedures/{procedure['id']}/status-changes", headers=desk.office,
        json={"status": "done", "approval_number": "栾环审〔2026〕8号", "approval_date": "2026-09-01"})
    assert resp.status_code == 201, resp.text


async def joint_approval(desk, day: str) -> dict:
    return await desk.meeting(day, meeting_type="joint_approval", title="联审联批例会")


async def test_a_joint_approval_agenda_holds_the_projects_with_unfinished_procedures_overdue_first(desk):
    desk.at("2026-09-01")
    types = await catalogue(desk)
    a, b, c = await desk.project("A"), await desk.project("B"), await desk.project("C")
    await require(desk, a, types["eia"], deadline="2026-12-31")
    await require(desk, b, types["land_pre_review"], deadline="2026-09-15")
    await require(desk, b, types["eia"])
    await finish(desk, c, await require(desk, c, types["eia"]))
    await desk.project("D")  # no procedure at all
    desk.at("2026-10-09")
    meeting = await joint_approval(desk, "2026-10-12")
    resp = await build(desk, meeting)
    assert resp.status_code == 200, resp.text
    items = resp.json()
    assert [(i["project_code"], i["details"]["overdue_count"], len(i["details"]["open_procedures"]))
            for i in items] == [("B", 1, 2), ("A", 0, 1)]
    assert items[0]["presenter_unit_id"] == desk.units["交通局"]


async def test_rebuilding_drops_what_is_no_longer_stuck_and_keeps_presenters_durations_and_manual_items(desk):
    desk.at("2026-09-01")
    types = await catalogue(desk)
    a, b = await desk.project("A"), await desk.project("B")
    done_later = await require(desk, a, types["eia"])
    await require(desk, b, types["eia"])
    meeting = await joint_approval(desk, "2026-09-10")
    built = (await build(desk, meeting)).json()
    manual = await desk.add_item(meeting, "园区供水管网协调", duration_minutes=15)
    item_b = next(i for i in built if i["project_code"] == "B")
    patched = await desk.client.patch(f"/api/v1/meetings/{meeting['id']}/agenda/items/{item_b['id']}",
                                      headers={**desk.office, "If-Match": await agenda_etag(desk, meeting)},
                                      json={"presenter_name": "张局长", "duration_minutes": 20})
    assert patched.status_code == 200, patched.text
    await finish(desk, a, done_later)
    c = await desk.project("C")
    await require(desk, c, types["eia"])
    rebuilt = (await build(desk, meeting)).json()
    assert [(i["title"][:1], i["source"], i["position"]) for i in rebuilt] == [
        ("B", "procedures", 1), ("园", "manual", 2), ("C", "procedures", 3)]
    kept = rebuilt[0]
    assert (kept["id"], kept["presenter_name"], kept["duration_minutes"]) == (item_b["id"], "张局长", 20)
    assert rebuilt[1]["id"] == manual["id"]


async def test_items_can_be_added_reordered_and_removed_until_the_agenda_is_frozen(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    first = await desk.add_item(meeting, "征迁协调", presenter_unit_id=desk.units["城关镇"], duration_minutes=20)
    second = await desk.add_item(meeting, "供电线路迁改", position=1)
    agenda = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)
    assert [i["id"] for i in agenda.json()] == [second["id"], first["id"]]
    read = {**desk.office, "If-Match": agenda.headers["etag"]}
    bad = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/agenda/order", headers=read,
                                json={"item_ids": [first["id"]]})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "body.item_ids")
    order = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/agenda/order", headers=read,
                                  json={"item_ids": [first["id"], second["id"]]})
    assert [(i["id"], i["position"]) for i in order.json()] == [(first["id"], 1), (second["id"], 2)]
    stranger = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/items", headers=desk.office,
                                      json={"title": "x", "presenter_unit_id": "00000000-0000-0000-0000-00000000000a"})
    assert (stranger.status_code, stranger.json()["errors"][0]["field"]) == (422, "body.presenter_unit_id")
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    frozen = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/items", headers=desk.office,
                                    json={"title": "临时动议"})
    assert (frozen.status_code, frozen.json()["code"]) == (422, "step_not_allowed")
    removed = await desk.client.delete(f"/api/v1/meetings/{meeting['id']}/agenda/items/{first['id']}",
                                       headers=desk.office)
    assert removed.status_code == 422
    assert len((await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)).json()) == 2


async def test_a_build_fails_cleanly_when_the_issues_service_is_down(desk):
    desk.at("2026-09-01")
    meeting = await system_meeting(desk, "2026-09-03")
    await desk.add_item(meeting, "手工议题")
    desk.stack.transports["issues"].down = True
    resp = await build(desk, meeting)
    assert (resp.status_code, resp.json()["code"]) == (503, "upstream_unavailable")
    agenda = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)
    assert [i["title"] for i in agenda.json()] == ["手工议题"]


# ---------------------------------------------------------------- submissions


async def test_a_unit_submission_goes_on_the_agenda_once_its_leader_approves_it(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-10", submission_due_date="2026-09-03")
    url = f"/api/v1/meetings/{meeting['id']}/submissions"
    on_time = await desk.client.post(url, headers=desk.unit("交通局"), json={
        "progress": "路基完成80%", "requests": "请自然资源局协调取土场用地"})
    assert on_time.status_code == 201, on_time.text
    assert (on_time.json()["is_late"], on_time.json()["status"]) == (False, "submitted")
    assert (await desk.client.post(url, headers=desk.unit("城关镇"), json={"progress": "x"})).status_code == 404
    not_invited = await desk.client.post(url, headers=desk.office, json={"unit_id": desk.units["城关镇"],
                                                                         "progress": "x"})
    assert (not_invited.status_code, not_invited.json()["errors"][0]["field"]) == (422, "body.unit_id")
    desk.at("2026-09-04")
    late = await desk.client.post(url, headers=desk.unit("发改委"), json={"problems": "资金缺口"})
    assert late.json()["is_late"] is True
    by_unit = await desk.client.post(f"{url}/{on_time.json()['id']}/decision", headers=desk.unit("交通局"),
                                     json={"approve": True})
    assert by_unit.status_code == 403
    approved = await desk.client.post(f"{url}/{on_time.json()['id']}/decision", headers=desk.leader,
                                      json={"approve": True})
    assert approved.status_code == 200, approved.text
    twice = await desk.client.post(f"{url}/{on_time.json()['id']}/decision", headers=desk.leader,
                                   json={"approve": True})
    assert twice.status_code == 422
    await desk.client.post(f"{url}/{late.json()['id']}/decision", headers=desk.leader,
                           json={"approve": False, "note": "请补充数据"})
    agenda = (await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)).json()
    assert [(i["source"], i["presenter_unit_id"], i["submission_id"]) for i in agenda] == [
        ("submission", desk.units["交通局"], on_time.json()["id"])]
    assert "请自然资源局协调取土场用地" in agenda[0]["description"]
    own = await desk.client.get(url, headers=desk.unit("发改委"))
    assert [s["status"] for s in own.json()["items"]] == ["rejected"]


async def test_reordering_or_changing_an_item_needs_the_agenda_etag_it_was_read_with(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    first = await desk.add_item(meeting, "征迁协调")
    stale = await agenda_etag(desk, meeting)
    second = await desk.add_item(meeting, "供电线路迁改")
    order = f"/api/v1/meetings/{meeting['id']}/agenda/order"
    body = {"item_ids": [second["id"], first["id"]]}
    missing = await desk.client.put(order, headers=desk.office, json=body)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    old = await desk.client.put(order, headers={**desk.office, "If-Match": stale}, json=body)
    assert (old.status_code, old.json()["code"]) == (412, "stale_etag")
    fresh = await desk.client.put(order, headers={**desk.office, "If-Match": await agenda_etag(desk, meeting)},
                                  json=body)
    assert [i["id"] for i in fresh.json()] == [second["id"], first["id"]]
    patch = await desk.client.patch(f"/api/v1/meetings/{meeting['id']}/agenda/items/{first['id']}",
                                    headers={**desk.office, "If-Match": stale}, json={"duration_minutes": 30})
    assert (patch.status_code, patch.json()["code"]) == (412, "stale_etag")
    assert fresh.headers["etag"] == await agenda_etag(desk, meeting)


class Refusing(httpx.AsyncBaseTransport):
    """A service that answers every request with a 409 problem of its own."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"type": "about:blank", "title": "Conflict", "status": 409,
                                         "code": "conflict", "detail": "refused (test)"},
                              headers={"content-type": "application/problem+json"})


async def test_a_build_the_issues_service_refuses_is_a_502_upstream_failed_and_changes_nothing(desk, monkeypatch):
    desk.at("2026-09-01")
    meeting = await system_meeting(desk, "2026-09-03")
    await desk.add_item(meeting, "手工议题")
    monkeypatch.setattr(desk.stack.transports["issues"], "inner", Refusing())
    resp = await build(desk, meeting)
    assert resp.status_code == 502, resp.text
    body = resp.json()
    assert (body["code"], body["upstream"], body["upstream_status"]) == ("upstream_failed", "issues", 409)
    assert body["message"] == "相关服务处理出错，请稍后重试。"
    agenda = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/agenda", headers=desk.office)
    assert [i["title"] for i in agenda.json()] == ["手工议题"]
