"""Minutes (会议纪要) and decided items (议定事项): only for a held meeting, per-item outcomes, one publication
that emits one event the issues service applies exactly once (even when it was down), frozen minutes with
addenda, the follow-up of decided items, the overdue job and the per-unit counts."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from tests.meetings.conftest import REGION
from tests.meetings.published import payloads, record_published
from tuijin.kernel.clock import clock


def url(meeting: dict, *rest: str) -> str:
    return "/".join([f"/api/v1/meetings/{meeting['id']}", *rest])


async def with_problems(desk, day: str, count: int = 2) -> tuple[dict, list[dict]]:
    """A held meeting whose agenda holds ``count`` problems (manual items citing issues-service ids)."""
    meeting = await desk.meeting(day)
    items = [await desk.add_item(meeting, f"问题{i}", problem_id=str(uuid.uuid4())) for i in range(count)]
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at(day, "12:00")
    await desk.advance(meeting, "held")
    return meeting, items


def assigned(item: dict, unit: str, deadline: str = "2026-09-30", note: str = "") -> dict:
    return {"agenda_item_id": item["id"], "outcome": "assigned", "unit_id": unit, "deadline": deadline, "note": note}


async def write(desk, meeting: dict, **body):
    return await desk.client.put(url(meeting, "minutes"), json=body, headers=desk.office)


async def publish(desk, meeting: dict, headers: dict | None = None):
    return await desk.client.post(url(meeting, "minutes", "publication"), headers=headers or desk.office)


async def test_minutes_for_a_meeting_not_held_are_refused(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    resp = await write(desk, meeting, summary="会议纪要")
    assert (resp.status_code, resp.json()["code"], resp.json()["status_now"]) == (
        422, "step_not_allowed", "agenda_frozen")
    assert (await desk.client.get(url(meeting, "minutes"), headers=desk.office)).status_code == 404
    assert (await publish(desk, meeting)).status_code == 422


async def test_an_assigned_outcome_needs_the_unit_and_the_deadline(desk):
    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03")
    resp = await write(desk, meeting, outcomes=[
        {"agenda_item_id": items[0]["id"], "outcome": "assigned"},
        {"agenda_item_id": str(uuid.uuid4()), "outcome": "solved"},
        {"agenda_item_id": items[1]["id"], "outcome": "assigned", "unit_id": desk.units["交通局"],
         "deadline": "2026-09-01"}])
    assert resp.status_code == 422
    assert {e["field"] for e in resp.json()["errors"]} == {
        "body.outcomes.0.unit_id", "body.outcomes.0.deadline", "body.outcomes.1.agenda_item_id",
        "body.outcomes.2.deadline"}
    assert (await desk.client.get(url(meeting, "minutes"), headers=desk.office)).status_code == 404


async def test_every_problem_on_the_agenda_needs_an_outcome_before_publishing(desk):
    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03")
    await write(desk, meeting, outcomes=[{"agenda_item_id": items[0]["id"], "outcome": "solved"}])
    resp = await publish(desk, meeting)
    assert (resp.status_code, resp.json()["code"], resp.json()["agenda_item_ids"]) == (
        422, "outcomes_missing", [items[1]["id"]])
    assert (await desk.get(meeting))["status"] == "held"
    assert await desk.events("minutes.published") == []


async def test_minutes_are_published_once_even_when_the_request_is_retried(desk):
    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03", 3)
    draft = await write(desk, meeting, summary="会议听取了各项目进展汇报。", outcomes=[
        {"agenda_item_id": items[0]["id"], "outcome": "solved", "note": "当场明确由城关镇负责"},
        assigned(items[1], desk.units["自然资源局"], note="10月底前完成用地预审"),
        {"agenda_item_id": items[2]["id"], "outcome": "escalated"}],
        decided_items=[{"title": "编制园区供水规划", "owner_unit_id": desk.units["住建局"], "due_date": "2026-10-15"}])
    assert draft.status_code == 200, draft.text
    key = {"Idempotency-Key": "publish-minutes-1"}
    first = await publish(desk, meeting, headers={**desk.office, **key})
    assert first.status_code == 200, first.text
    retried = await publish(desk, meeting, headers={**desk.office, **key})
    assert retried.status_code == 200
    assert retried.headers.get("idempotent-replayed") == "true"
    assert retried.json() == first.json()
    again = await publish(desk, meeting)
    assert (again.status_code, again.json()["code"]) == (409, "minutes_already_published")
    rows = await desk.outbox("minutes.published")
    assert sorted(r["destination"] for r in rows) == ["issues"]  # only the service that acts on it (scoring reads)
    assert len({r["event_id"] for r in rows}) == 1
    assert rows[0]["payload"] == {
        "meeting_id": meeting["id"], "region_code": REGION, "meeting_type": "coordination", "held_on": "2026-09-03",
        "decisions": [
            {"problem_id": items[0]["problem_id"], "outcome": "solved", "unit_id": None, "deadline": None,
             "note": "当场明确由城关镇负责"},
            {"problem_id": items[1]["problem_id"], "outcome": "assigned", "unit_id": desk.units["自然资源局"],
             "deadline": "2026-09-30", "note": "10月底前完成用地预审"},
            {"problem_id": items[2]["problem_id"], "outcome": "escalated", "unit_id": None, "deadline": None,
             "note": ""}]}
    published = first.json()
    assert published["status"] == "published"
    assert [(d["seq"], d["owner_unit_id"], d["due_date"], d["problem_id"]) for d in published["decided_items"]] == [
        (1, desk.units["自然资源局"], "2026-09-30", items[1]["problem_id"]),
        (2, desk.units["住建局"], "2026-10-15", None)]
    assert {r["unit_id"] for r in published["distribution"]} == {
        desk.units["重点办"], desk.units["交通局"], desk.units["发改委"]}
    assert (await desk.get(meeting))["status"] == "minutes_published"


async def test_published_minutes_do_not_change_a_correction_is_an_addendum(desk):
    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03", 1)
    early = await desk.client.post(url(meeting, "minutes", "addenda"), json={"text": "更正"}, headers=desk.office)
    assert early.status_code == 422
    await write(desk, meeting, outcomes=[{"agenda_item_id": items[0]["id"], "outcome": "deferred"}],
                distribution=[{"name": "县委办公室"}, {"name": "县政府办公室"}])
    assert (await publish(desk, meeting)).status_code == 200
    edit = await write(desk, meeting, summary="改写")
    assert (edit.status_code, edit.json()["code"]) == (409, "minutes_already_published")
    for text in ("第二项议定事项完成时限更正为10月20日", "补充：县财政局列席"):
        added = await desk.client.post(url(meeting, "minutes", "addenda"), json={"text": text}, headers=desk.office)
        assert added.status_code == 201, added.text
    minutes = (await desk.client.get(url(meeting, "minutes"), headers=desk.office)).json()
    assert [(a["seq"], a["text"][:2]) for a in minutes["addenda"]] == [(1, "第二"), (2, "补充")]
    assert minutes["summary"] == "" and [r["name"] for r in minutes["distribution"]] == ["县委办公室", "县政府办公室"]
    # a deferred item is not a decision the issues service applies
    assert (await desk.events("minutes.published"))[0]["decisions"] == []


async def test_replacing_the_draft_needs_the_etag_it_was_read_with(desk):
    """Minutes are a shared record like the others: the first draft needs no ETag, a replacement needs
    If-Match with the ETag read (428 without, 412 when someone changed the draft since)."""
    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03", 1)
    created = await write(desk, meeting, summary="初稿")
    assert created.status_code == 200, created.text
    read = await desk.client.get(url(meeting, "minutes"), headers=desk.office)
    assert read.headers["etag"] == created.headers["etag"]
    etag = read.headers["etag"]

    blind = await write(desk, meeting, summary="不看就改")
    assert (blind.status_code, blind.json()["code"]) == (428, "if_match_required")
    edited = await desk.client.put(url(meeting, "minutes"), headers={**desk.office, "If-Match": etag}, json={
        "summary": "二稿", "outcomes": [{"agenda_item_id": items[0]["id"], "outcome": "solved"}]})
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] != etag
    # only the outcomes change: the version still moves
    again = await desk.client.put(url(meeting, "minutes"), headers={**desk.office, "If-Match": edited.headers["etag"]},
                                  json={"summary": "二稿", "outcomes": []})
    assert again.status_code == 200, again.text
    assert again.headers["etag"] != edited.headers["etag"]
    stale = await desk.client.put(url(meeting, "minutes"), headers={**desk.office, "If-Match": etag},
                                  json={"summary": "旧版本上的修改"})
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    minutes = (await desk.client.get(url(meeting, "minutes"), headers=desk.office)).json()
    assert (minutes["summary"], minutes["outcomes"]) == ("二稿", [])


async def test_two_concurrent_replacements_with_the_same_etag_one_wins_the_other_gets_412(desk, monkeypatch):
    """Both requests pass the If-Match check before either writes; the loser's write finds the version moved
    (the ORM's stale-data error), which is a 412 problem and a rollback, not a 500."""
    from tuijin.meetings.agendas import repository as agenda_repo

    desk.at("2026-09-01")
    meeting, items = await with_problems(desk, "2026-09-03", 1)
    created = await write(desk, meeting, summary="初稿")
    etag = created.headers["etag"]
    both_checked = asyncio.Barrier(2)
    original = agenda_repo.items

    async def items_after_both_checked(session, meeting_id):  # save_draft reads the agenda after the check
        await asyncio.wait_for(both_checked.wait(), 10)
        return await original(session, meeting_id)

    monkeypatch.setattr(agenda_repo, "items", items_after_both_checked)
    headers = {**desk.office, "If-Match": etag}
    first, second = await asyncio.gather(
        desk.client.put(url(meeting, "minutes"), headers=headers, json={
            "summary": "甲的修改", "outcomes": [{"agenda_item_id": items[0]["id"], "outcome": "solved"}]}),
        desk.client.put(url(meeting, "minutes"), headers=headers, json={"summary": "乙的修改"}))
    monkeypatch.setattr(agenda_repo, "items", original)
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 412], (first.text, second.text)
    won, lost = (first, second) if first.status_code == 200 else (second, first)
    assert lost.headers["content-type"].startswith("application/problem+json")
    assert lost.json()["code"] == "precondition_failed"
    assert lost.json()["detail"] == "该记录已被他人修改，请刷新后重试"
    minutes = (await desk.client.get(url(meeting, "minutes"), headers=desk.office))
    assert minutes.headers["etag"] == won.headers["etag"]
    assert minutes.json()["summary"] == won.json()["summary"]
    assert len(minutes.json()["outcomes"]) == len(won.json()["outcomes"])  # nothing of the loser's is left


