"""Issue 16, the meetings screens in Chromium: the office opens a meeting of the demo county from the calendar,
takes it through its steps (notice, agenda with a manual item, frozen, held), records attendance (the head came:
present; nobody came: absent), writes the minutes with an item's outcome (交办 to a unit with a deadline), publishes
them, sees the published state and the decided item the publication created, and downloads the minutes as .docx.
The calendar and the meeting page pass axe-core with no serious or critical violation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"
TITLE = "栾川县现代基础设施体系重点项目推进会"
ITEM = "县城区供水管网改造工程征地协调"


def county_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def meeting_of_today(console, title: str = TITLE) -> tuple[str, list[dict]]:
    """A meeting of the demo county held today, three departments invited (the API's own rules then apply)."""
    with console.api() as api:
        units = api.get("/api/v1/units", params={"region_code": REGION, "limit": 200}).json()["items"]
        departments = [u for u in units if u["kind"] == "department"][-3:]
        convener = next(u for u in units if u["name"] == "栾川县发展和改革委员会")
        resp = api.post("/api/v1/meetings", json={
            "region_code": REGION, "meeting_type": "push_meeting", "title": title, "convener_unit_id": convener["id"],
            "chair_name": "副县长", "place": "县政府二楼会议室", "meeting_date": county_today().isoformat(),
            "start_time": "08:30", "invitations": [{"unit_id": u["id"]} for u in departments]})
        assert resp.status_code == 201, resp.text
        return resp.json()["id"], departments


def shown(unit: dict) -> str:
    """A unit as the console names it in tables: its short name, else its name."""
    return unit.get("short_name") or unit["name"]


async def choose(page, label: str, option: str) -> None:
    """Pick an option of an Element Plus select by the select's accessible name."""
    await page.get_by_role("combobox", name=label).click(force=True)  # the placeholder lies over the input
    await page.get_by_role("option", name=option, exact=True).click()


async def test_the_office_holds_a_meeting_records_attendance_and_publishes_its_minutes(office, console):
    meeting_id, invited = meeting_of_today(console)
    today = county_today()

    await office.get_by_role("menuitem", name="会议日历").click()
    calendar = office.get_by_test_id("meeting-calendar")
    await calendar.get_by_text(f"{today.year}年{today.month}月{today.day}日").wait_for()
    assert await serious_violations(office) == []
    await calendar.get_by_role("link", name=TITLE).click()
    await office.wait_for_url(f"**/meetings/{meeting_id}")
    await office.get_by_role("heading", level=1, name=TITLE).wait_for()
    status = office.get_by_test_id("meeting-status")
    assert await status.inner_text() == "已排期"

    with console.api() as api:  # a unit not yet invited, invited and then withdrawn before the meeting is held
        units = api.get("/api/v1/units", params={"region_code": REGION, "limit": 200}).json()["items"]
    extra = next(u for u in units if u["kind"] == "department" and u["id"] not in {i["id"] for i in invited})
    await office.get_by_role("tab", name="参会与出席").click()
    await office.get_by_role("combobox", name="邀请单位").click(force=True)
    await office.get_by_role("option", name=extra["name"], exact=True).click()
    await office.get_by_label("应到人员").fill("李主任")
    await office.get_by_role("button", name="邀请", exact=True).click()
    await office.get_by_test_id("attendance").get_by_text("李主任").wait_for()
    await office.get_by_role("button", name=f"移除：{shown(extra)}").click()
    await office.get_by_test_id("attendance").get_by_text("李主任").wait_for(state="detached")
    await office.get_by_role("tab", name="议程").click()

    await office.get_by_role("button", name="发出会议通知").click()
    await status.get_by_text("已发通知").wait_for()
    await office.get_by_role("button", name="手工添加议题").click()
    await office.get_by_label("议题", exact=True).fill(ITEM)
    await office.get_by_role("button", name="添加", exact=True).click()
    await office.get_by_test_id("agenda").get_by_text(ITEM).wait_for()
    assert "手工添加" in await office.get_by_test_id("agenda").inner_text()
    await office.get_by_role("button", name="确定议程").click()
    await status.get_by_text("议程已确定").wait_for()
    await office.get_by_role("button", name="会议已召开").click()
    await status.get_by_text("已召开").wait_for()
    assert await serious_violations(office) == []

    await office.get_by_role("tab", name="参会与出席").click()
    head, absent = shown(invited[0]), shown(invited[1])
    await office.get_by_label(f"实到人员：{head}").fill("王局长")
    await office.get_by_role("button", name="保存出席情况").click()
    rows = office.get_by_test_id("attendance")
    await rows.get_by_text("主要负责人出席").first.wait_for()
    with console.api() as api:
        recorded = {a["unit_id"]: a["status"] for a in api.get(f"/api/v1/meetings/{meeting_id}/attendance").json()}
    assert recorded[invited[0]["id"]] == "present" and recorded[invited[1]["id"]] == "absent"
    assert absent and "缺席" in await rows.inner_text()

    await office.get_by_role("tab", name="会议纪要").click()
    await office.get_by_label("会议纪要正文").fill("会议听取了供水管网改造工程进展汇报，研究了征地协调问题。")
    await choose(office, f"议定结果：{ITEM}", "交办责任单位限期解决")
    await choose(office, f"责任单位：{ITEM}", invited[2]["name"])
    deadline = today + timedelta(days=20)
    picker = office.get_by_label(f"办结时限：{ITEM}")
    await picker.fill(f"{deadline.year}年{deadline.month}月{deadline.day}日")
    await picker.press("Enter")
    await office.get_by_label(f"说明：{ITEM}").fill("10日内完成征地补偿方案")
    await office.get_by_role("button", name="保存纪要草稿").click()
    state = office.get_by_test_id("minutes-state")
    await state.get_by_text("草稿").wait_for()
    await office.get_by_role("button", name="印发纪要").click()
    await office.get_by_role("dialog").get_by_role("button", name="印发").click()
    await state.get_by_text("已印发").wait_for()
    await status.get_by_text("纪要已印发").wait_for()

    with console.api() as api:
        items = api.get("/api/v1/decided-items", params={"meeting_id": meeting_id}).json()["items"]
    assert [(i["owner_unit_id"], i["due_date"], i["status"]) for i in items] == [
        (invited[2]["id"], deadline.isoformat(), "open")]
    await office.get_by_role("tab", name="议定事项").click()
    decided = office.get_by_test_id("decided-items")
    await decided.get_by_text(f"{ITEM}：10日内完成征地补偿方案").wait_for()
    text = await decided.inner_text()
    assert shown(invited[2]) in text and "办理中" in text
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in text

    async with office.expect_download() as download:
        await office.get_by_role("button", name="下载会议纪要（.docx）").click()
    saved = await (await download.value).path()
    assert saved.read_bytes()[:2] == b"PK"  # a .docx is a zip
    assert (await download.value).suggested_filename == f"{TITLE}会议纪要.docx"


def published_decided_item(console, title: str) -> dict:
    """A meeting of today taken to published minutes through the API, with one item assigned (交办): its decided
    item, open."""
    meeting_id, invited = meeting_of_today(console, "栾川县重点项目要素保障协调会")
    with console.api() as api:
        for to in ("notice_sent",):
            assert api.post(f"/api/v1/meetings/{meeting_id}/status-changes", json={"to": to}).status_code == 201
        item = api.post(f"/api/v1/meetings/{meeting_id}/agenda/items", json={"title": title})
        assert item.status_code == 201, item.text
        for to in ("agenda_frozen", "held"):
            resp = api.post(f"/api/v1/meetings/{meeting_id}/status-changes", json={"to": to})
            assert resp.status_code == 201, resp.text
        resp = api.put(f"/api/v1/meetings/{meeting_id}/minutes", json={"summary": "会议研究了有关事项。", "outcomes": [{
            "agenda_item_id": item.json()["id"], "outcome": "assigned", "unit_id": invited[0]["id"],
            "deadline": (county_today() + timedelta(days=10)).isoformat()}]})
        assert resp.status_code == 200, resp.text
        assert api.post(f"/api/v1/meetings/{meeting_id}/minutes/publication").status_code == 200
        return api.get("/api/v1/decided-items", params={"meeting_id": meeting_id}).json()["items"][0]


async def test_the_office_follows_a_decided_item_until_verified(office, console):
    title = "栾川县伊河治理工程移民安置用地报批"
    item = published_decided_item(console, title)
    assert item["status"] == "open"

    await office.get_by_role("menuitem", name="议定事项督办").click()
    row = office.get_by_test_id("decided-items").locator("tr", has_text=title)
    await row.wait_for()
    assert "办理中" in await row.inner_text()
    assert await row.get_by_role("button", name="核实").count() == 0  # verify only once it is done
    assert await serious_violations(office) == []
    await row.get_by_role("button", name="标记办结").click()
    await row.get_by_text("已办结").wait_for()
    await row.get_by_role("button", name="核实").click()
    await row.get_by_text("已核实").wait_for()
    assert await row.get_by_role("button").count() == 0  # nothing is left to do on a verified item
    with console.api() as api:
        assert api.get(f"/api/v1/decided-items/{item['id']}").json()["status"] == "verified"


async def test_the_calendar_lists_the_regions_meeting_series(office, console):
    with console.api() as api:
        series = api.get("/api/v1/meeting-series", params={"region_code": REGION, "limit": 200}).json()["items"]
    await office.get_by_role("menuitem", name="会议日历").click()
    await office.get_by_role("tab", name="例会设置").click()
    table = office.get_by_test_id("meeting-series")
    if series:
        await table.get_by_text(series[0]["title"]).first.wait_for()
    else:
        await table.get_by_text("本地区尚未设置例会").wait_for()
