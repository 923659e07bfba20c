"""Quarterly written reports (季度书面报告, 楚雄 seed 001: "各责任单位于4月15日、7月15日、10月15日前专题向州人民政府
作书面报告, …1月10日前综合报告…"): due days per the region's policy, one per project and quarter, written by the
project's responsible unit and reviewed by the office."""

from __future__ import annotations

import pytest

from tests.registry.reports.clerk import Clerk

REGION = "410324"
URL = "/api/v1/quarterly-reports"
DUE = f"{URL}/due?region_code={REGION}"


@pytest.fixture
def clerk(stack, county) -> Clerk:
    c = Clerk(stack, county)
    c.at("2026-04-10T10:00:00+08:00")
    return c


async def _require(clerk: Clerk) -> None:
    """Turn on quarterly written reports for the county (the policy's default days are 楚雄's)."""
    resp = await clerk.client.put(f"/api/v1/policies/{REGION}/quarterly_reports", json={"required": True},
                                  headers=clerk.office)
    assert resp.status_code == 200, resp.text


async def _write(clerk: Clerk, project_id: str, year: int = 2026, quarter: int = 1, headers=None, **fields):
    body = {"project_id": project_id, "year": year, "quarter": quarter, "progress": "一季度完成投资1200万元",
            "problems": "征地滞后", "next_steps": "加快征地", **fields}
    return await clerk.client.post(URL, json=body, headers=headers or clerk.unit("交通局"))


async def _due(clerk: Clerk, year: int, quarter: int) -> list[dict]:
    resp = await clerk.client.get(f"{DUE}&year={year}&quarter={quarter}", headers=clerk.office)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def test_due_days_follow_the_policy_and_q4_is_due_on_10_january_next_year(clerk: Clerk):
    """楚雄's days: Q1 by 04-15, Q2 by 07-15, Q3 by 10-15, Q4 by 01-10 of the next year."""
    await _require(clerk)
    await clerk.project("LC-A")
    days = [(await _due(clerk, 2026, q))[0]["due_date"] for q in (1, 2, 3, 4)]
    assert days == ["2026-04-15", "2026-07-15", "2026-10-15", "2027-01-10"]
    created = await _write(clerk, await clerk.project("LC-B"), quarter=4)
    assert created.json()["due_date"] == "2027-01-10", created.text


async def test_a_missing_report_is_overdue_after_the_due_day_in_working_days(clerk: Clerk):
    """On the due day a missing report is not overdue; after it, it is, counted in working days on the region's
    calendar (2026-04-15 is a Wednesday: on Monday 04-20 it is 3 working days late)."""
    await _require(clerk)
    await clerk.project("LC-A")
    clerk.at("2026-04-15T20:00:00+08:00")
    [row] = await _due(clerk, 2026, 1)
    assert (row["overdue"], row["overdue_working_days"]) == (False, 0)
    clerk.at("2026-04-20T09:00:00+08:00")
    [row] = await _due(clerk, 2026, 1)
    assert (row["project_code"], row["overdue"], row["overdue_working_days"]) == ("LC-A", True, 3)


async def test_a_submitted_report_is_no_longer_missing_but_a_draft_still_is(clerk: Clerk):
    """Missing means not handed in: a draft stays on the due list, a submitted one leaves it."""
    await _require(clerk)
    a = await clerk.project("LC-A")
    draft = (await _write(clerk, a)).json()
    assert [r["project_code"] for r in await _due(clerk, 2026, 1)] == ["LC-A"]
    resp = await clerk.client.post(f"{URL}/{draft['id']}/submit", headers=clerk.unit("交通局"))
    assert resp.status_code == 200 and resp.json()["status"] == "submitted", resp.text
    assert await _due(clerk, 2026, 1) == []


async def test_a_region_without_the_policy_requires_none(clerk: Clerk):
    """Quarterly written reports are off by default: nothing is due, even past the due day."""
    await clerk.project("LC-A")
    clerk.at("2026-05-20T09:00:00+08:00")
    assert await _due(clerk, 2026, 1) == []