async def dispatch(desk) -> dict:
    return await desk.stack.apps["meetings"].state.outbox.dispatch()


async def test_the_issues_service_down_when_minutes_are_published_and_the_problems_still_change_once_back(desk):
    desk.at("2026-10-09")
    project = await desk.project("A")
    issues = desk.stack.client("issues")
    raised = await issues.post("/api/v1/problems", headers=desk.office, json={
        "project_id": project["id"], "category": "land", "description": "用地预审未批复", "level": "system_meeting"})
    assert raised.status_code == 201, raised.text
    problem = raised.json()
    meeting = await desk.meeting("2026-10-12", meeting_type="system_meeting", title="现代基础设施体系推进例会",
                                 system_id=desk.systems["基础设施"], convener_unit_id=desk.units["交通局"])
    built = await desk.client.post(url(meeting, "agenda", "builds"), headers=desk.office)
    assert [i["problem_id"] for i in built.json()] == [problem["id"]]
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-10-12", "12:00")
    await desk.advance(meeting, "held")
    await write(desk, meeting, outcomes=[{"agenda_item_id": built.json()[0]["id"], "outcome": "solved",
                                          "note": "自然资源局当场明确办理路径"}])
    desk.stack.transports["issues"].down = True
    assert (await publish(desk, meeting)).status_code == 200
    down = await dispatch(desk)
    assert down["retrying"] >= 1
    unchanged = await issues.get(f"/api/v1/problems/{problem['id']}", headers=desk.office)
    assert unchanged.json()["status"] == problem["status"]
    desk.stack.transports["issues"].down = False
    clock.advance(timedelta(minutes=5))
    await dispatch(desk)
    rows = await desk.outbox("minutes.published")
    assert {r["destination"]: r["status"] for r in rows} == {"issues": "delivered"}
    after = await issues.get(f"/api/v1/problems/{problem['id']}", headers=desk.office)
    assert after.json()["status"] == "resolved"
    # a second delivery of the same event changes nothing
    envelope = {"id": str(rows[0]["event_id"]), "type": "minutes.published", "source": "meetings",
                "occurred_at": rows[0]["created_at"].isoformat(), "region_code": REGION, "payload": rows[0]["payload"]}
    service = {"Authorization": f"Bearer {desk.stack.codec.service_token('meetings')}"}
    duplicate = await issues.post("/api/v1/internal/events", json=envelope, headers=service)
    assert duplicate.json() == {"status": "duplicate"}
    timeline = await issues.get(f"/api/v1/problems/{problem['id']}", headers=desk.office)
    assert timeline.json()["version"] == after.json()["version"]


