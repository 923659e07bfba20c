"""Issue 21, the unit liaison's (联络员) duties on a phone, in Chromium with a phone context (390×844, is_mobile,
has_touch) as lc.unit of 栾川县交通运输局: the liaison answers a problem the unit is asked to solve (答复), asks
leave of a meeting's convener with the reason (请假), replies to a supervision letter (回复) and marks a decided item
done with a note (办结); each is then read back through the API. The records are created through the API as the
office (lc.office), so the test does not depend on which demo records happen to name the unit.

Every deadline shows its working days, and a refused form shows the server's Chinese message beside its field.
Each screen passes axe-core with no serious or critical violation on the phone and at 200% zoom, emulated as a
context of half the phone's CSS width and height (195×422) with device_scale_factor 4 — the same physical pixels
as the 390×844 phone at 2x, with every CSS pixel twice as large, which is what a 200% browser zoom does."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
REGION = "410324"
UNIT_USER = "lc.unit"
UNIT_NAME = "栾川县交通运输局"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ZOOMED = {"viewport": {"width": 195, "height": 422}, "is_mobile": True, "has_touch": True, "device_scale_factor": 4}


def county_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def ok(resp: Any, status: int = 200) -> Any:
    assert resp.status_code == status, resp.text
    return resp.json()


def duties(console) -> dict[str, Any]:
    """As the office: a problem 交通运输局 must answer, a letter to it, an upcoming meeting it is invited to and a
    decided item it owns (a meeting of today taken to published minutes)."""
    with console.api() as api:
        units = ok(api.get("/api/v1/units", params={"region_code": REGION, "limit": 200}))["items"]
        unit = next(u for u in units if u["name"] == UNIT_NAME)
        convener = next(u for u in units if u["name"] == "栾川县发展和改革委员会")
        project = ok(api.get("/api/v1/projects", params={"region_code": REGION, "limit": 1}))["items"][0]
        problem = ok(api.post("/api/v1/problems", json={
            "project_id": project["id"], "category": "utilities", "responsible_unit_id": unit["id"],
            "description": "施工便道与县道交叉口未设置临时交通管制，影响材料运输"}), 201)
        letter = ok(api.post("/api/v1/letters", json={
            "region_code": REGION, "grade": "push", "unit_id": unit["id"], "subject_kind": "project",
            "project_id": project["id"], "title": "关于加快推进施工便道交通组织的推进函",
            "body": f"{project['name']}施工便道交通组织不到位，请于规定时限内书面反馈整改措施。"}), 201)
        meeting = ok(api.post("/api/v1/meetings", json={
            "region_code": REGION, "meeting_type": "coordination", "title": "栾川县重点项目交通保障协调会",
            "convener_unit_id": convener["id"], "chair_name": "副县长", "place": "县政府二楼会议室",
            "meeting_date": (county_today() + timedelta(days=5)).isoformat(), "start_time": "09:00",
            "invitations": [{"unit_id": unit["id"], "expected_attendee": "张局长"}]}), 201)
        ok(api.post(f"/api/v1/meetings/{meeting['id']}/status-changes", json={"to": "notice_sent"}), 201)
        item = decided_item(api, unit["id"], convener["id"])
    return {"unit": unit, "problem": problem, "letter": letter, "meeting": meeting, "item": item}


def decided_item(api, unit_id: str, convener_id: str) -> dict[str, Any]:
    """A meeting of today held and its minutes published with one item assigned (交办) to the unit: its decided
    item, open."""
    meeting = ok(api.post("/api/v1/meetings", json={
        "region_code": REGION, "meeting_type": "coordination", "title": "栾川县重点项目用地保障协调会",
        "convener_unit_id": convener_id, "chair_name": "副县长", "place": "县政府二楼会议室",
        "meeting_date": county_today().isoformat(), "start_time": "08:30",
        "invitations": [{"unit_id": unit_id}]}), 201)
    mid = meeting["id"]
    ok(api.post(f"/api/v1/meetings/{mid}/status-changes", json={"to": "notice_sent"}), 201)
    agenda_item = ok(api.post(f"/api/v1/meetings/{mid}/agenda/items", json={"title": "县道改线段临时用地协调"}), 201)
    for to in ("agenda_frozen", "held"):
        ok(api.post(f"/api/v1/meetings/{mid}/status-changes", json={"to": to}), 201)
    ok(api.put(f"/api/v1/meetings/{mid}/minutes", json={"summary": "会议研究了临时用地问题。", "outcomes": [{
        "agenda_item_id": agenda_item["id"], "outcome": "assigned", "unit_id": unit_id,
        "deadline": (county_today() + timedelta(days=10)).isoformat()}]}))
    ok(api.post(f"/api/v1/meetings/{mid}/minutes/publication"))
    return ok(api.get("/api/v1/decided-items", params={"meeting_id": mid}))["items"][0]


async def phone(browser, console, options: dict[str, Any]) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=console.url, locale="zh-CN", **options)
    page = await context.new_page()
    await log_in(page, UNIT_USER, console.password)
    await page.wait_for_url(lambda url: "/login" not in url)
    return context, page


async def no_sideways_scroll(page) -> None:
    width = await page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"the page scrolls sideways by {width} px"


@pytest.fixture(scope="module")
def records(console) -> dict[str, Any]:
    """One set of duties for both tests (the zoom check changes nothing)."""
    return duties(console)


async def test_every_duty_screen_passes_axe_at_200_percent_zoom(browser, console, records):
    context, page = await phone(browser, console, ZOOMED)
    try:
        screens = [
            (f"/unit/problems/{records['problem']['id']}", "problem-facts"),
            (f"/unit/letters/{records['letter']['id']}", "letter"),
            (f"/unit/decided-items/{records['item']['id']}", "decided-item"),
            (f"/unit/meetings/{records['meeting']['id']}", "meeting-facts"),
            ("/unit/problems", "problems-answer"),
            ("/unit/letters", "letters-waiting"),
        ]
        for path, testid in screens:
            await page.goto(path)
            await page.get_by_test_id(testid).wait_for()
            assert await serious_violations(page) == [], path
            await no_sideways_scroll(page)
    finally:
        await context.close()


async def test_the_liaison_answers_asks_leave_replies_and_marks_done_on_a_phone(browser, console, records):
    context, page = await phone(browser, console, PHONE)
    try:
        await answers_a_problem(page, console, records["problem"])
        await asks_for_leave(page, console, records["meeting"], records["unit"])
        await replies_to_a_letter(page, console, records["letter"])
        await marks_a_decided_item_done(page, console, records["item"])
    finally:
        await context.close()


async def answers_a_problem(page, console, problem: dict[str, Any]) -> None:
    """The asked unit answers (答复) within the answer timer; the answer is on the problem afterwards."""
    await page.goto("/unit/problems")
    row = page.get_by_test_id("problems-answer").locator(f'a[href="/unit/problems/{problem["id"]}"]')
    assert "个工作日" in await row.inner_text() or "今日到期" in await row.inner_text()
    assert await serious_violations(page) == []
    await row.click()
    await page.wait_for_url(f"**/unit/problems/{problem['id']}")
    facts = page.get_by_test_id("problem-facts")
    await facts.get_by_text(problem["description"]).wait_for()
    assert "个工作日" in await facts.inner_text()  # deadlines in working days
    assert "当前" in await page.get_by_test_id("ladder").inner_text()
    assert await serious_violations(page) == []
    await no_sideways_scroll(page)

    answer = "已协调县公安交警大队，三个工作日内设置临时交通管制和警示标志"
    await page.get_by_label("解决思路和措施").fill(answer)
    await page.get_by_role("button", name="提交答复").tap()
    await page.get_by_test_id("problem-answer").get_by_text(answer).wait_for()
    assert await page.get_by_test_id("problem-status").inner_text() == "已答复"
    with console.api() as api:
        stored = ok(api.get(f"/api/v1/problems/{problem['id']}"))
    assert (stored["status"], stored["answer"]) == ("answered", answer)


async def asks_for_leave(page, console, meeting: dict[str, Any], unit: dict[str, Any]) -> None:
    """An invited unit asks leave of the convener before the meeting, with the reason and who comes instead; a
    reason too short is refused with the server's message beside the field."""
    await page.goto(f"/unit/meetings/{meeting['id']}")
    facts = page.get_by_test_id("meeting-facts")
    await facts.get_by_text("县政府二楼会议室").wait_for()
    assert "张局长" in await facts.inner_text()
    assert await page.get_by_role("button", name="确认参会").count() == 1  # or confirm the head attends (参会回执)
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="请假", exact=True).tap()
    with console.api(UNIT_USER) as api:  # what the server says of a one-character reason
        refused = api.post(f"/api/v1/meetings/{meeting['id']}/leave-requests", json={"reason": "病"})
    assert refused.status_code == 422, refused.text
    said = next(e["message"] for e in refused.json()["errors"] if e["field"] == "body.reason")
    await page.get_by_label("请假事由").fill("病")
    await page.get_by_role("button", name="提交请假").tap()
    await page.locator(".el-form-item__error").get_by_text(said).wait_for()  # beside the field, in its words
    reason = "参加市政府重点项目专题会议"
    await page.get_by_label("请假事由").fill(reason)
    await page.get_by_label("代参会人（如有）").fill("李副局长")
    assert await serious_violations(page) == []
    await page.get_by_role("button", name="提交请假").tap()
    leave = page.get_by_test_id("leave")
    await leave.get_by_text(f"事由：{reason}").wait_for()
    assert "待批准" in await leave.inner_text() and "李副局长" in await leave.inner_text()
    assert await page.get_by_role("button", name="请假", exact=True).count() == 0  # one open request a unit
    with console.api() as api:
        leaves = ok(api.get(f"/api/v1/meetings/{meeting['id']}/leave-requests"))
    assert [(x["unit_id"], x["reason"], x["substitute_name"], x["status"]) for x in leaves] == [
        (unit["id"], reason, "李副局长", "requested")]


