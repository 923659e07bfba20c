"""Rectification (整改): an interview's deadline to rectify (栾川, seed 000: 约谈……并要求限期整改到位) opens a
rectification of the unit, chased by letters when the deadline passes unverified (清水, seed 003: 跟踪督促……限期
整改), reported done by the unit and verified (or reopened) by the office."""

from __future__ import annotations

import uuid

from sqlalchemy import select

RECT = "/api/v1/rectifications"


async def interview(desk, due: str | None = "2026-10-09", **over) -> dict:
    body = {"region_code": "410324", "project_id": desk.projects["LC-001"]["id"], "interviewee_kind": "unit_head",
            "interviewee_name": "张某某", "interviewee_title": "县交通运输局局长", "unit_id": desk.units["交通局"],
            "reasons": ["started_not_moving"], "held_on": "2026-09-28", "interviewer": "县委书记",
            "summary": "项目开工后长期停滞。", "commitments": "10月9日前全面复工。",
            "rectification_due_on": due, **over}
    resp = await desk.client.post("/api/v1/interviews", json=body, headers=desk.office())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def rectification_of(desk, interview_id: str) -> dict:
    resp = await desk.client.get(RECT, params={"region_code": "410324"}, headers=desk.office())
    assert resp.status_code == 200, resp.text
    [found] = [r for r in resp.json()["items"] if r["source_id"] == interview_id]
    return found


async def step(desk, rect_id: str, action: str, body: dict, headers: dict) -> object:
    return await desk.client.post(f"{RECT}/{rect_id}/{action}", json=body, headers=headers)


async def letters_of(desk, rect_id: str) -> list[dict]:
    resp = await desk.client.get("/api/v1/letters", params={"rectification_id": rect_id}, headers=desk.office())
    assert resp.status_code == 200, resp.text
    return sorted(resp.json()["items"], key=lambda x: x["issued_at"])


async def test_an_interview_with_a_rectification_deadline_opens_a_rectification_of_the_unit(desk):
    """An interview that sets a rectification deadline (限期整改到位) opens the unit's rectification, open until
    that day; one without a deadline opens none."""
    held = await interview(desk)
    rect = await rectification_of(desk, held["id"])
    assert (rect["source_kind"], rect["unit_id"], rect["deadline"], rect["status"], rect["overdue"]) == (
        "interview", desk.units["交通局"], "2026-10-09", "open", False)
    assert rect["unit_name"] == "栾川县交通运输局" and rect["requirement"] == "10月9日前全面复工。"
    assert rect["project_id"] == desk.projects["LC-001"]["id"]
    await interview(desk, due=None)
    resp = await desk.client.get(RECT, headers=desk.office())
    assert len(resp.json()["items"]) == 1


async def test_without_an_interviewee_unit_the_projects_responsible_unit_rectifies(desk):
    """Interviewing the project's leader names no unit: the project's responsible unit rectifies."""
    held = await interview(desk, unit_id=None, interviewee_kind="leader", interviewee_name="李副县长")
    assert (await rectification_of(desk, held["id"]))["unit_id"] == desk.units["交通局"]


