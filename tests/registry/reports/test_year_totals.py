"""Year-to-date totals of a whole region in one call (what a scoring run reads): every project on the year's
list with its plan, its submitted or verified monthly reports summed from January, and its late reports."""

from __future__ import annotations

from decimal import Decimal

from tests.registry.reports.clerk import Clerk

URL = "/api/v1/progress-reports/year-totals"


async def test_year_totals_sum_counted_reports_and_count_late_ones_per_project(clerk: Clerk):
    clerk.at("2026-03-10T10:00:00+08:00")
    one = await clerk.project("LC-001", plan="100")
    two = await clerk.project("LC-002", plan="50")
    await clerk.project("LC-003")  # no plan of the year: not on the list, left out
    await clerk.submitted(one, "2026-03", "1")
    clerk.at("2026-04-28T10:00:00+08:00")
    await clerk.submitted(one, "2026-04", "2")  # after April's due instant: late
    clerk.at("2026-05-10T10:00:00+08:00")
    draft = await clerk.report(one, "2026-05", investment_completed="3")  # a draft is not counted
    assert draft.status_code == 201, draft.text

    def totals(body: list[dict]) -> dict[str, tuple[Decimal, Decimal, int]]:
        return {
            r["project_id"]: (Decimal(r["planned_investment"]), Decimal(r["investment_completed"]), r["late_reports"])
            for r in body
        }

    april = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-04"}, headers=clerk.office)
    assert april.status_code == 200, april.text
    assert totals(april.json()) == {one: (Decimal(100), Decimal(3), 1), two: (Decimal(50), Decimal(0), 0)}
    march = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-03"}, headers=clerk.office)
    assert totals(march.json())[one] == (Decimal(100), Decimal(1), 0)
    may = await clerk.client.get(
        URL, params={"region_code": "410324", "through": "2026-05", "late_from": "2026-05"}, headers=clerk.office
    )
    assert totals(may.json())[one] == (Decimal(100), Decimal(3), 0)  # April's lateness is outside May


async def test_year_totals_sum_funds_in_place_and_give_the_latest_physical_percent(clerk: Clerk):
    """资金争取 and 实施进度 (清水, seed 003 §17) read the money in place and the physical progress the reports state:
    funds summed like the investment (drafts left out), the 形象进度 % of the latest counted report stating one."""
    clerk.at("2026-03-10T10:00:00+08:00")
    one = await clerk.project("LC-001", plan="100")
    two = await clerk.project("LC-002", plan="50")
    await clerk.submitted(one, "2026-02", "1", funds_in_place="30", physical_percent="10")
    await clerk.submitted(one, "2026-03", "1", funds_in_place="20.50")  # states no percent: February's stays
    clerk.at("2026-04-10T10:00:00+08:00")
    draft = await clerk.report(one, "2026-04", investment_completed="1", funds_in_place="99", physical_percent="90")
    assert draft.status_code == 201, draft.text
    resp = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-04"}, headers=clerk.office)
    rows = {r["project_id"]: r for r in resp.json()}
    assert (rows[one]["funds_in_place"], rows[one]["physical_percent"], rows[one]["physical_period_start"]) == (
        "50.50", "10.00", "2026-02-01")
    assert (rows[two]["funds_in_place"], rows[two]["physical_percent"]) == ("0.00", None)


async def test_year_totals_refuse_a_week_or_a_late_from_after_through(clerk: Clerk):
    week = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-W19"}, headers=clerk.office)
    assert week.status_code == 422
    assert week.json()["errors"][0]["field"] == "query.through"
    after = await clerk.client.get(
        URL, params={"region_code": "410324", "through": "2026-04", "late_from": "2026-05"}, headers=clerk.office
    )
    assert after.status_code == 422
    assert after.json()["errors"][0]["field"] == "query.late_from"


async def test_year_totals_are_for_the_office_not_units(clerk: Clerk):
    resp = await clerk.client.get(
        URL, params={"region_code": "410324", "through": "2026-04"}, headers=clerk.unit("交通局")
    )
    assert resp.status_code == 403


async def test_a_weekly_region_totals_its_weeks_by_the_month_of_their_thursday_and_counts_missing_weeks(clerk: Clerk):
    """惠济 (seed 004) reports weekly, due Friday 18:00: its year totals sum the weekly reports (an ISO week counts in
    the month of its Thursday, so each week in exactly one month) and count each week due without a report once;
    a month label is no period of its reports, so the overdue and timeliness reads refuse one."""
    await clerk.set_policy("report_due", {"period_kind": "weekly", "due_day": 5, "due_time": "18:00"})
    clerk.at("2026-04-27T10:00:00+08:00")
    one = await clerk.project("LC-001", plan="100")
    clerk.at("2026-04-30T10:00:00+08:00")  # W18: Monday 27 April, Thursday 30 April → April
    await clerk.submitted(one, "2026-W18", "2")
    clerk.at("2026-05-07T10:00:00+08:00")  # W19: Thursday 7 May → May
    await clerk.submitted(one, "2026-W19", "3")
    clerk.at("2026-05-16T10:00:00+08:00")  # W20 (due Friday 15 May 18:00) never filed: missing
    april = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-04"}, headers=clerk.office)
    assert april.status_code == 200, april.text
    [row] = april.json()
    assert (row["investment_completed"], row["late_reports"], row["missing_reports"]) == ("2.00", 0, 0)
    may = await clerk.client.get(URL, params={"region_code": "410324", "through": "2026-05", "late_from": "2026-05"},
                                 headers=clerk.office)
    [row] = may.json()
    assert (row["investment_completed"], row["late_reports"], row["missing_reports"]) == ("5.00", 0, 1)
    for path in ("/api/v1/progress-reports/overdue", "/api/v1/progress-reports/timeliness"):
        month = await clerk.client.get(path, params={"region_code": "410324", "period": "2026-05"},
                                       headers=clerk.office)
        assert (month.status_code, month.json()["code"]) == (422, "period_kind_mismatch")
        week = await clerk.client.get(path, params={"region_code": "410324", "period": "2026-W20"},
                                      headers=clerk.office)
        assert week.status_code == 200, week.text