async def replies_to_a_letter(page, console, letter: dict[str, Any]) -> None:
    """The addressed unit replies once; the reply and its date are on the letter afterwards."""
    await page.goto("/unit/letters")
    await page.get_by_test_id("letters-waiting").locator(f'a[href="/unit/letters/{letter["id"]}"]').tap()
    await page.wait_for_url(f"**/unit/letters/{letter['id']}")
    await page.get_by_test_id("letter").get_by_text(letter["number"]).wait_for()
    assert "个工作日" in await page.get_by_test_id("letter").inner_text()
    assert await serious_violations(page) == []
    reply = "已组织施工单位完成便道交通组织方案，10日内整改到位"
    await page.get_by_label("回复内容").fill(reply)
    await page.get_by_role("button", name="提交回复").tap()
    await page.get_by_test_id("reply").get_by_text(reply).wait_for()
    with console.api() as api:
        stored = ok(api.get(f"/api/v1/letters/{letter['id']}"))
    assert (stored["status"], stored["reply"]) == ("replied", reply)


async def marks_a_decided_item_done(page, console, item: dict[str, Any]) -> None:
    """The owner unit marks its decided item done (办结) with a note; the office verifies it afterwards."""
    await page.goto(f"/unit/decided-items/{item['id']}")
    await page.get_by_test_id("decided-item").get_by_text(item["title"]).wait_for()
    assert "个工作日" in await page.get_by_test_id("decided-item").inner_text()
    assert await serious_violations(page) == []
    note = "临时用地手续已办结，县自然资源局已出具批复"
    await page.get_by_label("办理说明").fill(note)
    await page.get_by_role("button", name="标记办结").tap()
    await page.get_by_test_id("follow-ups").get_by_text(note).wait_for()
    assert await page.get_by_test_id("decided-item-status").inner_text() == "已办结"
    with console.api() as api:
        stored = ok(api.get(f"/api/v1/decided-items/{item['id']}"))
    assert stored["status"] == "done"
    assert [(f["action"], f["note"]) for f in stored["follow_ups"]] == [("done", note)]


