"""Issue 16, the office's letters, scoring and settings in Chromium: run a monthly ranking and publish it, and the
page shows the API's praise (top) and criticism (bottom) lists; issue a letter to a project's unit and download
it as .docx; a policy value out of range is refused with the field's Chinese message beside the field, and a good
value is saved; a region profile (配置模板) is read with its sources and applied to a year. Each page passes
axe-core with no serious or critical violation."""

from __future__ import annotations

import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"


def month_before(period: str) -> str:
    year, month = (int(x) for x in period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


async def test_a_ranking_is_run_and_published_and_shows_its_top_and_bottom(office, console):
    with console.api() as api:
        schemes = api.get("/api/v1/scoring-schemes", params={"region_code": REGION}).json()["items"]
        monthly = next(s for s in schemes if s["code"] == "qingshui-monthly")
        runs = api.get("/api/v1/scoring-runs", params={"region_code": REGION, "scheme_id": monthly["id"]}).json()
        published = next(r for r in runs["items"] if r["status"] == "published")
    period = month_before(published["period"])  # a month the demo has not ranked yet

    await office.get_by_role("menuitem", name="考核评分").click()
    await office.get_by_test_id("run-table").get_by_text(published["period"]).first.wait_for()
    assert await serious_violations(office) == []
    await office.locator(".el-select", has=office.locator("#s-scheme")).click()
    await office.get_by_role("option", name=monthly["name"]).click()
    await office.get_by_label("考核期间").fill(period)
    await office.get_by_role("button", name="计算排名").click()
    run_card = office.get_by_test_id("run")
    await run_card.get_by_text(f"{period} 排名（草稿").wait_for()
    await run_card.get_by_role("button", name="发布排名").click()
    await run_card.get_by_text(f"{period} 排名（已发布").wait_for()

    with console.api() as api:
        runs = api.get("/api/v1/scoring-runs", params={"region_code": REGION, "period": period}).json()["items"]
        run = next(r for r in runs if r["status"] == "published")
        lists = api.get(f"/api/v1/scoring-runs/{run['id']}/lists").json()
        results = api.get(f"/api/v1/scoring-runs/{run['id']}/results", params={"limit": 200}).json()["items"]
    assert lists["praise"] and lists["criticism"]
    praise = await office.get_by_test_id("praise").inner_text()
    criticism = await office.get_by_test_id("criticism").inner_text()
    top, bottom = lists["praise"][0], lists["criticism"][-1]
    assert f"第{top['rank']}名 {top['subject_name']}（{top['total']}分）" in praise
    assert f"第{bottom['rank']}名 {bottom['subject_name']}（{bottom['total']}分）" in criticism
    # each subject's score is explained per dimension: the first row's explanations open under it
    table = office.get_by_test_id("result-table")
    await table.locator(".el-table__expand-icon").first.click()
    first = results[0]["dimensions"][0]
    await table.get_by_text(first["explanation"]).first.wait_for()


async def test_a_letter_is_issued_to_a_unit_and_downloaded_as_docx(office, console, tmp_path):
    with console.api() as api:
        project = api.get("/api/v1/projects", params={"region_code": REGION, "limit": 1}).json()["items"][0]
        unit = api.get(f"/api/v1/units/{project['responsible_unit_id']}").json()

    await office.get_by_role("menuitem", name="督办函件").click()
    await office.get_by_test_id("letter-table").locator("tbody tr").first.wait_for()
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="发函").click()
    dialog = office.get_by_role("dialog", name="发函")
    await dialog.locator(".el-select", has=office.locator("#n-project")).click()
    await office.keyboard.type(project["name"][:8])
    await office.get_by_role("option", name=project["name"]).first.click()
    await dialog.get_by_label("标题").fill("关于加快推进项目建设的提醒函")
    await dialog.get_by_label("正文").fill("请你单位加快推进项目前期手续办理，并于回复期限前书面回复。")
    await dialog.get_by_role("button", name="发出").click()

    await office.wait_for_url(lambda url: "/letters/" in url)
    await office.get_by_role("heading", level=1, name="关于加快推进项目建设的提醒函").wait_for()
    letter = office.get_by_test_id("letter")
    shown = await letter.inner_text()
    assert unit["name"] in shown and project["name"] in shown and "尚未回复" in shown
    assert await serious_violations(office) == []
    async with office.expect_download() as download:
        await office.get_by_role("button", name="下载函件（.docx）").click()
    saved = tmp_path / "letter.docx"
    await (await download.value).save_as(saved)
    assert (await download.value).suggested_filename.endswith(".docx")
    with zipfile.ZipFile(saved) as docx:
        assert "关于加快推进项目建设的提醒函" in docx.read("word/document.xml").decode()


