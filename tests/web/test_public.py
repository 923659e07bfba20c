"""Issue 21, the public disclosure page (阳光行动) in Chromium on a phone: at a stable address with no login it shows
each project's leader, service team and time nodes from the public API only; no request carries a token or
reaches anything but the public API, and no private figure (money, phone numbers) is on the page. axe-core finds
no serious or critical violation."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"
PUBLIC_API = ("/api/v1/public/", "/api/v1/enums")


async def test_the_public_page_shows_leaders_and_nodes_without_a_token_and_nothing_private(browser, console):
    async with httpx.AsyncClient(base_url=console.url, timeout=30.0, trust_env=False) as anonymous:
        overview = (await anonymous.get("/api/v1/public/overview", params={"region_code": REGION})).json()
    project = next(p for p in overview["projects"] if p["leader"] and p["leader"]["holder_name"]
                   and p["time_nodes"] and p["time_nodes"][0]["planned_start_date"])
    nodes = project["time_nodes"][0]

    context = await browser.new_context(base_url=console.url, locale="zh-CN", viewport={"width": 390, "height": 844},
                                        is_mobile=True, has_touch=True)
    page = await context.new_page()
    api_calls: list[tuple[str, str | None]] = []
    page.on("request", lambda r: api_calls.append((r.url, r.headers.get("authorization")))
            if "/api/" in r.url else None)
    await page.goto(f"/public/{REGION}")
    card = page.get_by_test_id(f"public-{project['code']}")
    await card.wait_for()
    await page.get_by_role("heading", name=f"{overview['region_name']}{overview['year']}年重点项目建设公开").wait_for()

    text = await card.inner_text()
    assert project["name"] in text
    assert project["leader"]["holder_name"] in text and project["leader"]["post_title"] in text
    year, month, day = (int(x) for x in nodes["planned_start_date"].split("-"))
    assert f"开工 {year}年{month}月{day}日" in text
    for member in project["service_team"]:
        assert member["name"] in text

    whole = await page.locator("main").inner_text()
    assert "万元" not in whole and "亿元" not in whole  # no money is published
    assert not re.search(r"1[3-9]\d{9}", whole)  # no mobile phone number
    assert api_calls and all(auth is None for _, auth in api_calls)
    assert all(any(p in url for p in PUBLIC_API) for url, _ in api_calls), api_calls
    assert page.url.endswith(f"/public/{REGION}")  # not sent to the login page
    assert await page.get_by_role("link").count() == 0  # nothing else of the console is reachable from it

    await page.get_by_label("查找项目").fill(project["name"])
    assert await page.locator("[data-testid^=public-]").count() == 1
    assert await serious_violations(page) == []
    await context.close()


async def test_a_mistyped_region_says_there_is_no_such_region(browser, console):
    context = await browser.new_context(base_url=console.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto("/public/999999")
    await page.get_by_text("没有该地区。").wait_for()
    await context.close()
