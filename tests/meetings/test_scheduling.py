"""Scheduling: series with recurrence rules, non-working days, the expansion job, the lifecycle,
rescheduling and cancelling, double-booking, calendar views and who sees a meeting."""

from __future__ import annotations

from collections import Counter
from datetime import date

from tests.meetings.conftest import REGION
from tuijin.kernel.calendar import WorkingCalendar

# 栾川's nine systems: the fixture registers 现代基础设施; the test adds the other eight
OTHER_EIGHT = ("现代创新", "现代产业", "现代市场", "现代城镇", "文化传承创新", "生态环境建设", "现代开放", "公共服务")


async def meetings_of(desk, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        query = {"region_code": REGION, "limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        resp = await desk.client.get("/api/v1/meetings", params=query, headers=desk.office)
        assert resp.status_code == 200, resp.text
        items += resp.json()["items"]
        cursor = resp.json()["next_cursor"]
        if not cursor:
            return items


async def series(desk, **overrides) -> dict:
    body = {"region_code": REGION, "meeting_type": "county_meeting", "title": "县委县政府项目调度例会",
            "convener_unit_id": desk.units["重点办"], "chair_name": "县长", "start_time": "09:00",
            "rrule": "FREQ=MONTHLY;BYDAY=1MO", "start_date": "2026-09-01", "horizon_days": 70,
            "fixed_unit_ids": [desk.units["发改委"], desk.units["交通局"]]}
    body.update(overrides)
    resp = await desk.client.post("/api/v1/meeting-series", json=body, headers=desk.office)
    assert resp.status_code == 201, resp.text
    return resp.json()


# ---------------------------------------------------------------- series and non-working days


async def test_nine_systems_meet_one_after_another_through_the_week_and_a_holiday_week_lands_on_working_days(desk):
    desk.at("2026-09-25")
    for i, name in enumerate(OTHER_EIGHT):
        await desk.add_unit(f"召集{i}", f"{name}体系召集单位")
        await desk.add_system(name, f"{name}体系", f"召集{i}")
    resp = await desk.client.post("/api/v1/meeting-series/system-rotation", headers=desk.office, json={
        "region_code": REGION, "start_date": "2026-09-28", "horizon_days": 28})
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert len(created) == 9
    assert {s["convener_unit_id"] for s in created} == {desk.units["交通局"]} | {
        desk.units[f"召集{i}"] for i in range(8)}
    # the systems one after another: five weekdays at 09:00, the rest on the same weekdays at 15:00
    assert [(s["rrule"], s["start_time"]) for s in created[:6]] == [
        ("FREQ=WEEKLY;BYDAY=MO", "09:00:00"), ("FREQ=WEEKLY;BYDAY=TU", "09:00:00"),
        ("FREQ=WEEKLY;BYDAY=WE", "09:00:00"), ("FREQ=WEEKLY;BYDAY=TH", "09:00:00"),
        ("FREQ=WEEKLY;BYDAY=FR", "09:00:00"), ("FREQ=WEEKLY;BYDAY=MO", "15:00:00")]
    meetings = await meetings_of(desk, meeting_type="system_meeting")
    cal = WorkingCalendar()
    assert len(meetings) == 9 * 4  # four weeks from 2026-09-28 to 2026-10-23
    assert all(cal.is_working_day(date.fromisoformat(m["meeting_date"])) for m in meetings)
    # National Day week: the meetings of Thu 10-01, Fri 10-02, Mon 10-05, Tue 10-06 and Wed 10-07 move to Thu 10-08
    moved = Counter((m["shifted_from"], m["meeting_date"]) for m in meetings if m["shifted_from"])
    assert moved == Counter({("2026-10-01", "2026-10-08"): 2, ("2026-10-02", "2026-10-08"): 1,
                             ("2026-10-05", "2026-10-08"): 2, ("2026-10-06", "2026-10-08"): 2,
                             ("2026-10-07", "2026-10-08"): 2})
    again = await desk.client.post("/api/v1/meeting-series/system-rotation", headers=desk.office, json={
        "region_code": REGION, "start_date": "2026-09-28"})
    assert again.status_code == 409
    assert again.json()["code"] == "system_series_exists"


async def test_one_system_per_week_rotates_the_systems(desk):
    desk.at("2026-11-02")
    await desk.add_unit("产业召集", "产业体系召集单位")
    await desk.add_system("产业", "现代产业体系", "产业召集")
    resp = await desk.client.post("/api/v1/meeting-series/system-rotation", headers=desk.office, json={
        "region_code": REGION, "mode": "one_system_per_week", "start_date": "2026-11-02", "weekdays": ["TH"],
        "horizon_days": 27})
    assert resp.status_code == 201, resp.text
    meetings = await meetings_of(desk)
    # the systems in the registry's order (sort order, then name): 现代产业体系 before 现代基础设施体系
    assert [(m["meeting_date"], m["system_id"]) for m in meetings] == [
        ("2026-11-05", desk.systems["产业"]), ("2026-11-12", desk.systems["基础设施"]),
        ("2026-11-19", desk.systems["产业"]), ("2026-11-26", desk.systems["基础设施"])]


async def test_a_monthly_first_monday_meeting_on_a_holiday_moves_to_the_next_working_day(desk):
    desk.at("2026-09-01")
    created = await series(desk, horizon_days=45)
    meetings = await meetings_of(desk, series_id=created["id"])
    assert [(m["occurrence_date"], m["meeting_date"], m["shifted_from"]) for m in meetings] == [
        ("2026-09-07", "2026-09-07", None), ("2026-10-05", "2026-10-08", "2026-10-05")]
    detail = await desk.get(meetings[1])
    assert {i["unit_id"] for i in detail["invitations"]} == {desk.units["发改委"], desk.units["交通局"]}
    assert {i["kind"] for i in detail["invitations"]} == {"fixed"}


async def test_a_non_working_day_moves_back_or_is_skipped_when_the_series_says_so(desk):
    desk.at("2026-09-01")
    back = await series(desk, non_working_day="previous_working_day", horizon_days=45)
    skipped = await series(desk, non_working_day="skip", title="跳过节假日的例会", horizon_days=45)
    assert [m["meeting_date"] for m in await meetings_of(desk, series_id=back["id"])] == ["2026-09-07", "2026-09-30"]
    assert [m["meeting_date"] for m in await meetings_of(desk, series_id=skipped["id"])] == ["2026-09-07"]


async def test_the_expansion_job_run_twice_creates_no_duplicates(desk):
    desk.at("2026-09-01")
    created = await series(desk, rrule="FREQ=WEEKLY;BYDAY=WE", horizon_days=14)
    assert len(await meetings_of(desk, series_id=created["id"])) == 2
    first = await desk.run_job("meetings", "series-expansion")
    second = await desk.run_job("meetings", "series-expansion")
    assert (first["created"], second["created"]) == (0, 0)
    desk.at("2026-09-08")
    assert (await desk.run_job("meetings", "series-expansion"))["created"] == 1
    assert (await desk.run_job("meetings", "series-expansion"))["created"] == 0
    dates = [m["meeting_date"] for m in await meetings_of(desk, series_id=created["id"])]
    assert dates == ["2026-09-02", "2026-09-09", "2026-09-16"]


async def test_a_stopped_series_creates_no_more_meetings(desk):
    desk.at("2026-09-01")
    created = await series(desk, rrule="FREQ=WEEKLY;BYDAY=WE", horizon_days=7)
    resp = await desk.client.patch(f"/api/v1/meeting-series/{created['id']}", json={"is_active": False},
                                   headers={**desk.office, "If-Match": f'"{created["version"]}"'})
    assert resp.status_code == 200, resp.text
    desk.at("2026-09-20")
    assert (await desk.run_job("meetings", "series-expansion"))["created"] == 0


async def test_an_invalid_recurrence_rule_is_refused_naming_the_field(desk):
    for rule in ("FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=XX", "EVERY MONDAY"):
        resp = await desk.client.post("/api/v1/meeting-series", headers=desk.office, json={
            "region_code": REGION, "meeting_type": "county_meeting", "title": "例会",
            "convener_unit_id": desk.units["重点办"], "start_time": "09:00", "rrule": rule, "start_date": "2026-09-01"})
        assert resp.status_code == 422, rule
        assert [e["field"] for e in resp.json()["errors"]] == ["body.rrule"]
    listed = await desk.client.get("/api/v1/meeting-series", params={"region_code": REGION}, headers=desk.office)
    assert listed.json()["items"] == []


async def test_a_system_meeting_needs_a_system_of_the_region_and_a_known_convener(desk):
    base = {"region_code": REGION, "meeting_type": "system_meeting", "title": "体系例会", "start_time": "09:00",
            "rrule": "FREQ=WEEKLY;BYDAY=MO", "start_date": "2026-09-01", "convener_unit_id": desk.units["交通局"]}
    no_system = await desk.client.post("/api/v1/meeting-series", json=base, headers=desk.office)
    assert (no_system.status_code, no_system.json()["errors"][0]["field"]) == (422, "body.system_id")
    stranger = await desk.client.post("/api/v1/meeting-series", headers=desk.office, json={
        **base, "system_id": desk.systems["基础设施"], "convener_unit_id": "00000000-0000-0000-0000-000000000001"})
    assert (stranger.status_code, stranger.json()["errors"][0]["field"]) == (422, "body.convener_unit_id")


async def test_a_rule_preview_shows_where_meetings_would_land(desk):
    resp = await desk.client.post("/api/v1/meeting-series/preview", headers=desk.office, json={
        "rrule": "FREQ=MONTHLY;BYDAY=1MO", "start_date": "2026-01-01", "from": "2026-04-01", "to": "2026-05-31"})
    assert resp.status_code == 200, resp.text
    assert [(o["rule_date"], o["meeting_date"]) for o in resp.json()] == [
        ("2026-04-06", "2026-04-07"), ("2026-05-04", "2026-05-06")]


# ---------------------------------------------------------------- lifecycle


async def test_steps_go_in_order_and_a_step_not_allowed_now_is_refused_and_changes_nothing(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    skipped = await desk.step(meeting, "held")
    assert skipped.status_code == 422
    assert (skipped.json()["code"], skipped.json()["status_now"]) == ("step_not_allowed", "planned")
    assert (await desk.get(meeting))["status"] == "planned"
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    early = await desk.step(meeting, "held")
    assert (early.status_code, early.json()["code"]) == (422, "meeting_in_future")
    desk.at("2026-09-03", "11:30")
    await desk.advance(meeting, "held")
    detail = await desk.get(meeting)
    assert detail["status"] == "held"
    assert [c["action"] for c in detail["changes"]] == ["created", "notice_sent", "agenda_frozen", "held"]
    by_hand = await desk.step(meeting, "minutes_published")
    assert by_hand.status_code == 422


async def test_a_notice_needs_an_invited_unit(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", invite=())
    resp = await desk.step(meeting, "notice_sent")
    assert (resp.status_code, resp.json()["code"]) == (422, "no_invitations")


async def test_cancelling_needs_the_reason_and_a_cancelled_meeting_takes_no_further_step(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    no_reason = await desk.step(meeting, "cancelled")
    assert (no_reason.status_code, no_reason.json()["errors"][0]["field"]) == (422, "body.reason")
    assert (await desk.step(meeting, "cancelled", reason="议题已通过专题会解决")).status_code == 201
    detail = await desk.get(meeting)
    assert (detail["status"], detail["cancel_reason"]) == ("cancelled", "议题已通过专题会解决")
    assert (await desk.step(meeting, "notice_sent")).status_code == 422
    moved = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/reschedulings", headers=desk.office,
                                   json={"meeting_date": "2026-09-04", "reason": "改期"})
    assert moved.status_code == 422


async def test_rescheduling_moves_the_meeting_and_records_the_reason(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    resp = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/reschedulings", headers=desk.office,
                                  json={"meeting_date": "2026-09-04", "start_time": "15:00", "reason": "与常委会冲突"})
    assert resp.status_code == 201, resp.text
    assert (resp.json()["meeting_date"], resp.json()["starts_at"]) == ("2026-09-04", "2026-09-04T07:00:00Z")
    change = (await desk.get(meeting))["changes"][-1]
    assert (change["action"], change["from_date"], change["to_date"], change["reason"]) == (
        "rescheduled", "2026-09-03", "2026-09-04", "与常委会冲突")
    past = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/reschedulings", headers=desk.office,
                                  json={"meeting_date": "2026-08-31", "reason": "改期"})
    assert (past.status_code, past.json()["errors"][0]["field"]) == (422, "body.meeting_date")


async def test_double_booking_of_a_chair_or_a_unit_is_reported(desk):
    desk.at("2026-09-01")
    first = await desk.meeting("2026-09-03", invite=("交通局",), chair_name="王副县长")
    second = await desk.meeting("2026-09-03", invite=("发改委",), chair_name="王副县长", start_time="10:00",
                                convener_unit_id=desk.units["城关镇"])
    third = await desk.meeting("2026-09-03", invite=("交通局",), chair_name="李副县长", start_time="10:30",
                               convener_unit_id=desk.units["住建局"])
    await desk.meeting("2026-09-03", invite=("交通局",), chair_name="王副县长", start_time="14:00",
                       convener_unit_id=desk.units["城关镇"])
    resp = await desk.client.get("/api/v1/meetings/double-bookings", headers=desk.office,
                                 params={"region_code": REGION, "from": "2026-09-03", "to": "2026-09-03"})
    assert resp.status_code == 200, resp.text
    clashes = {(c["clash"], c["chair_name"] or c["unit_id"], c["first"]["id"], c["second"]["id"])
               for c in resp.json()}
    assert clashes == {
        ("chair", "王副县长", first["id"], second["id"]),
        ("unit", desk.units["交通局"], first["id"], third["id"]),
    }
    cancel = await desk.step(third, "cancelled", reason="取消")
    assert cancel.status_code == 201
    again = await desk.client.get("/api/v1/meetings/double-bookings", headers=desk.office,
                                  params={"region_code": REGION, "from": "2026-09-03", "to": "2026-09-03"})
    assert [c["clash"] for c in again.json()] == ["chair"]


# ---------------------------------------------------------------- reading and access


async def test_the_calendar_lists_by_month_week_and_my_meetings(desk):
    desk.at("2026-09-01")
    mine = await desk.meeting("2026-09-03", invite=("城关镇",))
    await desk.meeting("2026-09-10", invite=("交通局",))
    await desk.meeting("2026-10-12", invite=("城关镇",))
    september = await desk.client.get("/api/v1/meetings", params={"month": "2026-09"}, headers=desk.office)
    assert [m["meeting_date"] for m in september.json()["items"]] == ["2026-09-03", "2026-09-10"]
    week = await desk.client.get("/api/v1/meetings", params={"week": "2026-W36"}, headers=desk.office)
    assert [m["id"] for m in week.json()["items"]] == [mine["id"]]
    own = await desk.client.get("/api/v1/meetings", params={"mine": "true"}, headers=desk.unit("城关镇"))
    assert [m["meeting_date"] for m in own.json()["items"]] == ["2026-09-03", "2026-10-12"]
    paged = await desk.client.get("/api/v1/meetings", params={"limit": 2}, headers=desk.office)
    rest = await desk.client.get("/api/v1/meetings", params={"cursor": paged.json()["next_cursor"]},
                                 headers=desk.office)
    assert len(paged.json()["items"]) + len(rest.json()["items"]) == 3


async def test_an_invited_unit_sees_the_meeting_others_do_not_and_only_managers_change_it(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", invite=("交通局",))
    assert (await desk.client.get(f"/api/v1/meetings/{meeting['id']}", headers=desk.unit("交通局"))).status_code == 200
    assert (await desk.client.get(f"/api/v1/meetings/{meeting['id']}", headers=desk.unit("城关镇"))).status_code == 404
    assert (await desk.client.get(f"/api/v1/meetings/{meeting['id']}", headers=desk.other_office)).status_code == 404
    refused = await desk.step(meeting, "notice_sent", headers=desk.unit("交通局"))
    assert (refused.status_code, refused.json()["code"]) == (403, "not_meeting_manager")
    convener = await desk.step(meeting, "notice_sent", headers=desk.unit("重点办"))
    assert convener.status_code == 201, convener.text
    other_region = await desk.client.post("/api/v1/meetings", headers=desk.other_office, json={
        "region_code": REGION, "meeting_type": "coordination", "title": "x", "convener_unit_id": desk.units["重点办"],
        "meeting_date": "2026-09-05", "start_time": "09:00"})
    assert other_region.status_code == 403


async def test_a_meeting_is_not_planned_in_the_past(desk):
    desk.at("2026-09-10")
    resp = await desk.client.post("/api/v1/meetings", headers=desk.office, json={
        "region_code": REGION, "meeting_type": "coordination", "title": "x", "convener_unit_id": desk.units["重点办"],
        "meeting_date": "2026-09-09", "start_time": "09:00"})
    assert (resp.status_code, resp.json()["errors"][0]["field"]) == (422, "body.meeting_date")


async def test_units_are_invited_and_withdrawn_before_the_meeting_is_held(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", invite=("交通局",))
    url = f"/api/v1/meetings/{meeting['id']}/invitations"
    town = desk.units["城关镇"]
    invited = await desk.client.put(f"{url}/{town}", headers=desk.office,
                                    json={"unit_id": town, "expected_attendee": "镇长"})
    assert (invited.status_code, invited.json()["expected_attendee"]) == (200, "镇长")
    mismatch = await desk.client.put(f"{url}/{town}", headers=desk.office, json={"unit_id": desk.units["交通局"]})
    assert (mismatch.status_code, mismatch.json()["errors"][0]["field"]) == (422, "body.unit_id")
    assert (await desk.client.get(f"/api/v1/meetings/{meeting['id']}", headers=desk.unit("城关镇"))).status_code == 200
    assert (await desk.client.delete(f"{url}/{town}", headers=desk.office)).status_code == 204
    assert (await desk.client.get(f"/api/v1/meetings/{meeting['id']}", headers=desk.unit("城关镇"))).status_code == 404
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "09:05")
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=desk.office,
                          json={"records": [{"unit_id": desk.units["交通局"], "attendee_name": "张局长"}]})
    kept = await desk.client.delete(f"{url}/{desk.units['交通局']}", headers=desk.office)
    assert (kept.status_code, kept.json()["code"]) == (422, "attendance_recorded")
    await desk.advance(meeting, "held")
    late = await desk.client.put(f"{url}/{town}", headers=desk.office, json={"unit_id": town})
    assert (late.status_code, late.json()["code"]) == (422, "step_not_allowed")


async def test_changing_an_invitation_needs_the_etag_it_was_read_with(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", invite=("交通局",))
    url = f"/api/v1/meetings/{meeting['id']}/invitations/{desk.units['交通局']}"
    read = await desk.client.get(url, headers=desk.office)
    assert read.status_code == 200, read.text
    change = {"unit_id": desk.units["交通局"], "expected_attendee": "张局长"}
    missing = await desk.client.put(url, headers=desk.office, json=change)
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    changed = await desk.client.put(url, headers={**desk.office, "If-Match": read.headers["etag"]}, json=change)
    assert (changed.status_code, changed.json()["expected_attendee"]) == (200, "张局长")
    again = await desk.client.put(url, headers={**desk.office, "If-Match": read.headers["etag"]},
                                  json={**change, "expected_attendee": "王局长"})
    assert (again.status_code, again.json()["code"]) == (412, "stale_etag")
    assert (await desk.client.get(url, headers=desk.office)).headers["etag"] == changed.headers["etag"]