async def test_a_policy_value_out_of_range_shows_the_fields_chinese_error_then_a_good_one_is_saved(office, console):
    await office.get_by_role("menuitem", name="设置").click()
    await office.get_by_role("menuitem", name="项目库 · warning_lights").click()
    form = office.get_by_test_id("policy-form")
    field = form.get_by_label("逾期未开工亮红灯(月)")
    await field.wait_for()
    assert await serious_violations(office) == []

    await field.fill("99")
    await form.get_by_role("button", name="保存").click()
    await form.get_by_text("应不大于 36").wait_for()  # the API's message of that field, under it
    with console.api() as api:
        before = api.get(f"/api/v1/policies/{REGION}/warning_lights").json()
    assert before["value"]["start_red_after_months"] != 99

    await field.fill("6")
    await form.get_by_role("button", name="保存").click()
    await office.get_by_text("已保存").wait_for()
    assert await form.get_by_text("应不大于 36").count() == 0
    with console.api() as api:
        year = before["year"]
        after = api.get(f"/api/v1/policies/{REGION}/warning_lights", params={"year": year}).json()
    assert after["value"]["start_red_after_months"] == 6
    assert await office.get_by_test_id("policy-source").inner_text() != ""


async def test_a_region_profile_is_read_with_its_sources_and_applied_to_a_year(office, console):
    """配置模板: the office reads a shipped profile, each value beside the words of the county's document it comes
    from (原文) or the platform's reason (平台设定), and applies it to a year; the registry's rules of that year are
    then the profile's (惠济: weekly reports due Friday 18:00) and the application is listed. A past year is used so
    that the demo county's rules of this year, which the other tests rely on, stay as they are."""
    year = datetime.now(ZoneInfo("Asia/Shanghai")).year - 3
    await office.get_by_role("menuitem", name="设置").click()
    await office.locator(".el-select", has=office.locator("#pick-year")).click()
    await office.get_by_role("option", name=f"{year}年", exact=True).click()
    await office.get_by_role("tab", name="配置模板").click()
    await office.get_by_role("menuitem", name="惠济区2022年重大项目协调推进机制").click()
    await office.get_by_test_id("profile-name").get_by_text("惠济区").wait_for()
    fields = office.get_by_test_id("profile-fields")
    await fields.get_by_text("(十五)每周五18:00前", exact=True).first.wait_for()
    assert await fields.get_by_text("原文").count() > 0
    assert await fields.get_by_text("平台设定").count() > 0
    assert await serious_violations(office) == []

    await office.get_by_test_id("apply-profile").click()
    await office.get_by_role("dialog").get_by_role("button", name="应用").click()
    await office.get_by_test_id("apply-result").wait_for()
    await office.get_by_test_id("profile-applications").get_by_text("惠济区2022年重大项目协调推进机制").wait_for()
    with console.api() as api:
        due = api.get(f"/api/v1/policies/{REGION}/report_due", params={"year": year}).json()
        this_year = api.get(f"/api/v1/policies/{REGION}/report_due").json()
    assert (due["value"]["period_kind"], due["value"]["due_day"], due["value"]["due_time"]) == ("weekly", 5, "18:00:00")
    assert due["updated_by"] == "profile:huiji-2022"
    assert this_year["value"]["period_kind"] == "monthly"
