"""Attendance: the head attends in person (不得替会), leave asked of and approved by the convener, unexcused
absences and proxies in the bulletin (通报), and the per-unit counts scoring reads."""

from __future__ import annotations

from tests.meetings.conftest import REGION, held_meeting
from tests.meetings.published import payloads, record_published

HEADS = {"交通局": "张局长", "发改委": "刘主任"}


def url(meeting: dict, *rest: str) -> str:
    return "/".join([f"/api/v1/meetings/{meeting['id']}", *rest])


async def record(desk, meeting: dict, *records: dict, headers: dict | None = None):
    """Record attendance with the ETag of the attendance as just read (a change of a record needs If-Match)."""
    read = await desk.client.get(url(meeting, "attendance"), headers=desk.office)
    return await desk.client.put(url(meeting, "attendance"), json={"records": list(records)},
                                 headers={**(headers or desk.office), "If-Match": read.headers["etag"]})


def status_of(desk, rows: list[dict]) -> dict[str, str | None]:
    keys = {v: k for k, v in desk.units.items()}
    return {keys[r["unit_id"]]: r["status"] for r in rows}


async def test_a_proxy_is_flagged_and_listed_with_the_unexcused_absence_in_the_bulletin(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads=HEADS)
    claimed = await record(desk, meeting, {"unit_id": desk.units["交通局"], "attendee_name": "李副局长",
                                           "status": "present"})
    assert (claimed.status_code, claimed.json()["errors"][0]["field"]) == (422, "body.records.0.status")
    resp = await record(desk, meeting, {"unit_id": desk.units["交通局"], "attendee_name": "李副局长"},
                        {"unit_id": desk.units["发改委"]})
    assert resp.status_code == 200, resp.text
    assert status_of(desk, resp.json()) == {"交通局": "proxy", "发改委": "absent"}
    bulletin = await desk.client.get("/api/v1/attendance/bulletin", headers=desk.office,
                                     params={"region_code": REGION, "from": "2026-09-01", "to": "2026-09-30"})
    assert bulletin.status_code == 200, bulletin.text
    assert [(r["unit_id"], r["status"], r["expected_attendee"], r["attendee_name"])
            for r in bulletin.json()["items"]] in (
        [(desk.units["交通局"], "proxy", "张局长", "李副局长"), (desk.units["发改委"], "absent", "刘主任", "")],
        [(desk.units["发改委"], "absent", "刘主任", ""), (desk.units["交通局"], "proxy", "张局长", "李副局长")],
    )
    fixed = await record(desk, meeting, {"unit_id": desk.units["交通局"], "attendee_name": "张局长"})
    assert status_of(desk, fixed.json())["交通局"] == "present"
    after = await desk.client.get("/api/v1/attendance/bulletin", headers=desk.office,
                                  params={"region_code": REGION, "month": "2026-09"})
    assert [r["status"] for r in after.json()["items"]] == ["absent"]


async def test_on_leave_needs_leave_asked_of_and_approved_by_the_convener(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads=HEADS)
    asked = await desk.client.post(url(meeting, "leave-requests"), headers=desk.unit("发改委"),
                                   json={"reason": "参加市发改委专题会", "substitute_name": "王副主任"})
    assert asked.status_code == 201, asked.text
    twice = await desk.client.post(url(meeting, "leave-requests"), headers=desk.unit("发改委"),
                                   json={"reason": "再次请假"})
    assert (twice.status_code, twice.json()["code"]) == (409, "leave_already_requested")
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    early = await record(desk, meeting, {"unit_id": desk.units["发改委"], "attendee_name": "王副主任",
                                         "status": "on_leave"})
    assert (early.status_code, early.json()["errors"][0]["type"]) == (422, "status_contradicts")
    decision = url(meeting, "leave-requests", asked.json()["id"], "decision")
    self_approval = await desk.client.post(decision, headers=desk.unit("发改委"), json={"approve": True})
    assert self_approval.status_code == 403
    approved = await desk.client.post(decision, headers=desk.unit("重点办"), json={"approve": True})
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    resp = await record(desk, meeting, {"unit_id": desk.units["发改委"], "attendee_name": "王副主任"})
    assert status_of(desk, resp.json())["发改委"] == "on_leave"
    bulletin = await desk.client.get("/api/v1/attendance/bulletin", headers=desk.office,
                                     params={"region_code": REGION, "month": "2026-09"})
    assert bulletin.json()["items"] == []


