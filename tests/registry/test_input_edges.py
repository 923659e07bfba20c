"""No input makes a 5xx or an absurd record: a search takes ``%`` and ``_`` literally, the calendar takes no
override in 1970, a report period in the year 9999 is refused, and the project list exports as .xlsx even
when a name was stored with control characters before they were refused at the edge."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import text


async def _codes(county, q: str) -> list[str]:
    resp = await county.client.get("/api/v1/projects", params={"q": q}, headers=county.office)
    assert resp.status_code == 200, resp.text
    return sorted(p["code"] for p in resp.json()["items"])


async def test_a_search_for_percent_or_underscore_matches_only_that_character(county):
    await county.project("P-1", name="污水处理厂提标改造（一期50%）")
    await county.project("P-2", name="城区道路改造")
    await county.project("P_3", name="文旅小镇")
    assert await _codes(county, "%") == ["P-1"]
    assert await _codes(county, "50%") == ["P-1"]
    assert await _codes(county, "_") == ["P_3"]
    assert await _codes(county, "道路") == ["P-2"]
    assert await _codes(county, "\\") == []


async def test_a_calendar_override_outside_2000_to_2100_is_refused_naming_the_day(county):
    resp = await county.client.put("/api/v1/calendar/overrides/1970-01-01", headers=county.office,
                                   json={"is_working_day": True, "note": "测试"})
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["path.day"]
    days = await county.client.get("/api/v1/calendar/days", headers=county.office,
                                   params={"from": "9999-12-01", "to": "9999-12-31"})
    assert days.status_code == 422, days.text
    assert {e["field"] for e in days.json()["errors"]} == {"query.from", "query.to"}


async def test_a_report_period_in_the_year_9999_is_refused_not_a_500(county):
    for period in ("9999-W52", "0000-01", "2101-01"):
        resp = await county.client.get("/api/v1/progress-reports", params={"period": period}, headers=county.office)
        assert resp.status_code == 422, (period, resp.text)
        assert resp.json()["errors"][0]["field"] == "query.period"


async def test_the_project_list_exports_although_a_name_holds_control_characters(county, stack):
    await county.project("P-1", name="城区道路改造")
    async with stack.apps["registry"].state.engine.begin() as conn:  # stored before the edge refused them
        await conn.execute(text("UPDATE projects SET name = :n"), {"n": "城区\x0b道路\x1b改造"})
    resp = await county.client.get("/api/v1/projects/export.xlsx", headers=county.office,
                                   params={"region_code": "410324", "year": 2026})
    assert resp.status_code == 200, resp.text
    cells = [c for row in load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True) for c in row]
    assert "城区道路改造" in cells


async def test_a_post_naming_a_unit_that_does_not_exist_is_a_404_not_a_500(county):
    resp = await county.client.post("/api/v1/posts", headers=county.office, json={
        "region_code": "410324", "title": "副县长（分管水利）", "unit_id": "5c1461fa-7eec-41d4-b7ed-04c20dc505af"})
    assert resp.status_code == 404, resp.text
    too_far = await county.client.post("/api/v1/posts", headers=county.office, json={
        "region_code": "410324", "title": "副县长（分管水利）", "rank": 2**63})
    assert too_far.status_code == 422, too_far.text
    assert [e["field"] for e in too_far.json()["errors"]] == ["body.rank"]