async def test_a_passed_deadline_draws_one_letter_per_deadline_and_a_missed_new_deadline_the_next_grade(desk):
    """When the deadline passes without verified completion, a letter goes out by the rules of an overdue decided
    item (default 工作推进函), once for that deadline however often the sweep runs — also after the unit reports it
    done, until the office verifies it; a reopened rectification whose new deadline passes draws the next grade."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    desk.at("2026-10-09")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0  # the deadline day itself is not late
    desk.at("2026-10-10")
    assert (await desk.run("rectifications-sweep"))["issued"] == 1
    assert (await desk.run("rectifications-sweep"))["issued"] == 0
    resp = await step(desk, rect["id"], "report-done", {"note": "已全面复工。", "evidence": ["复工照片"]},
                      desk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    desk.at("2026-10-12")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0  # reported, not verified: same deadline, no more
    resp = await step(desk, rect["id"], "reopen", {"reason": "现场核查仅部分复工。", "deadline": "2026-10-20"},
                      desk.office())
    assert resp.status_code == 200, resp.text
    assert (resp.json()["status"], resp.json()["deadline"], resp.json()["reopen_count"]) == (
        "reopened", "2026-10-20", 1)
    desk.at("2026-10-20")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0
    desk.at("2026-10-21")
    assert (await desk.run("rectifications-sweep"))["issued"] == 1
    assert (await desk.run("rectifications-sweep"))["issued"] == 0
    letters = await letters_of(desk, rect["id"])
    assert [(x["grade"], x["reason"], x["subject_kind"], x["unit_id"]) for x in letters] == [
        ("push", "rectification_overdue", "rectification", desk.units["交通局"]),
        ("supervision", "rectification_overdue", "rectification", desk.units["交通局"])]
    assert "2026年10月9日" in letters[0]["body"] and "2026年10月20日" in letters[1]["body"]


async def test_a_verified_rectification_draws_no_letter(desk):
    """Rectification verified by the office is done: its deadline passing draws nothing."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    reported = await step(desk, rect["id"], "report-done", {"note": "已全面复工。"}, desk.unit("交通局"))
    assert reported.status_code == 200, reported.text
    resp = await step(desk, rect["id"], "verify", {"note": "经现场核查，整改到位。"}, desk.office())
    assert resp.status_code == 200, resp.text
    assert (resp.json()["status"], resp.json()["verified_on"]) == ("verified", "2026-09-29")
    desk.at("2026-10-15")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0
    assert await letters_of(desk, rect["id"]) == []
    resp = await desk.client.get(RECT, params={"overdue": "true"}, headers=desk.office())
    assert resp.json()["items"] == []


async def test_a_region_that_sends_no_decided_item_letters_sends_none_for_rectifications_either(desk):
    """The same rule as decided items: a region whose decided_item_grade is null draws no letter."""
    resp = await desk.client.put("/api/v1/issue-policies/410324/letters", headers=desk.office(),
                                 json={"decided_item_grade": None})
    assert resp.status_code == 200, resp.text
    await interview(desk)
    desk.at("2026-10-12")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0


async def test_only_the_office_verifies_or_reopens(desk):
    """The unit reports; the office (or the supervision office) verifies or reopens: a unit or a leader is refused
    with 403 role_required."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    await step(desk, rect["id"], "report-done", {"note": "已全面复工。"}, desk.unit("交通局"))
    for who in (desk.unit("交通局"), desk.leader("李")):
        resp = await step(desk, rect["id"], "verify", {}, who)
        assert (resp.status_code, resp.json()["code"]) == (403, "role_required"), resp.text
        resp = await step(desk, rect["id"], "reopen", {"reason": "未到位", "deadline": "2026-10-30"}, who)
        assert (resp.status_code, resp.json()["code"]) == (403, "role_required"), resp.text
    resp = await step(desk, rect["id"], "verify", {}, desk.supervisor())
    assert resp.status_code == 200, resp.text


async def test_a_unit_sees_and_reports_only_its_own_rectifications(desk):
    """A unit sees the rectifications it is charged with, and no other unit's (404 as for a missing one); a leader
    who sees the project may not report for the unit (403 not_responsible_unit)."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    other = desk.unit("自然资源局")
    assert (await desk.client.get(RECT, headers=other)).json()["items"] == []
    resp = await desk.client.get(f"{RECT}/{rect['id']}", headers=other)
    assert (resp.status_code, resp.json()["code"]) == (404, "rectification_not_found")
    resp = await step(desk, rect["id"], "report-done", {"note": "x"}, other)
    assert (resp.status_code, resp.json()["code"]) == (404, "rectification_not_found")
    own = await desk.client.get(RECT, headers=desk.unit("交通局"))
    assert [r["id"] for r in own.json()["items"]] == [rect["id"]]
    resp = await step(desk, rect["id"], "report-done", {"note": "x"}, desk.leader("李"))
    assert (resp.status_code, resp.json()["code"]) == (403, "not_responsible_unit"), resp.text