async def test_attendance_for_a_unit_not_invited_is_refused_and_nothing_is_written(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads=HEADS)
    resp = await record(desk, meeting, {"unit_id": desk.units["交通局"], "attendee_name": "张局长"},
                        {"unit_id": desk.units["城关镇"], "attendee_name": "镇长"})
    assert resp.status_code == 422
    assert [(e["field"], e["type"]) for e in resp.json()["errors"]] == [("body.records.1.unit_id", "unit_not_invited")]
    rows = (await desk.client.get(url(meeting, "attendance"), headers=desk.office)).json()
    assert {r["status"] for r in rows} == {None}
    assert await desk.events("attendance.recorded") == []


async def test_attendance_is_recorded_on_the_meeting_day_by_its_managers_only(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads=HEADS)
    entry = {"unit_id": desk.units["交通局"], "attendee_name": "张局长"}
    planned = await record(desk, meeting, entry)
    assert (planned.status_code, planned.json()["code"]) == (422, "step_not_allowed")
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    future = await record(desk, meeting, entry)
    assert (future.status_code, future.json()["code"]) == (422, "meeting_in_future")
    desk.at("2026-09-03", "08:50")
    assert (await record(desk, meeting, entry, headers=desk.unit("交通局"))).status_code == 403
    assert (await record(desk, meeting, entry)).status_code == 200


async def test_attendance_counts_per_unit_over_a_period_for_scoring(desk, monkeypatch):
    published = record_published(monkeypatch)
    desk.at("2026-09-01")
    first = await held_meeting(desk, "2026-09-03", heads=HEADS)
    await record(desk, first, {"unit_id": desk.units["交通局"], "attendee_name": "张局长"},
                 {"unit_id": desk.units["发改委"], "attendee_name": "小刘"})
    desk.at("2026-09-07")
    second = await held_meeting(desk, "2026-09-08", heads=HEADS, invite=("交通局", "发改委", "城关镇"))
    await record(desk, second, {"unit_id": desk.units["交通局"]}, {"unit_id": desk.units["发改委"],
                                                                   "attendee_name": "刘主任"})
    desk.at("2026-09-20")
    await desk.meeting("2026-09-25", heads=HEADS)  # not held yet: does not count
    resp = await desk.client.get("/api/v1/attendance/stats", headers=desk.scorer,
                                 params={"region_code": REGION, "from": "2026-09-01", "to": "2026-09-30"})
    assert resp.status_code == 200, resp.text
    assert (resp.json()["from"], resp.json()["to"]) == ("2026-09-01", "2026-09-30")
    got = {r["unit_id"]: (r["expected"], r["present"], r["on_leave"], r["absent"], r["proxy"], r["unrecorded"])
           for r in resp.json()["units"]}
    assert got == {desk.units["交通局"]: (2, 1, 0, 1, 0, 0), desk.units["发改委"]: (2, 1, 0, 0, 1, 0),
                   desk.units["城关镇"]: (1, 0, 0, 0, 0, 1)}
    events = payloads(published, "attendance.recorded")
    assert [(e["meeting_id"], sorted(r["status"] for r in e["records"])) for e in events] == [
        (first["id"], ["present", "proxy"]), (second["id"], ["absent", "present"])]
    assert await desk.outbox("attendance.recorded") == []  # no service acts on it: scoring reads these counts
    unit = await desk.client.get("/api/v1/attendance/stats", headers=desk.unit("交通局"),
                                 params={"region_code": REGION, "from": "2026-09-01", "to": "2026-09-30"})
    assert unit.status_code == 403


