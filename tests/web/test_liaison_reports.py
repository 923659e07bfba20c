"""Issue 21, the unit liaison's progress reports on a phone (Chromium, 390×844, touch): lc.unit (栾川县交通运输局)
lands on 我的待办, reports the month due for two projects (one through the report form, whose totals and rates
follow the typing, one through 批量报送); the office returns one (through the API as lc.office); the liaison sees it
returned with the office's reason on the home page, corrects it and submits it again.

axe-core finds no serious or critical violation on the to-dos page and the report form at 390 px, and at 200%
zoom: emulated by a context of half the phone's width in CSS pixels, 195×422 with device_scale_factor 4 (the same
780 device pixels shown twice as large), which is what a browser zoom of 200% does to the layout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.web.conftest import log_in, serious_violations

pytestmark = pytest.mark.web
UNIT = "lc.unit"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ZOOM_200 = {"viewport": {"width": 195, "height": 422}, "is_mobile": True, "has_touch": True, "device_scale_factor": 4}
REASON = "本期完成投资与财务台账不符，请核实后重报"


def money(value: Decimal) -> str:
    """As the console shows an amount in 万元 (亿元 from 1 亿 up), two decimals, grouped."""
    return f"{value / 10000:,.2f}亿元" if abs(value) >= 10000 else f"{value:,.2f}万元"


async def phone(browser: Any, console: Any, **options: Any) -> tuple[Any, Any]:
    context = await browser.new_context(base_url=console.url, locale="zh-CN", **(options or PHONE))
    page = await context.new_page()
    await log_in(page, UNIT, console.password)
    await page.wait_for_url(f"{console.url}/unit")
    await page.get_by_test_id("todo-reports").wait_for()
    return context, page


async def test_a_liaison_reports_two_projects_sees_one_returned_corrects_and_resubmits_it(browser, console):
    with console.api(UNIT) as api:
        todos = api.get("/api/v1/todos").json()
        due = [r for r in todos["reports_due"] if r["report_status"] is None]
        assert len(due) >= 2, todos["reports_due"]
        first, second = due[0], due[1]
        period = first["period"]
        before = api.get(f"/api/v1/projects/{first['project_id']}/progress-reports/prefill",
                         params={"period": period}).json()

    context, page = await phone(browser, console)
    try:
        # 我的待办: the month due for each project, with its deadline in working days
        reports = page.get_by_test_id("todo-reports")
        row = reports.get_by_role("link").filter(has_text=first["project_name"])
        assert "个工作日" in await row.inner_text() or "今天截止" in await row.inner_text()
        assert await serious_violations(page) == []

        # the form: totals and rates follow the typing; submitted once
        await row.click()
        await page.wait_for_url(lambda url: f"/unit/reports/{first['project_id']}" in url)
        await page.locator("#f-investment").fill("350")
        ytd = Decimal(before["year_to_date_before"]) + Decimal("350")
        assert await page.get_by_test_id("ytd").inner_text() == money(ytd)
        await page.locator("#f-funds").fill("300")
        await page.locator("#f-physical").fill("路基工程完成40%，桥梁桩基施工中")
        assert await serious_violations(page) == []
        await page.get_by_role("button", name="报送", exact=True).click()
        await page.wait_for_url(f"{console.url}/unit")

        # 批量报送 for the second project only
        await page.get_by_role("link", name="批量报送").click()
        bulk = page.get_by_test_id(f"bulk-row-{second['project_code']}")
        await bulk.wait_for()
        for box in await page.locator(".bulk-row").all():
            if await box.get_attribute("data-testid") != f"bulk-row-{second['project_code']}":
                await box.get_by_role("checkbox").uncheck()
        await bulk.get_by_label("本期完成投资（万元）").fill("120")
        await bulk.get_by_label("本期资金到位（万元）").fill("100")
        await bulk.get_by_label("形象进度").fill("主体结构完成至三层")
        await page.get_by_role("button", name="报送所选 1 个项目").click()
        await page.wait_for_url(f"{console.url}/unit")

        with console.api() as office:  # lc.office returns the first one
            submitted = office.get("/api/v1/progress-reports", params={
                "region_code": "410324", "period": period, "status": "submitted", "limit": 200}).json()["items"]
            mine = {r["project_id"]: r for r in submitted}
            assert {first["project_id"], second["project_id"]} <= set(mine)
            assert mine[first["project_id"]]["investment_completed"] == "350.00"
            returned = office.post(f"/api/v1/progress-reports/{mine[first['project_id']]['id']}/return",
                                   json={"reason": REASON})
            assert returned.status_code == 200, returned.text

        # the home page shows it returned, with the reason; corrected and submitted again
        await page.reload()
        row = page.get_by_test_id("todo-reports").get_by_role("link").filter(has_text="已退回")
        await row.filter(has_text=first["project_name"]).wait_for()
        assert REASON in await row.inner_text()
        await row.click()
        await page.get_by_test_id("return-reason").get_by_text(REASON).wait_for()
        assert await serious_violations(page) == []
        # saved as a draft first, then edited again and resubmitted: each write of the form is a new one
        await page.locator("#f-investment").fill("320")
        await page.get_by_role("button", name="保存草稿").click()
        await page.get_by_text("草稿已保存").wait_for()
        await page.locator("#f-investment").fill("330")
        await page.get_by_role("button", name="重新报送").click()
        await page.wait_for_url(f"{console.url}/unit")
        assert await page.get_by_test_id("todo-reports").get_by_text("已退回").count() == 0
    finally:
        await context.close()

    with console.api(UNIT) as api:
        report = api.get(f"/api/v1/progress-reports/{mine[first['project_id']]['id']}").json()
        assert (report["status"], report["investment_completed"]) == ("submitted", "330.00")
        steps = api.get(f"/api/v1/progress-reports/{report['id']}/history").json()["items"]
        assert [s["action"] for s in steps] == ["create", "submit", "return", "resubmit"]


async def test_the_to_dos_and_the_report_form_pass_axe_at_200_percent_zoom(browser, console):
    context, page = await phone(browser, console, **ZOOM_200)
    try:
        assert await serious_violations(page) == []
        # no sideways scrolling at 200%: the page fits its 195 CSS px
        assert await page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        await page.get_by_test_id("todo-reports").get_by_role("link").first.click()
        await page.locator("#f-investment").wait_for()
        assert await serious_violations(page) == []
    finally:
        await context.close()