async def test_the_project_unit_sees_the_documents_still_missing_and_supplies_them(browser, console, records):
    """一次性告知: the asked unit lists every missing document at once; the project's unit sees the list on its phone
    and, once it has ticked each document, reports them supplied — the answer timer then starts again."""
    unit = records["unit"]
    with console.api(UNIT_USER) as api:
        own = [p for p in ok(api.get("/api/v1/projects", params={"region_code": REGION, "limit": 200}))["items"]
               if p["responsible_unit_id"] == unit["id"]]
    assert own, f"the demo county has no project of {UNIT_NAME}"
    documents = ["施工便道用地红线图", "交通组织方案批复"]
    with console.api() as api:
        units = ok(api.get("/api/v1/units", params={"region_code": REGION, "limit": 200}))["items"]
        asked = next(u for u in units if u["name"] == "栾川县发展和改革委员会")
        problem = ok(api.post("/api/v1/problems", json={
            "project_id": own[0]["id"], "category": "procedures", "responsible_unit_id": asked["id"],
            "description": "施工便道临时占用县道审批材料不全"}), 201)
        ok(api.post(f"/api/v1/problems/{problem['id']}/document-requests", json={"documents": documents}))

    context, page = await phone(browser, console, PHONE)
    try:
        await page.goto("/unit/problems")
        await page.get_by_test_id("problems-supply").locator(f'a[href="/unit/problems/{problem["id"]}"]').tap()
        listed = page.get_by_test_id("missing-document")
        await listed.first.wait_for()
        assert [t.strip() for t in await listed.all_inner_texts()] == documents
        supplied = page.get_by_role("button", name="材料已补齐")
        assert await supplied.is_disabled()  # every listed document is ticked first
        assert await serious_violations(page) == []
        for name in documents:
            await page.get_by_text(name, exact=True).tap()
        await supplied.tap()
        await page.get_by_test_id("problem-status").get_by_text("待答复").wait_for()
    finally:
        await context.close()
    with console.api() as api:
        stored = ok(api.get(f"/api/v1/problems/{problem['id']}"))
        steps = ok(api.get(f"/api/v1/problems/{problem['id']}/timeline", params={"limit": 200}))["items"]
    assert stored["status"] == "awaiting_answer"
    assert steps[-1]["action"] == "supply_documents" and "施工便道用地红线图" in steps[-1]["reason"]