# ---------------------------------------------------------------- decided items


async def published_items(desk, day: str = "2026-09-03", due: str = "2026-09-30") -> tuple[dict, list[dict]]:
    meeting, items = await with_problems(desk, day, 2)
    await write(desk, meeting, outcomes=[assigned(items[0], desk.units["交通局"], due),
                                         assigned(items[1], desk.units["发改委"], due)])
    resp = await publish(desk, meeting)
    assert resp.status_code == 200, resp.text
    return meeting, resp.json()["decided_items"]


async def follow(desk, item: dict, action: str, headers: dict, note: str = ""):
    return await desk.client.post(f"/api/v1/decided-items/{item['id']}/follow-ups", headers=headers,
                                  json={"action": action, "note": note})


async def test_decided_items_go_open_done_verified_and_only_the_office_verifies(desk, monkeypatch):
    published = record_published(monkeypatch)
    desk.at("2026-09-01")
    _, (mine, theirs) = await published_items(desk)
    assert (await follow(desk, theirs, "done", desk.unit("交通局"))).status_code == 404  # not its item
    assert (await follow(desk, mine, "verify", desk.office)).status_code == 422  # not done yet
    progress = await follow(desk, mine, "progress", desk.unit("交通局"), "已完成方案编制")
    assert progress.status_code == 201, progress.text
    desk.at("2026-09-20")
    done = await follow(desk, mine, "done", desk.unit("交通局"), "已办结")
    assert (done.json()["status"], done.json()["done_on"]) == ("done", "2026-09-20")
    assert (await follow(desk, mine, "verify", desk.unit("交通局"))).status_code == 403
    reopened = await follow(desk, mine, "reopen", desk.office, "佐证材料不全")
    assert (reopened.json()["status"], reopened.json()["done_on"]) == ("open", None)
    await follow(desk, mine, "done", desk.unit("交通局"), "补齐材料")
    verified = await follow(desk, mine, "verify", desk.office)
    assert verified.json()["status"] == "verified"
    detail = await desk.client.get(f"/api/v1/decided-items/{mine['id']}", headers=desk.unit("交通局"))
    assert [f["action"] for f in detail.json()["follow_ups"]] == ["progress", "done", "reopen", "done", "verify"]
    done_events = payloads(published, "decided_item.done")
    assert [(e["decided_item_id"], e["on_time"]) for e in done_events] == [(mine["id"], True), (mine["id"], True)]
    assert await desk.outbox("decided_item.done") == []  # no service acts on it: scoring reads the stats


