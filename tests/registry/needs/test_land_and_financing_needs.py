"""The land demand list (用地需求清单) and the financing needs list (融资需求清单) per project and year (清水 seed 003),
summed by responsible unit and by township, and exported as the office sends them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from tests.xlsx_checks import chinese_file_name, data_rows, print_defects, sheets, totals_row

REGION = "410324"


async def _projects(county):
    """A: 交通局 in 城关镇; B: 交通局, no township; C: 发改委 in 城关镇."""
    a = await county.project("A", township_unit_id=county.units["城关镇"])
    b = await county.project("B")
    c = await county.project("C", responsible_unit_id=county.units["发改委"], township_unit_id=county.units["城关镇"])
    return a, b, c


async def _land(county, project, kind, area, in_plan, headers=None, year=2027):
    return await county.client.post("/api/v1/land-demands", json={
        "project_id": project["id"], "year": year, "area_mu": area, "land_kind": kind, "in_plan": in_plan,
        "needed_by": "2027-03-31"}, headers=headers or county.office)


async def _money(county, project, channel, amount, status="proposed", year=2027):
    return await county.client.post("/api/v1/financing-needs", json={
        "project_id": project["id"], "year": year, "amount": amount, "channel": channel, "status": status},
        headers=county.office)


async def test_land_demands_are_summed_by_unit_and_township_in_mu(county):
    """Areas (亩, Decimal, kept exact) add up per responsible unit and per township (the project's 乡镇, projects
    without one last); the area in the land-use plan is summed apart; another year does not count."""
    a, b, c = await _projects(county)
    for project, kind, area, in_plan in ((a, "new_construction", "10.25", True), (a, "forest", "3.5", False),
                                         (b, "new_construction", "20", False), (c, "stock_construction", "0.1", True)):
        resp = await _land(county, project, kind, area, in_plan)
        assert resp.status_code == 201, resp.text
    assert (await _land(county, a, "new_construction", "99", True, year=2028)).status_code == 201
    summary = (await county.client.get(f"/api/v1/land-demands/summary?region_code={REGION}&year=2027",
                                       headers=county.office)).json()
    assert summary["total"] == {"key": None, "label": "合计", "projects": 3, "demands": 4, "area_mu": "33.85",
                                "in_plan_area_mu": "10.35"}
    units = {g["label"]: (g["projects"], g["area_mu"], g["in_plan_area_mu"]) for g in summary["by_unit"]}
    assert units == {"栾川县交通运输局": (2, "33.75", "10.25"), "栾川县发展和改革委员会": (1, "0.10", "0.10")}
    towns = [(g["label"], g["area_mu"]) for g in summary["by_township"]]
    assert towns == [("城关镇", "13.85"), ("未指定乡镇", "20.00")]


async def test_one_land_demand_per_project_year_and_kind_and_bad_input_names_the_field(county):
    """A second demand of the same kind for the same project and year is 409; an area of zero or an unknown project
    is a 422 naming the field; an edit needs If-Match."""
    a, _, _ = await _projects(county)
    first = await _land(county, a, "new_construction", "10", True)
    assert (await _land(county, a, "new_construction", "5", True)).json()["code"] == "land_demand_exists"
    zero = await _land(county, a, "forest", "0", True)
    assert zero.status_code == 422 and zero.json()["errors"][0]["field"] == "body.area_mu"
    ghost = await _land(county, {"id": "00000000-0000-4000-8000-000000000000"}, "forest", "1", True)
    assert ghost.status_code == 422 and ghost.json()["errors"][0]["field"] == "body.project_id"
    url = f"/api/v1/land-demands/{first.json()['id']}"
    assert (await county.client.patch(url, json={"in_plan": False}, headers=county.office)).status_code == 428
    changed = await county.client.patch(url, json={"area_mu": "12.5", "in_plan": False},
                                        headers={**county.office, "If-Match": first.headers["ETag"]})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["area_mu"], changed.json()["in_plan"]) == ("12.50", False)


async def test_a_unit_states_land_only_for_its_own_projects(county, stack):
    """A unit states demands for the projects it is responsible for or owns; another unit's project is not one it
    can name (422 invalid_reference on project_id, as if it did not exist)."""
    a, _, c = await _projects(county)
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    assert (await _land(county, a, "forest", "1", True, headers=unit)).status_code == 201
    refused = await _land(county, c, "forest", "1", True, headers=unit)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.project_id"


async def test_land_demand_export_is_the_list_with_a_total_and_the_sums(county):
    """The office sends the list with a 合计 row of the areas, and sheets by unit and by township, print-ready."""
    a, b, _ = await _projects(county)
    await _land(county, a, "new_construction", "10.25", True)
    await _land(county, b, "forest", "4", False)
    resp = await county.client.get(f"/api/v1/land-demands/export.xlsx?region_code={REGION}&year=2027",
                                   headers=county.office)
    assert resp.status_code == 200, resp.text
    assert chinese_file_name(resp.headers["content-disposition"]) == "栾川县2027年度用地需求清单.xlsx"
    books = sheets(resp.content)
    assert list(books) == ["用地需求清单", "按单位汇总", "按乡镇汇总"]
    rows = data_rows(books["用地需求清单"])
    assert [(r[1], r[5], r[7]) for r in rows] == [("A", "新增建设用地", "是"), ("B", "林地", "否")]
    assert Decimal(str(totals_row(books["用地需求清单"])[6])) == Decimal("14.25")
    for ws in books.values():
        assert print_defects(ws) == [], ws.title


async def test_financing_needs_are_summed_with_what_is_secured_and_exported(county):
    """Amounts (万元) add up per unit and township, the secured ones apart; the channel shows its Chinese label in
    the export; one need per project, year and channel."""
    a, b, c = await _projects(county)
    for project, channel, amount, status in ((a, "policy_bank_loan", "8000", "secured"),
                                             (a, "special_bonds", "1500.50", "proposed"),
                                             (c, "commercial_bank_loan", "300", "recommended")):
        resp = await _money(county, project, channel, amount, status)
        assert resp.status_code == 201, resp.text
        assert resp.json()["amount"] == format(Decimal(amount), ".2f")
    assert (await _money(county, a, "special_bonds", "1")).json()["code"] == "financing_need_exists"
    bad = await _money(county, b, "crowdfunding", "1")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.channel"
    summary = (await county.client.get(f"/api/v1/financing-needs/summary?region_code={REGION}&year=2027",
                                       headers=county.office)).json()
    assert (summary["total"]["amount"], summary["total"]["secured_amount"], summary["total"]["projects"]) == (
        "9800.50", "8000.00", 2)
    assert [(g["label"], g["amount"]) for g in summary["by_township"]] == [("城关镇", "9800.50")]
    resp = await county.client.get(f"/api/v1/financing-needs/export.xlsx?region_code={REGION}&year=2027",
                                   headers=county.office)
    assert resp.status_code == 200
    ws = sheets(resp.content)["融资需求清单"]
    assert {r[5] for r in data_rows(ws)} == {"政策性银行贷款", "地方政府专项债券", "商业银行贷款"}
    assert Decimal(str(totals_row(ws)[6])) == Decimal("9800.50")
    page = (await county.client.get(f"/api/v1/financing-needs?region_code={REGION}&year=2027&limit=2",
                                    headers=county.office)).json()
    assert len(page["items"]) == 2 and page["next_cursor"]


async def test_other_regions_do_not_see_a_projects_needs(county, stack):
    a, _, _ = await _projects(county)
    land = (await _land(county, a, "forest", "1", True)).json()
    money = (await _money(county, a, "other", "10")).json()
    other = stack.auth("office", region="410325")
    assert (await county.client.get(f"/api/v1/land-demands/{land['id']}", headers=other)).status_code == 404
    assert (await county.client.get(f"/api/v1/financing-needs/{money['id']}", headers=other)).status_code == 404