async def test_the_liaison_confirms_that_the_head_attends(browser, console, records):
    """参会回执: before the meeting the invited unit confirms that the head expected attends in person; the
    invitation records who, and the page then shows the confirmation instead of the button."""
    unit = records["unit"]
    with console.api() as api:
        units = ok(api.get("/api/v1/units", params={"region_code": REGION, "limit": 200}))["items"]
        convener = next(u for u in units if u["name"] == "栾川县发展和改革委员会")
        meeting = ok(api.post("/api/v1/meetings", json={
            "region_code": REGION, "meeting_type": "coordination", "title": "栾川县国省干线改造推进会",
            "convener_unit_id": convener["id"], "chair_name": "副县长", "place": "县交通运输局三楼会议室",
            "meeting_date": (county_today() + timedelta(days=3)).isoformat(), "start_time": "15:00",
            "invitations": [{"unit_id": unit["id"], "expected_attendee": "张局长"}]}), 201)
    context, page = await phone(browser, console, PHONE)
    try:
        await page.goto(f"/unit/meetings/{meeting['id']}")
        await page.get_by_role("button", name="确认参会").tap()
        await page.get_by_test_id("confirmation").get_by_text("已确认：张局长参会", exact=False).wait_for()
        assert await serious_violations(page) == []
    finally:
        await context.close()
    with console.api() as api:
        invitation = ok(api.get(f"/api/v1/meetings/{meeting['id']}/invitations/{unit['id']}"))
    assert (invitation["confirmed_attendee"], invitation["confirmed_by"] is not None) == ("张局长", True)