async def test_the_overdue_job_announces_each_overdue_decided_item_once(desk):
    desk.at("2026-09-01")
    meeting, (late, on_time) = await published_items(desk, due="2026-09-10")
    await follow(desk, on_time, "done", desk.unit("发改委"), "已办结")
    desk.at("2026-09-10")
    assert (await desk.run_job("meetings", "decided-item-overdue"))["announced"] == 0  # due today: not overdue
    desk.at("2026-09-11")
    assert (await desk.run_job("meetings", "decided-item-overdue"))["announced"] == 1
    assert (await desk.run_job("meetings", "decided-item-overdue"))["announced"] == 0
    events = await desk.events("decided_item.overdue")
    assert events == [{"decided_item_id": late["id"], "meeting_id": meeting["id"], "site_visit_id": None,
                       "region_code": REGION,
                       "unit_id": desk.units["交通局"], "project_id": None, "title": late["title"],
                       "due_date": "2026-09-10"}]
    rows = await desk.outbox("decided_item.overdue")
    assert sorted(r["destination"] for r in rows) == ["issues"]
    overdue = await desk.client.get("/api/v1/decided-items", headers=desk.office, params={"overdue": "true"})
    assert [(i["id"], i["is_overdue"]) for i in overdue.json()["items"]] == [(late["id"], True)]


