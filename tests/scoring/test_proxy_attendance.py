"""Attendance by proxy (替会) in scoring: 郸城 (seed 002) — "坚持一把手参会，不得缺席，不得替会…对无故缺席者…
予以通报批评". A scheme that names the proxy as a deduction deducts it, with the points the scheme gives it
(those of an absence, counting it like one, or its own); a scheme that does not name it leaves it alone; the
explanation names the inputs it counted."""

from __future__ import annotations

from typing import Any

from tests.scoring.conftest import REGION


async def _meeting_with_a_proxy_and_an_absence(desk) -> None:
    """A coordination meeting on 3 September 2026: 交通局's head sent a deputy (替会), 发改委 did not come."""
    meetings = desk.stack.client("meetings")
    desk.at("2026-09-01")
    heads = {"交通局": "张局长", "发改委": "刘主任"}
    resp = await meetings.post("/api/v1/meetings", headers=desk.office, json={
        "region_code": REGION, "meeting_type": "coordination", "title": "项目推进调度例会",
        "convener_unit_id": desk.units["重点办"], "chair_name": "常务副县长", "place": "县政府三楼会议室",
        "meeting_date": "2026-09-03", "start_time": "09:00", "duration_minutes": 120,
        "invitations": [{"unit_id": desk.units[k], "expected_attendee": v} for k, v in heads.items()]})
    assert resp.status_code == 201, resp.text
    meeting = resp.json()
    for to in ("notice_sent", "agenda_frozen", "held"):
        if to == "held":
            desk.at("2026-09-03", "12:00")
        step = await meetings.post(f"/api/v1/meetings/{meeting['id']}/status-changes", json={"to": to, "reason": ""},
                                   headers=desk.office)
        assert step.status_code == 201, step.text
    url = f"/api/v1/meetings/{meeting['id']}/attendance"
    read = await meetings.get(url, headers=desk.office)
    resp = await meetings.put(url, headers={**desk.office, "If-Match": read.headers["etag"]}, json={"records": [
        {"unit_id": desk.units["交通局"], "attendee_name": "李副局长"}, {"unit_id": desk.units["发改委"]}]})
    assert resp.status_code == 200, resp.text
    assert {r["unit_id"]: r["status"] for r in resp.json()} == {
        desk.units["交通局"]: "proxy", desk.units["发改委"]: "absent"}


def _attendance(code: str, per_event: dict[str, str]) -> dict[str, Any]:
    return {"code": code, "name": "会议出勤", "weight": "100", "kind": "deductions", "per_event": per_event}


async def _by_unit(desk, scheme: dict[str, Any]) -> dict[str, dict[str, Any]]:
    desk.at("2026-10-10")
    results = await desk.results(await desk.run(scheme, "2026-Q3"))
    return {r["subject_name"]: r["dimensions"][0] for r in results}


async def test_a_proxy_is_deducted_like_an_absence_where_the_scheme_gives_it_the_same_points(desk):
    await _meeting_with_a_proxy_and_an_absence(desk)
    scheme = await desk.scheme("like-absence", [_attendance("a", {"unexcused_absence": "5", "proxy_attendance": "5"})],
                               subject_kind="department")
    got = await _by_unit(desk, scheme)
    assert got["栾川县交通运输局"]["score"] == "95.00"  # one proxy
    assert "会议替会 1 次 × 5" in got["栾川县交通运输局"]["explanation"]
    assert "计入：无故缺席会议、会议替会" in got["栾川县交通运输局"]["explanation"]
    assert got["栾川县发展和改革委员会"]["score"] == "95.00"  # one absence
    assert "无故缺席会议 1 次 × 5" in got["栾川县发展和改革委员会"]["explanation"]


async def test_a_proxy_has_its_own_points_where_the_scheme_says_so_and_none_where_it_is_silent(desk):
    await _meeting_with_a_proxy_and_an_absence(desk)
    own = await desk.scheme("own-points", [_attendance("a", {"unexcused_absence": "5", "proxy_attendance": "2"})],
                            subject_kind="department")
    silent = await desk.scheme("absences-only", [_attendance("a", {"unexcused_absence": "5"})],
                               subject_kind="department")
    got = await _by_unit(desk, own)
    assert got["栾川县交通运输局"]["score"] == "98.00"
    assert got["栾川县发展和改革委员会"]["score"] == "95.00"
    got = await _by_unit(desk, silent)
    assert got["栾川县交通运输局"]["score"] == "100.00"  # the scheme does not count proxies
    assert got["栾川县交通运输局"]["explanation"].startswith("无扣分事项（计入：无故缺席会议），得 100 分（考核期 ")


async def test_a_project_counts_the_proxies_of_its_responsible_unit(desk):
    desk.at("2026-07-05")
    await desk.project("A")  # responsible unit 交通局
    await _meeting_with_a_proxy_and_an_absence(desk)
    scheme = await desk.scheme("projects", [_attendance("a", {"proxy_attendance": "10"})])
    desk.at("2026-10-10")
    [result] = await desk.results(await desk.run(scheme, "2026-Q3"))
    assert result["dimensions"][0]["score"] == "90.00"
    assert "会议替会 1 次 × 10" in result["dimensions"][0]["explanation"]