async def test_a_unit_reads_its_own_attendance_record_over_a_period(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads=HEADS)
    await record(desk, meeting, {"unit_id": desk.units["交通局"], "attendee_name": "张局长"},
                 {"unit_id": desk.units["发改委"]})
    own = await desk.client.get("/api/v1/attendance", headers=desk.unit("交通局"), params={"month": "2026-09"})
    assert [(r["unit_id"], r["status"], r["meeting_title"]) for r in own.json()["items"]] == [
        (desk.units["交通局"], "present", "项目协调会")]
    other = await desk.client.get("/api/v1/attendance", headers=desk.unit("交通局"),
                                  params={"unit_id": desk.units["发改委"]})
    assert other.status_code == 403
    everyone = await desk.client.get("/api/v1/attendance", headers=desk.office, params={"status": "absent"})
    assert [r["unit_id"] for r in everyone.json()["items"]] == [desk.units["发改委"]]


async def test_changing_recorded_attendance_needs_the_etag_it_was_read_with(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads=HEADS)
    first = await desk.client.put(url(meeting, "attendance"), headers=desk.office,
                                  json={"records": [{"unit_id": desk.units["交通局"], "attendee_name": "张局长"}]})
    assert first.status_code == 200, first.text  # nothing recorded yet: nothing to overwrite
    change = {"records": [{"unit_id": desk.units["交通局"], "attendee_name": "李副局长"}]}
    missing = await desk.client.put(url(meeting, "attendance"), headers=desk.office, json=change)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    stale = await desk.client.put(url(meeting, "attendance"), headers={**desk.office, "If-Match": '"0"'},
                                  json=change)
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_etag")
    fresh = await desk.client.put(url(meeting, "attendance"), json=change,
                                  headers={**desk.office, "If-Match": first.headers["etag"]})
    assert status_of(desk, fresh.json())["交通局"] == "proxy"


async def test_an_invited_unit_reads_only_its_own_leave_requests_on_the_meeting_page(desk):
    """Leave is asked of the convener: another invited unit reads neither the request nor its reason, on the
    meeting's page as on its list of leave requests; the office reads every request."""
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads=HEADS)
    asked = await desk.client.post(url(meeting, "leave-requests"), headers=desk.unit("发改委"),
                                   json={"reason": "参加市发改委专题会", "substitute_name": "王副主任"})
    assert asked.status_code == 201, asked.text

    def reasons(answer) -> list[str]:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return [x["reason"] for x in (body["leave_requests"] if isinstance(body, dict) else body)]

    for path in (url(meeting), url(meeting, "leave-requests")):
        assert reasons(await desk.client.get(path, headers=desk.unit("交通局"))) == []
        assert reasons(await desk.client.get(path, headers=desk.unit("发改委"))) == ["参加市发改委专题会"]
        assert reasons(await desk.client.get(path, headers=desk.office)) == ["参加市发改委专题会"]


async def test_an_invited_unit_confirms_its_head_attends_and_a_proxy_is_refused(desk):
    """参会回执: before the meeting, an invited unit confirms that its head attends in person; naming someone else
    is refused (不得替会: a head who cannot come asks leave of the convener), a unit not invited does not see the
    meeting,
    and once the meeting is held nothing is confirmed any more."""
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads=HEADS)
    confirm = url(meeting, "attendance-confirmations")
    proxy = await desk.client.post(confirm, headers=desk.unit("交通局"), json={"attendee_name": "李副局长"})
    assert (proxy.status_code, proxy.json()["code"], proxy.json()["errors"][0]["field"]) == (
        422, "proxy_not_allowed", "body.attendee_name")
    stranger = await desk.client.post(confirm, headers=desk.unit("城关镇"), json={})
    assert (stranger.status_code, stranger.json()["code"]) == (404, "meeting_not_found")  # not even seen
    other = await desk.client.post(confirm, headers=desk.unit("交通局"), json={"unit_id": desk.units["发改委"]})
    assert other.status_code == 403

    confirmed = await desk.client.post(confirm, headers=desk.unit("交通局"), json={})
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["confirmed_attendee"], confirmed.json()["confirmed_at"] is not None) == ("张局长", True)
    read = await desk.client.get(url(meeting, "invitations", desk.units["交通局"]), headers=desk.office)
    assert read.json()["confirmed_attendee"] == "张局长"
    unconfirmed = await desk.client.get(url(meeting, "invitations", desk.units["发改委"]), headers=desk.office)
    assert unconfirmed.json()["confirmed_at"] is None

    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    late = await desk.client.post(confirm, headers=desk.unit("发改委"), json={})
    assert (late.status_code, late.json()["code"]) == (422, "step_not_allowed")
