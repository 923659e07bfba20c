"""Money within what the database holds: every amount in 万元 is at most 11 integer digits and 4 places, checked
at the edge (a 422 naming the field, in Chinese), and the largest allowed amount reads back exactly, on SQLite
(where a NUMERIC is a REAL) as on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.registry.conftest import REGION
from tests.registry.project_lists.sheets import make_xlsx, row, upload

LARGEST = "99999999999.9999"  # 11 integer digits, 4 places: 15 significant digits


async def test_the_largest_amount_reads_back_exactly_from_the_project_its_plan_its_report_and_the_lists(county):
    project = await county.project("MAX", total_investment=LARGEST)
    pid = project["id"]
    assert project["total_investment"] == LARGEST
    plan = await county.client.put(
        f"/api/v1/projects/{pid}/year-plans/2026", json={"planned_investment": LARGEST}, headers=county.office
    )
    assert plan.status_code == 200, plan.text
    report = await county.client.post(
        f"/api/v1/projects/{pid}/progress-reports",
        json={"period": "2026-05", "investment_completed": LARGEST, "funds_in_place": "0.0001",
              "physical_progress": "主体施工", "physical_percent": "100"},
        headers=county.office,
    )
    assert report.status_code == 201, report.text

    read = await county.client.get(f"/api/v1/projects/{pid}?year=2026", headers=county.office)
    assert read.status_code == 200, read.text
    assert read.json()["total_investment"] == LARGEST
    assert read.json()["year_plans"][0]["planned_investment"] == LARGEST
    listed = await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)
    assert listed.status_code == 200, listed.text
    assert [p["total_investment"] for p in listed.json()["items"]] == [LARGEST]
    again = await county.client.get(f"/api/v1/progress-reports/{report.json()['id']}", headers=county.office)
    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["investment_completed"], body["funds_in_place"]) == (LARGEST, "0.0001")
    assert body["computed"]["year_to_date_completed"] == LARGEST  # a sum in SQL, still exact
    stats = await county.client.get(
        "/api/v1/statistics", params={"region_code": REGION, "year": 2026}, headers=county.office
    )
    assert stats.status_code == 200, stats.text
    assert stats.json()["totals"]["total_investment"] == LARGEST


@pytest.mark.parametrize(
    "amount",
    [
        "99999999999999.9999",  # what the database once turned into a float and every read into a 500
        "100000000000",  # one integer digit too many
        "1.00001",  # one place too many
        "1e12",
        "NaN",
    ],
)
async def test_an_amount_past_the_limit_is_a_422_naming_the_field_in_chinese(county, amount):
    resp = await county.client.post(
        "/api/v1/projects",
        headers=county.office,
        json={"region_code": REGION, "code": "BIG", "name": "x", "total_investment": amount,
              "responsible_unit_id": county.units["交通局"]},
    )
    assert resp.status_code == 422, resp.text
    problem = resp.json()
    assert [e["field"] for e in problem["errors"]] == ["body.total_investment"]
    assert "最多 11 位整数、4 位小数" in problem["errors"][0]["message"]
    assert problem["detail"].startswith("body.total_investment：金额(万元)")
    listed = await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)
    assert listed.json()["items"] == []


async def test_every_amount_field_of_plans_and_reports_has_the_same_limit(county):
    pid = (await county.project("P1"))["id"]
    plan = await county.client.put(
        f"/api/v1/projects/{pid}/year-plans/2026", json={"planned_investment": "100000000000"}, headers=county.office
    )
    assert plan.status_code == 422
    assert plan.json()["errors"][0]["field"] == "body.planned_investment"
    for field, value in (("investment_completed", "100000000000"), ("funds_in_place", "0.00001"),
                         ("physical_percent", "100.01"), ("physical_percent", "45.555")):
        resp = await county.client.post(
            f"/api/v1/projects/{pid}/progress-reports",
            json={"period": "2026-05", "physical_progress": "主体施工", field: value},
            headers=county.office,
        )
        assert resp.status_code == 422, (field, value, resp.text)
        assert resp.json()["errors"][0]["field"] == f"body.{field}"
    patch = await county.client.patch(
        f"/api/v1/projects/{pid}", json={"latitude": "33.1234567"}, headers=county.office
    )
    assert patch.status_code == 422
    assert patch.json()["errors"][0]["field"] == "body.latitude"


async def test_the_yearly_list_import_refuses_an_amount_past_the_limit_with_its_row_and_column(county):
    data = make_xlsx([row(), row(项目编号="LC-002", **{"总投资(万元)": "99999999999999.9999"})])
    resp = await upload(county, data)
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["rows.4.总投资(万元)"]
    listed = await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)
    assert listed.json()["items"] == []


async def test_the_yearly_list_import_keeps_the_largest_amount_exactly(county):
    resp = await upload(county, make_xlsx([row(**{"总投资(万元)": LARGEST})]))
    assert resp.status_code == 201, resp.text
    pid = resp.json()["results"][0]["project_id"]
    read = await county.client.get(f"/api/v1/projects/{pid}", headers=county.office)
    assert read.json()["total_investment"] == LARGEST


async def test_energy_use_in_a_query_has_the_money_limit_too(county):
    async def ask(tce: str):
        return await county.client.get(
            "/api/v1/procedures/energy-review-level",
            params={"region_code": REGION, "energy_use_tce": tce},
            headers=county.office,
        )

    ok = await ask(LARGEST)
    assert ok.status_code == 200, ok.text
    assert (ok.json()["energy_use_tce"], ok.json()["level"]) == (LARGEST, "province")
    for bad in ("100000000000", "1.00001", "-1"):
        resp = await ask(bad)
        assert resp.status_code == 422, (bad, resp.text)
        assert [e["field"] for e in resp.json()["errors"]] == ["query.energy_use_tce"]
        assert "吨标准煤" in resp.json()["errors"][0]["message"]


async def test_a_policy_threshold_past_the_limit_is_refused(county):
    resp = await county.client.put(
        f"/api/v1/policies/{REGION}/tiers?year=2026", json={"city_key_total": "100000000000"}, headers=county.office
    )
    assert resp.status_code == 422, resp.text
    assert any(e["field"].endswith("city_key_total") for e in resp.json()["errors"])
