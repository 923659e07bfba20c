"""Issue 20, duties on the ground and the yearly list cycle in Chromium: the office records a leader's site visit to
a project with one decision (a decided item with an owner unit and a due date, docs/site-visits-and-duties.md),
sees it listed, and the API holds the decided item the visit made; the office opens next year's list cycle and
completes its first step (who approved it, on which day); the 履职情况 page shows this month's rows of who is
behind as the API counts them. Each page passes axe-core with no serious or critical violation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"
VISIT = "副县长到项目现场调研督导"
DECISION = "县自然资源局限期完成项目用地组卷报批"


def county_today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def choose(page, select_id: str, option: str, typed: str | None = None) -> None:
    """Pick an option of an Element Plus select by its input's id (typing first for a remote one)."""
    await page.locator(".el-select", has=page.locator(f"#{select_id}")).click()
    if typed:
        await page.keyboard.type(typed)
    await page.get_by_role("option", name=option, exact=True).first.click()


def behind_row(console) -> dict:
    """A leader's row this month that is behind on visiting a project (the demo's leaders hold project posts)."""
    with console.api() as api:
        resp = api.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"behind_only": True})
        assert resp.status_code == 200, resp.text
        rows = [r for r in resp.json()["items"] if r["person_id"] and r["project_id"]]
    assert rows, "the demo county has a leader behind on a project visit this month"
    return rows[0]


async def test_the_office_records_a_site_visit_whose_decision_becomes_a_decided_item(office, console):
    """A decision taken on site is a decided item with its owner unit and due date (issue 20: 'decisions become
    decided items as at a meeting'); the visit is listed for the month."""
    row = behind_row(console)
    with console.api() as api:
        people = api.get("/api/v1/people", params={"region_code": REGION, "limit": 200}).json()["items"]
        person = next(p for p in people if p["id"] == row["person_id"])
        project = api.get(f"/api/v1/projects/{row['project_id']}").json()
        unit = api.get(f"/api/v1/units/{project['responsible_unit_id']}").json()
    due = county_today() + timedelta(days=15)

    await office.get_by_role("menuitem", name="现场调研").click()
    await office.get_by_role("heading", level=1, name="现场调研", exact=False).wait_for()
    await office.get_by_test_id("visit-table").wait_for()
    assert await serious_violations(office) == []

    await office.get_by_role("button", name="记录调研").click()
    dialog = office.get_by_role("dialog", name="记录现场调研")
    await dialog.get_by_label("标题").fill(VISIT)
    leader = f"{person['name']}（{person['title']}）" if person.get("title") else person["name"]
    await choose(office, "n-leader", leader)
    await choose(office, "n-projects", project["name"], project["name"][:6])
    await office.keyboard.press("Escape")
    await dialog.get_by_label("现场查看情况").fill("主体结构施工中，二标段用地组卷尚未报批。")
    await dialog.get_by_role("button", name="添加议定事项").click()
    decision = dialog.get_by_test_id("decision")
    await decision.get_by_label("事项", exact=True).fill(DECISION)
    await choose(office, "d-unit-0", unit["name"])
    picker = decision.get_by_label("完成时限")
    await picker.fill(f"{due.year}年{due.month}月{due.day}日")
    await picker.press("Enter")
    await dialog.get_by_role("button", name="保存").click()

    await office.get_by_test_id("visit-table").get_by_text(VISIT).first.wait_for()
    detail = office.get_by_test_id("visit")
    await detail.get_by_test_id("visit-decisions").get_by_text(DECISION).wait_for()
    assert await serious_violations(office) == []

    with console.api() as api:
        visits = api.get("/api/v1/site-visits", params={"region_code": REGION, "project_id": project["id"]}).json()
        visit = next(v for v in visits["items"] if v["title"] == VISIT)
        items = api.get("/api/v1/decided-items", params={"region_code": REGION, "owner_unit_id": unit["id"],
                                                         "limit": 200}).json()["items"]
    made = [i for i in items if i.get("site_visit_id") == visit["id"]]
    assert len(made) == 1
    assert made[0]["title"] == DECISION
    assert made[0]["owner_unit_id"] == unit["id"]
    assert made[0]["due_date"] == due.isoformat()
    assert visit["leading_person_id"] == person["id"]


async def test_the_office_opens_next_years_list_cycle_and_completes_its_first_step(office, console):
    """The yearly cycle's steps are recorded with who approved each (issue 20: 'each step recorded with who
    approved it'); the first step, the guide list, can be completed at once."""
    await office.get_by_role("menuitem", name="年度清单编制").click()
    target = county_today().year + 1
    start = office.get_by_role("button", name=f"启动{target}年清单编制")
    table = office.get_by_test_id("step-table")
    await start.or_(table).first.wait_for()
    if await start.is_visible():
        await start.click()
    await table.locator("tbody tr").first.wait_for()
    assert await serious_violations(office) == []

    await table.locator("tbody tr").first.get_by_role("button", name="完成").click()
    dialog = office.get_by_role("dialog")
    await dialog.get_by_label("审定人").fill("县发改局 王局长")
    await dialog.get_by_label("说明").fill("谋划储备名录已印发")
    await dialog.get_by_role("button", name="确认完成").click()
    await table.get_by_text("县发改局 王局长").wait_for()

    with console.api() as api:
        cycles = api.get("/api/v1/list-cycles", params={"region_code": REGION, "target_year": target}).json()
    first = cycles[0]["steps"][0]
    assert first["status"] == "done"
    assert first["approved_by"] == "县发改局 王局长"
    assert first["approved_on"] == county_today().isoformat()

    for tab in ("用地需求清单", "融资需求清单"):
        await office.get_by_role("tab", name=tab).click()
        await office.wait_for_timeout(300)
        assert await serious_violations(office) == []


async def test_the_duties_page_shows_who_is_behind_this_month(office, console):
    """Who is behind on a duty this month is a list (issue 20): each row with required, done and shortfall."""
    row = behind_row(console)
    await office.get_by_role("menuitem", name="履职情况").click()
    table = office.get_by_test_id("duty-table")
    line = table.locator("tbody tr", has_text=row["project_name"]).first
    await line.wait_for()
    text = await line.inner_text()
    assert row["person_name"] in text
    assert str(row["shortfall"]) in text
    assert await serious_violations(office) == []