async def test_steps_follow_the_status_and_the_etag(desk):
    """Verifying what was not reported, or reopening with a past deadline, is a typed 422; an If-Match that is not
    the record's ETag is 412; the GET's ETag moves with each step."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    resp = await step(desk, rect["id"], "verify", {}, desk.office())
    assert (resp.status_code, resp.json()["code"]) == (422, "rectification_step_not_allowed")
    assert resp.json()["message"] == "该整改事项当前状态不能进行此操作。"
    got = await desk.client.get(f"{RECT}/{rect['id']}", headers=desk.office())
    etag = got.headers["etag"]
    resp = await step(desk, rect["id"], "report-done", {"note": "已复工"}, {**desk.unit("交通局"), "If-Match": '"99"'})
    assert (resp.status_code, resp.json()["code"]) == (412, "stale_etag")
    resp = await step(desk, rect["id"], "report-done", {"note": "已复工"}, {**desk.unit("交通局"), "If-Match": etag})
    assert resp.status_code == 200 and resp.headers["etag"] != etag
    again = await step(desk, rect["id"], "report-done", {"note": "已复工"}, desk.unit("交通局"))
    assert (again.status_code, again.json()["code"]) == (422, "rectification_step_not_allowed")
    resp = await step(desk, rect["id"], "reopen", {"reason": "未到位", "deadline": "2026-09-01"}, desk.office())
    assert (resp.status_code, resp.json()["code"]) == (422, "rectification_deadline_in_past")
    assert resp.json()["errors"][0]["field"] == "body.deadline"


async def test_the_list_filters_by_status_unit_and_overdue(desk):
    """The list filters by region, status, unit and overdue (past the deadline and not verified)."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    desk.at("2026-10-10")
    for params, expected in (({"overdue": "true"}, [rect["id"]]), ({"overdue": "false"}, []),
                             ({"status": "open"}, [rect["id"]]), ({"status": "verified"}, []),
                             ({"unit_id": desk.units["交通局"]}, [rect["id"]]),
                             ({"unit_id": desk.units["发改委"]}, [])):
        resp = await desk.client.get(RECT, params=params, headers=desk.office())
        assert [r["id"] for r in resp.json()["items"]] == expected, params
    assert (await desk.client.get(f"{RECT}/{rect['id']}", headers=desk.office())).json()["overdue"] is True


async def test_an_inspection_finding_opens_a_rectification_through_the_service_function(desk, stack):
    """Inspections open the rectification a finding requires with ``open_rectification``: once per finding (a
    second call returns the same record), chased like an interview's."""
    from tuijin.issues.rectifications.enums import RectificationSource
    from tuijin.issues.rectifications.models import Rectification
    from tuijin.issues.rectifications.service import open_rectification
    from tuijin.kernel.clock import today

    finding = uuid.uuid4()
    maker = stack.apps["issues"].state.sessionmaker
    for _ in range(2):
        async with maker() as session, session.begin():
            await open_rectification(
                session, region_code="410324", source_kind=RectificationSource.inspection_finding,
                source_id=finding, unit_id=uuid.UUID(desk.units["城关镇"]), unit_name="城关镇",
                deadline=today(), requirement="征地拆迁未按期完成", opened_by="test:office")
    async with maker() as session:
        rows = (await session.scalars(select(Rectification).where(Rectification.source_id == finding))).all()
    assert len(rows) == 1 and rows[0].status == "open"
    desk.at("2026-09-30")
    assert (await desk.run("rectifications-sweep"))["issued"] == 1


async def test_a_letter_by_hand_may_chase_a_rectification_of_the_region(desk):
    """The office may also issue a letter about a rectification by hand: it names the rectification (422 required
    without it, 422 rectification_not_found for one not of the region) and is listed with it."""
    rect = await rectification_of(desk, (await interview(desk))["id"])
    letter = {"region_code": "410324", "grade": "reminder", "unit_id": desk.units["交通局"],
              "subject_kind": "rectification", "title": "关于督促落实整改事项的工作提醒函", "body": "请按期整改到位。"}
    for over, code in (({}, "required"), ({"rectification_id": str(uuid.uuid4())}, "rectification_not_found")):
        resp = await desk.client.post("/api/v1/letters", json={**letter, **over}, headers=desk.office())
        assert (resp.status_code, resp.json()["code"]) == (422, code), resp.text
        assert resp.json()["errors"][0]["field"] == "body.rectification_id"
    resp = await desk.client.post("/api/v1/letters", json={**letter, "rectification_id": rect["id"]},
                                  headers=desk.office())
    assert resp.status_code == 201, resp.text
    assert (resp.json()["rectification_id"], resp.json()["project_id"]) == (rect["id"], rect["project_id"])
    assert [x["id"] for x in await letters_of(desk, rect["id"])] == [resp.json()["id"]]
