"""Issue 20, the supervision office's screens in Chromium: the office plans an inspection of a demo project,
records it with one finding put on the ladder with a 整改期限 (docs/inspections.md: the finding becomes a problem
on the ladder whose id it keeps, with the deadline as its deadline; docs/supervision.md: a finding to rectify is
chased as a rectification until verified), downloads the 督查专报 as .docx, and the 整改 list shows the
rectification. The inspections list and an inspection's page pass axe-core with no serious or critical
violation."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"


async def test_an_inspection_is_planned_recorded_with_a_problem_reported_and_its_rectification_listed(
        office, console, tmp_path):
    with console.api() as api:
        projects = api.get("/api/v1/projects", params={"region_code": REGION, "limit": 50}).json()["items"]
        project = next(p for p in projects if p["responsible_unit_id"])
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    due = today + timedelta(days=20)
    theme = "资金未落实项目专项督查（界面测试）"
    description = "施工人员不足，形象进度滞后于报送进度"

    await office.get_by_role("menuitem", name="督查").click()
    await office.wait_for_url(lambda url: url.endswith("/supervision/inspections"))
    await office.get_by_test_id("inspection-table").wait_for()
    assert await serious_violations(office) == []

    await office.get_by_role("button", name="计划督查").click()
    dialog = office.get_by_role("dialog", name="计划督查")
    await dialog.get_by_label("主题").fill(theme)
    await dialog.get_by_label("带队领导").fill("王建国")
    await dialog.locator(".el-select", has=office.locator("#p-projects")).click()
    await office.keyboard.type(project["name"][:8])
    await office.get_by_role("option", name=project["name"]).first.click()
    await dialog.locator(".el-dialog__header").click()  # close the option list
    await dialog.get_by_role("button", name="保存计划").click()

    await office.wait_for_url(lambda url: "/supervision/inspections/" in url)
    await office.get_by_role("heading", level=1, name=theme).wait_for()
    inspection_id = office.url.rstrip("/").split("/")[-1]
    form = office.get_by_role("form", name="登记督查结果")
    await form.get_by_label("督查情况").fill("督查组实地查看了项目现场，听取了项目单位汇报。")
    await form.get_by_role("button", name="添加问题").click()
    finding = office.get_by_test_id("finding-0")
    await finding.get_by_label("问题描述").fill(description)
    await finding.get_by_text("列入问题台账限期整改").click()
    await finding.get_by_label("整改意见").fill("限期增加施工人员，确保按计划推进。")
    due_field = finding.get_by_label("整改期限")
    await due_field.fill(f"{due.year}年{due.month}月{due.day}日")
    await due_field.press("Enter")
    assert await serious_violations(office) == []
    await form.get_by_role("button", name="保存督查结果").click()

    table = office.get_by_test_id("finding-table")
    await table.get_by_text(description).wait_for()
    assert await serious_violations(office) == []

    with console.api() as api:
        inspection = api.get(f"/api/v1/inspections/{inspection_id}").json()
        assert inspection["status"] == "recorded"
        [recorded] = inspection["findings"]
        assert recorded["disposition"] == "problem" and recorded["problem_id"]
        problem = api.get(f"/api/v1/problems/{recorded['problem_id']}").json()
        rects = api.get("/api/v1/rectifications",
                        params={"region_code": REGION, "source_kind": "inspection_finding", "limit": 200}).json()
    assert problem["project_id"] == project["id"]
    assert problem["deadline"] == due.isoformat()
    assert any(r["source_id"] == recorded["id"] and r["deadline"] == due.isoformat() for r in rects["items"])

    async with office.expect_download() as download:
        await office.get_by_role("button", name="下载督查专报（.docx）").click()
    saved = tmp_path / "report.docx"
    await (await download.value).save_as(saved)
    assert (await download.value).suggested_filename.endswith(".docx")
    with zipfile.ZipFile(saved) as docx:
        assert description in docx.read("word/document.xml").decode()

    await office.get_by_role("menuitem", name="整改").click()
    rect_table = office.get_by_test_id("rectification-table")
    await rect_table.get_by_text("限期增加施工人员，确保按计划推进。").first.wait_for()
    assert project["name"] in await rect_table.inner_text()


async def test_a_complaint_is_received_and_concluded_and_an_accountability_record_is_kept(office, console):
    """docs/supervision.md: the office receives an efficiency complaint about a unit's handling of a project and
    starts the investigation and records its conclusion
    (received → investigating → concluded); an accountability record names the unit held to account. Both
    list pages pass axe-core with no serious or critical violation."""
    with console.api() as api:
        projects = api.get("/api/v1/projects", params={"region_code": REGION, "limit": 50}).json()["items"]
        project = next(p for p in projects if p["responsible_unit_id"])
        unit = api.get(f"/api/v1/units/{project['responsible_unit_id']}").json()
    complainant = "洛阳某建设有限公司（界面测试）"

    await office.get_by_role("menuitem", name="效能投诉").click()
    await office.get_by_test_id("complaint-table").wait_for()
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="受理投诉").click()
    dialog = office.get_by_role("dialog", name="受理投诉")
    await dialog.get_by_label("投诉人").fill(complainant)
    await dialog.locator(".el-select", has=office.locator("#k-project")).click()
    await office.keyboard.type(project["name"][:8])
    await office.get_by_role("option", name=project["name"]).first.click()
    await dialog.locator(".el-select", has=office.locator("#k-unit")).click()
    await office.get_by_role("option", name=unit["name"], exact=True).first.click()
    await dialog.get_by_label("投诉内容").fill("施工许可办理中多次要求补正材料，未一次性告知。")
    await dialog.get_by_role("button", name="受理", exact=True).click()
    row = office.get_by_test_id("complaint-table").locator("tr", has_text=complainant).first
    await row.wait_for()
    await row.get_by_role("button", name="开始调查").click()
    await row.get_by_role("button", name="作出结论").click()
    conclude = office.get_by_role("dialog", name="调查结论")
    await conclude.get_by_label("调查情况").fill("经核查，该单位未一次性告知补正材料，情况属实。")
    await conclude.get_by_role("button", name="保存结论").click()
    await office.get_by_test_id("complaint-table").get_by_text("经核查，该单位未一次性告知补正材料").wait_for()
    with console.api() as api:
        items = api.get("/api/v1/complaints", params={"region_code": REGION, "limit": 200}).json()["items"]
    [complaint] = [c for c in items if c["complainant"] == complainant]
    assert (complaint["status"], complaint["finding"], complaint["unit_id"]) == (
        "concluded", "substantiated", unit["id"])

    summary = "投诉查实，未一次性告知补正材料，予以通报批评（界面测试）"
    await office.get_by_role("menuitem", name="问责").click()
    await office.get_by_test_id("accountability-table").wait_for()
    assert await serious_violations(office) == []
    await office.get_by_role("button", name="登记问责").click()
    dialog = office.get_by_role("dialog", name="登记问责")
    await dialog.locator(".el-select", has=office.locator("#d-unit")).click()
    await office.get_by_role("option", name=unit["name"], exact=True).first.click()
    await dialog.get_by_label("问责事由").fill(summary)
    await dialog.get_by_role("button", name="保存").click()
    await office.get_by_test_id("accountability-table").get_by_text(summary).wait_for()
    with console.api() as api:
        records = api.get("/api/v1/accountability-records", params={"region_code": REGION}).json()["items"]
    [record] = [r for r in records if r["summary"] == summary]
    assert (record["sanction"], record["target_kind"], record["unit_id"]) == (
        "circulated_criticism", "unit", unit["id"])
