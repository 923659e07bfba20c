"""Money keeps its scale in every answer, read through the gateway as a front end reads it: an amount in 万元
is a string with at least two decimals and at most four, never an exponent. A project created with "800" reads
back "800.00" from the project, the list, the dossier, the statistics and the dashboard; "287.2345" keeps its
four places; "1200.5" reads "1200.50"; a total that sums to a whole number reads "…00"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tuijin.kernel.clock import clock

REGION = "410324"
LONG = timedelta(days=3650)


def at(day: str) -> None:
    clock.set(datetime.fromisoformat(f"{day}T10:00:00+08:00"), frozen=True)


@pytest.fixture
async def money(stack) -> dict[str, Any]:
    """Two projects on the 2026 list: A (800, plan 1200.5, April 0.25 completed and 100 in place) and B
    (287.2345, plan 0.5, April 0.75 completed), both April reports submitted."""
    at("2026-05-06")
    gateway = stack.client("gateway")
    admin = stack.auth("admin", region=None, ttl=LONG)
    office = stack.auth("office", region=REGION, ttl=LONG)
    for code, name, level, parent in (("410000", "河南省", "province", None), ("410300", "洛阳市", "prefecture",
                                      "410000"), (REGION, "栾川县", "county", "410300")):
        resp = await gateway.post("/api/v1/regions", json={"code": code, "name": name, "level": level,
                                                           "parent_code": parent}, headers=admin)
        assert resp.status_code == 201, resp.text
    resp = await gateway.post("/api/v1/units", json={"region_code": REGION, "name": "栾川县交通运输局",
                                                     "kind": "department"}, headers=office)
    assert resp.status_code == 201, resp.text
    unit = resp.json()["id"]
    ids = {}
    for code, total, plan, completed, funds in (("A", "800", "1200.5", "0.25", "100"),
                                                ("B", "287.2345", "0.5", "0.75", "0")):
        resp = await gateway.post("/api/v1/projects", json={
            "region_code": REGION, "code": code, "name": f"测试项目{code}", "stage": "under_construction",
            "total_investment": total, "responsible_unit_id": unit}, headers=office)
        assert resp.status_code == 201, resp.text
        ids[code] = resp.json()["id"]
        resp = await gateway.put(f"/api/v1/projects/{ids[code]}/year-plans/2026",
                                 json={"planned_investment": plan}, headers=office)
        assert resp.status_code == 200, resp.text
        resp = await gateway.post(f"/api/v1/projects/{ids[code]}/progress-reports", json={
            "period": "2026-04", "investment_completed": completed, "funds_in_place": funds,
            "physical_progress": "主体施工", "submit": True}, headers=office)
        assert resp.status_code == 201, resp.text
    return {"gateway": gateway, "office": office, "ids": ids, "created": resp.json()}


async def _get(m: dict[str, Any], path: str, **params: Any) -> Any:
    resp = await m["gateway"].get(path, params=params, headers=m["office"])
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_an_amount_sent_as_800_reads_back_800_00_from_the_project_and_the_list(money):
    a = await _get(money, f"/api/v1/projects/{money['ids']['A']}", year=2026)
    assert a["total_investment"] == "800.00"
    assert [p["planned_investment"] for p in a["year_plans"]] == ["1200.50"]
    b = await _get(money, f"/api/v1/projects/{money['ids']['B']}", year=2026)
    assert (b["total_investment"], b["year_plans"][0]["planned_investment"]) == ("287.2345", "0.50")
    listed = await _get(money, "/api/v1/projects", region_code=REGION)
    assert {p["code"]: p["total_investment"] for p in listed["items"]} == {"A": "800.00", "B": "287.2345"}


async def test_a_reports_amounts_and_computed_totals_keep_their_scale(money):
    report = money["created"]  # B's April report, as the create answered
    assert (report["investment_completed"], report["funds_in_place"]) == ("0.75", "0.00")
    assert report["computed"]["year_to_date_completed"] == "0.75"
    assert report["computed"]["year_planned_investment"] == "0.50"
    assert report["computed"]["total_investment"] == "287.2345"
    assert report["computed"]["year_plan_rate"] == "150.00"


async def test_the_dossier_carries_the_registrys_amounts_with_their_scale(money):
    dossier = await _get(money, f"/api/v1/dossiers/{money['ids']['A']}")
    assert dossier["complete"] is True, dossier["missing"]
    assert dossier["project"]["total_investment"] == "800.00"
    [report] = dossier["reports"]
    assert (report["investment_completed"], report["funds_in_place"]) == ("0.25", "100.00")
    completion = dossier["completion"]
    assert (completion["year_to_date_completed"], completion["year_planned_investment"]) == ("0.25", "1200.50")


async def test_statistics_and_the_dashboard_sum_to_amounts_with_their_scale(money):
    """800 + 287.2345 keeps four places; 1200.5 + 0.5 and 0.25 + 0.75 are whole numbers and read "…00"."""
    stats = await _get(money, "/api/v1/statistics", region_code=REGION, year=2026, month=4)
    totals = stats["totals"]
    assert (totals["total_investment"], totals["planned_investment"]) == ("1087.2345", "1201.00")
    assert stats["completion"]["completed_investment"] == "1.00"
    assert stats["completion"]["planned_investment"] == "1201.00"
    dashboard = await _get(money, "/api/v1/dashboard", region_code=REGION, year=2026)
    assert dashboard["statistics"]["totals"]["total_investment"] == "1087.2345"
    assert dashboard["statistics"]["totals"]["planned_investment"] == "1201.00"