async def test_decided_items_by_owner_unit_and_status_and_a_unit_sees_its_own(desk):
    desk.at("2026-09-01")
    _, (mine, theirs) = await published_items(desk)
    await follow(desk, theirs, "done", desk.unit("发改委"), "已办结")
    own = await desk.client.get("/api/v1/decided-items", headers=desk.unit("交通局"))
    assert [i["id"] for i in own.json()["items"]] == [mine["id"]]
    done = await desk.client.get("/api/v1/decided-items", headers=desk.office,
                                 params={"region_code": REGION, "status": "done"})
    assert [i["id"] for i in done.json()["items"]] == [theirs["id"]]
    by_unit = await desk.client.get("/api/v1/decided-items", headers=desk.office,
                                    params={"owner_unit_id": desk.units["交通局"]})
    assert [i["id"] for i in by_unit.json()["items"]] == [mine["id"]]
    other = await desk.client.get("/api/v1/decided-items", headers=desk.other_office)
    assert other.json()["items"] == []


async def test_decided_item_counts_per_unit_are_aggregated_for_scoring(desk):
    desk.at("2026-09-01")
    _, (first, second) = await published_items(desk, due="2026-09-10")
    desk.at("2026-09-07")
    _, (_third, fourth) = await published_items(desk, day="2026-09-08", due="2026-09-15")
    desk.at("2026-09-09")
    await follow(desk, first, "done", desk.unit("交通局"), "按期办结")
    desk.at("2026-09-12")
    await follow(desk, second, "done", desk.unit("发改委"), "逾期办结")
    await follow(desk, fourth, "done", desk.unit("发改委"), "提前办结")
    desk.at("2026-09-20")
    resp = await desk.client.get("/api/v1/decided-items/stats", headers=desk.scorer,
                                 params={"region_code": REGION, "month": "2026-09"})
    assert resp.status_code == 200, resp.text
    got = {u["unit_id"]: (u["due"], u["done_on_time"], u["done_late"], u["overdue"], u["open_overdue"])
           for u in resp.json()["units"]}
    assert got == {desk.units["交通局"]: (2, 1, 0, 1, 1), desk.units["发改委"]: (2, 1, 1, 1, 0)}


async def test_decided_item_counts_per_project_are_aggregated_for_scoring(desk):
    """A project ranking counts the decided items about each project: due, done on time, overdue."""
    desk.at("2026-09-01")
    a, b = uuid.uuid4(), uuid.uuid4()
    meeting = await desk.meeting("2026-09-03")
    items = [await desk.add_item(meeting, f"问题{i}", problem_id=str(uuid.uuid4()), project_id=str(p))
             for i, p in enumerate((a, a, b))]
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    await write(desk, meeting, outcomes=[assigned(i, desk.units["交通局"], "2026-09-10") for i in items])
    resp = await publish(desk, meeting)
    assert resp.status_code == 200, resp.text
    decided = {d["problem_id"]: d for d in resp.json()["decided_items"]}
    desk.at("2026-09-09")
    await follow(desk, decided[items[0]["problem_id"]], "done", desk.unit("交通局"), "按期办结")
    desk.at("2026-09-20")
    resp = await desk.client.get("/api/v1/decided-items/stats", headers=desk.scorer,
                                 params={"region_code": REGION, "month": "2026-09"})
    assert resp.status_code == 200, resp.text
    got = {p["project_id"]: (p["due"], p["done_on_time"], p["overdue"]) for p in resp.json()["projects"]}
    assert got == {str(a): (2, 1, 1), str(b): (1, 0, 1)}
