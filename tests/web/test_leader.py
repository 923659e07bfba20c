"""Issue 21, the responsible county leader (县级责任领导) on a desktop: a leader who opens the console lands on their
projects, sees each with its warning lights and completion against 序时进度, the open problems with their ladder
level and days at that level, the meetings they chair, and the projects proposed for an interview; one click
on a red-light project opens its page. axe-core finds no serious or critical violation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
LEADER = "lc.leader"
REGION = "410324"


def _worst(entry: dict) -> str:
    colours = {light["colour"] for light in entry["lights"] or []}
    return "red" if "red" in colours else "yellow" if "yellow" in colours else "green"


async def test_a_leader_sees_their_projects_and_opens_a_red_one(browser, console):
    with console.api() as office:  # the hourly lights job, now: the demo's reports are far behind 序时进度
        resp = office.post("/api/v1/warning-lights/recompute", params={"region_code": REGION})
        assert resp.status_code == 200, resp.text
    with console.api(LEADER) as leader:
        todos = leader.get("/api/v1/todos").json()
    person = todos["person_id"]
    mine = todos["leader_projects"]
    assert mine, "the demo leader holds posts with projects"
    red = [e for e in mine if _worst(e) == "red"]
    assert red, "the demo reports three months of a year: far more than 30 points behind 序时进度 (red)"
    target = red[0]["project"]

    with console.api() as office:  # a push meeting the leader chairs, in the coming week
        units = office.get("/api/v1/units", params={"region_code": REGION, "limit": 200}).json()["items"]
        resp = office.post("/api/v1/meetings", json={
            "region_code": REGION, "meeting_type": "push_meeting", "title": "包联项目推进会（李副县长主持）",
            "convener_unit_id": units[0]["id"], "chair_person_id": person, "chair_name": "李副县长",
            "place": "县政府二楼会议室", "meeting_date": (date.today() + timedelta(days=3)).isoformat(),
            "start_time": "09:00"})
        assert resp.status_code == 201, resp.text
    with console.api(LEADER) as leader:
        todos = leader.get("/api/v1/todos").json()
    chaired = [m["role"] for m in todos["leader_meetings"] if m["meeting"]["title"].startswith("包联项目推进会")]
    assert chaired == ["chair"]

    context = await browser.new_context(base_url=console.url, locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    await log_in(page, LEADER, console.password)
    await page.wait_for_url(f"{console.url}/leader")  # a leader landing on / is sent to their projects
    table = page.get_by_test_id("leader-projects")
    await table.get_by_role("link", name=target["name"]).wait_for()
    assert await page.get_by_role("menuitem", name="我的项目").count() == 1

    row = table.locator("tr", has=page.get_by_role("link", name=target["name"]))
    assert "进度灯：红灯" in await row.inner_text() or "开工灯：红灯" in await row.inner_text()
    if red[0]["completion"]:
        assert f"{float(red[0]['completion']['time_progress']):.2f}%" in await row.inner_text()
    first_row = table.locator("tbody tr").first
    assert "红灯" in await first_row.inner_text()  # red projects come first

    problems = page.get_by_test_id("leader-problems")
    if any(e["open_problems"] for e in mine):
        assert "天" in await problems.inner_text()
    meetings = page.get_by_test_id("leader-meetings")
    await meetings.get_by_role("link", name="包联项目推进会（李副县长主持）").wait_for()
    assert "主持" in await meetings.inner_text()
    interviews = page.get_by_test_id("leader-interviews")
    for candidate in todos["interview_candidates"] or []:  # each leads to its project's page
        link = interviews.locator(f"a[href='/projects/{candidate['project_id']}']")
        assert (await link.inner_text()).strip()

    assert await serious_violations(page) == []

    await table.get_by_role("link", name=target["name"]).click()
    await page.wait_for_url(f"{console.url}/projects/{target['id']}")
    await page.get_by_text(target["name"]).first.wait_for()
    await context.close()