async def test_one_report_per_project_and_quarter(clerk: Clerk):
    """A second report for the same project and quarter is 409; another quarter is fine."""
    a = await clerk.project("LC-A")
    assert (await _write(clerk, a)).status_code == 201
    again = await _write(clerk, a)
    assert (again.status_code, again.json()["code"]) == (409, "quarterly_report_exists")
    assert (await _write(clerk, a, quarter=2)).status_code == 201


async def test_the_responsible_unit_writes_and_the_office_reviews(clerk: Clerk):
    """Another unit may not write the project's report; the unit may not accept its own; the office returns it with a
    reason, the unit edits (If-Match) and submits again, the office accepts it, and then it cannot be edited."""
    a = await clerk.project("LC-A")
    refused = await _write(clerk, a, headers=clerk.unit("发改委"))
    assert refused.status_code in (403, 422), refused.text
    created = await _write(clerk, a)
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert (await clerk.client.post(f"{URL}/{rid}/submit", headers=clerk.unit("交通局"))).status_code == 200
    own = await clerk.client.post(f"{URL}/{rid}/accept", headers=clerk.unit("交通局"))
    assert own.status_code == 403
    returned = await clerk.client.post(f"{URL}/{rid}/return", json={"reason": "投资数据与月报不符"},
                                       headers=clerk.office)
    assert (returned.json()["status"], returned.json()["return_reason"]) == ("returned", "投资数据与月报不符")
    url = f"{URL}/{rid}"
    assert (await clerk.client.patch(url, json={"progress": "改"}, headers=clerk.unit("交通局"))).status_code == 428
    etag = (await clerk.client.get(url, headers=clerk.unit("交通局"))).headers["ETag"]
    edited = await clerk.client.patch(url, json={"progress": "一季度完成投资1100万元"},
                                      headers={**clerk.unit("交通局"), "If-Match": etag})
    assert edited.status_code == 200, edited.text
    assert (await clerk.client.post(f"{URL}/{rid}/submit", headers=clerk.unit("交通局"))).status_code == 200
    accepted = await clerk.client.post(f"{URL}/{rid}/accept", headers=clerk.office)
    assert accepted.json()["status"] == "accepted", accepted.text
    late_edit = await clerk.client.patch(url, json={"progress": "x"},
                                         headers={**clerk.unit("交通局"), "If-Match": accepted.headers["ETag"]})
    assert late_edit.json()["code"] == "quarterly_report_not_editable"
    listed = await clerk.client.get(f"{URL}?region_code={REGION}&status=accepted&quarter=1", headers=clerk.office)
    assert [r["id"] for r in listed.json()["items"]] == [rid]


async def test_another_regions_report_is_not_found(clerk: Clerk):
    """Another region's office sees no report of this county (404), and may not read its due list (403)."""
    a = await clerk.project("LC-A")
    rid = (await _write(clerk, a)).json()["id"]
    assert (await clerk.client.get(f"{URL}/{rid}", headers=clerk.other_office)).status_code == 404
    assert (await clerk.client.post(f"{URL}/{rid}/accept", headers=clerk.other_office)).status_code == 404
    resp = await clerk.client.get(f"{DUE}&year=2026&quarter=1", headers=clerk.other_office)
    assert resp.status_code == 403


def test_chuxiong_preset_requires_reports_by_the_seed_days_and_the_default_requires_none():
    """楚雄 (seed 001) requires the reports by 4月15日, 7月15日, 10月15日 and 1月10日 (Q4, next year); the shipped
    default is off."""
    from tuijin.registry.policies import QUARTERLY_REPORT_PRESETS, QuarterlyReportRule

    chuxiong = QUARTERLY_REPORT_PRESETS["chuxiong"]
    assert chuxiong.required is True
    assert [(d.month, d.day) for d in map(chuxiong.due_of, (1, 2, 3, 4))] == [(4, 15), (7, 15), (10, 15), (1, 10)]
    assert QuarterlyReportRule().required is False
