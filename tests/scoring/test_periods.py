"""Two-month (双月) and half-year (半年) periods (issue 19): 郸城 reviews its key projects every two months (seed 002,
"单月调度，双月点评"; "每两个月观摩点评 1 次"). 2026-B1 is January–February … 2026-B6 November–December; 2026-H1
January–June, 2026-H2 July–December. A run reads the months inside its period for the reports late or missing,
and the year-to-date investment at the period's end (序时进度)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from tests.scoring.conftest import COMPLIANCE, PROGRESS, REGION
from tests.scoring.test_sheets import CRITERIA
from tests.scoring.test_weekly_regions import HUIJI
from tests.xlsx_checks import chinese_file_name


async def _monthly(desk, code: str, amounts: dict[str, str]) -> str:
    """A project registered on 5 January with a 1000 plan, filing each month of ``amounts`` on its 5th."""
    desk.at("2026-01-05")
    pid = await desk.project(code, plan="1000")
    for month, amount in amounts.items():
        desk.at(f"{month}-05")
        await desk.report(pid, month, amount)
    return pid


async def _inputs(desk, run: dict) -> dict:
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)
    assert resp.status_code == 200, resp.text
    return resp.json()["inputs"]


async def test_b2_covers_march_and_april_reports_only(desk):
    """2026-B2 is March–April: a report missed in February or in May is no 迟报漏报 of B2, one missed in April is;
    实施进度 is the year-to-date investment at 30 April (January's and March's count, May's not)."""
    full = await _monthly(desk, "A", {"2026-01": "100", "2026-03": "200", "2026-04": "300", "2026-05": "400"})
    gap = await _monthly(desk, "B", {"2026-01": "100", "2026-02": "100", "2026-03": "100", "2026-05": "100"})
    desk.at("2026-06-20")
    scheme = await desk.scheme("dancheng", [PROGRESS, COMPLIANCE], period_kind="bimonth", total_points="75")
    assert scheme["period_kind"] == "bimonth"
    run = await desk.run(scheme, "2026-B2")
    assert (run["period"], run["period_start"], run["period_end"]) == ("2026-B2", "2026-03-01", "2026-04-30")
    results = {r["subject_code"]: r for r in await desk.results(run)}
    a = {d["code"]: d for d in results["A"]["dimensions"]}
    assert a["progress"]["score"] == "36.00"  # 60 × (100 + 200 + 300) ÷ 1000; May's 400 not yet
    assert a["compliance"]["score"] == "15.00"  # February missed: not a month of B2
    b = {d["code"]: d for d in results["B"]["dimensions"]}
    assert b["progress"]["score"] == "18.00"  # 60 × 300 ÷ 1000
    assert b["compliance"]["score"] == "12.00"  # April missed: 15 − 3
    assert "进度报告迟报漏报 1 次 × 3" in b["compliance"]["explanation"]
    assert b["compliance"]["explanation"].endswith("（考核期 2026年3—4月：2026-03-01 至 2026-04-30）")
    calls = [c for c in (await _inputs(desk, run))["calls"] if "progress-reports" in c]
    assert calls == ["registry GET /api/v1/progress-reports/year-totals "
                     f"[('late_from', '2026-03'), ('region_code', '{REGION}'), ('through', '2026-04')]"]
    assert full and gap


async def test_h1_covers_january_through_june(desk):
    """2026-H1 is January–June: every month of the half-year counts (a report missed in February and one in
    June), July's does not; 实施进度 is the investment through 30 June."""
    amounts = {f"2026-{m:02d}": "50" for m in (1, 3, 4, 5, 7)}
    await _monthly(desk, "A", amounts)
    desk.at("2026-07-20")
    scheme = await desk.scheme("half", [PROGRESS, COMPLIANCE], period_kind="half_year", total_points="75")
    run = await desk.run(scheme, "2026-H1")
    assert (run["period_start"], run["period_end"]) == ("2026-01-01", "2026-06-30")
    [result] = await desk.results(run)
    dims = {d["code"]: d for d in result["dimensions"]}
    assert dims["progress"]["score"] == "12.00"  # 60 × 4 × 50 ÷ 1000; July's 50 not counted
    assert dims["compliance"]["score"] == "9.00"  # February and June missed: 15 − 2 × 3
    calls = [c for c in (await _inputs(desk, run))["calls"] if "progress-reports" in c]
    assert "('late_from', '2026-01')" in calls[0] and "('through', '2026-06')" in calls[0]


async def test_a_bimonth_scheme_refuses_a_month_and_a_bad_label(desk):
    """A run names a period of its scheme's kind: a two-month scheme refuses 2026-03 (period_kind_mismatch) and
    2026-B7 or 2026-B0 (no such two months), each a 422 naming 考核期."""
    scheme = await desk.scheme("dancheng", [{**PROGRESS, "weight": "100"}], period_kind="bimonth")
    for label, code in (("2026-03", "period_kind_mismatch"), ("2026-Q1", "period_kind_mismatch"),
                        ("2026-B7", "invalid_period"), ("2026-B0", "invalid_period")):
        resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": label},
                                      headers=desk.office)
        assert resp.status_code == 422 and resp.json()["code"] == code, (label, resp.text)
        assert resp.json()["errors"][0]["field"] == "body.period"
        assert "考核期" in resp.text, resp.text


async def test_the_explanation_names_the_period_and_the_ranking_exports(desk):
    """The explanations name the period: a ratio its year-to-date amounts at the period's end (序时进度), a
    deduction the dates of the period it counts in; a ranking of a two-month run publishes
    and exports under the period's Chinese name (2026年3—4月), and so does the notice."""
    await _monthly(desk, "A", {"2026-03": "500"})
    await _monthly(desk, "B", {"2026-03": "300"})
    desk.at("2026-06-20")
    scheme = await desk.scheme("dancheng", [{**PROGRESS, "weight": "100"}], period_kind="bimonth",
                               praise_size=1, criticism_size=1)
    run = await desk.run(scheme, "2026-B2")
    [best, _] = await desk.results(run)
    assert best["dimensions"][0]["explanation"].endswith("（年度累计截至 2026-04-30，考核期 2026年3—4月）"), best
    resp = await desk.publish(run)
    assert resp.status_code == 200, resp.text
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/ranking.xlsx", headers=desk.viewer)
    assert resp.status_code == 200, resp.text
    assert chinese_file_name(resp.headers["content-disposition"]) == "方案dancheng2026年3—4月排名.xlsx"
    ws = load_workbook(io.BytesIO(resp.content))["排名"]
    assert any("2026年3—4月" in str(c.value) for row in ws.iter_rows(max_row=2) for c in row if c.value)
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/notice.docx", headers=desk.office)
    assert resp.status_code == 200, resp.text
    assert "2026年3—4月" in chinese_file_name(resp.headers["content-disposition"])


async def test_the_period_kinds_carry_chinese_labels_and_a_round_takes_two_months(desk):
    """Every period kind has its zh-CN label (双月, 半年) in the contract, and an observation round
    (观摩打分) may be of two months, as 郸城's reviews are."""
    resp = await desk.client.get("/openapi.json")
    assert resp.status_code == 200, resp.text
    labels = {}
    for schema in resp.json()["components"]["schemas"].values():
        if "bimonth" in (schema.get("enum") or []):
            labels = schema.get("x-enum-labels") or {}
    assert labels.get("bimonth") == "双月" and labels.get("half_year") == "半年", labels
    desk.at("2026-04-20")
    a = await desk.project("A")
    body = {"region_code": REGION, "name": "2026年3—4月重点项目观摩点评", "period": "2026-B2", "deadline": "2026-05-20",
            "criteria": CRITERIA, "project_ids": [a], "scorers": [{"id": "scorer:张", "name": "张"}]}
    resp = await desk.client.post("/api/v1/scoring-rounds", json=body, headers=desk.office)
    assert resp.status_code == 201, resp.text
    assert resp.json()["period"] == "2026-B2"
    resp = await desk.client.post("/api/v1/scoring-rounds", json={**body, "period": "2026-B9"}, headers=desk.office)
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "body.period", resp.text


async def test_a_half_year_rolls_up_its_three_two_month_rankings(desk):
    """A roll-up averages the published totals of the periods inside its own: 2026-H1 holds B1, B2 and B3 (and
    not B4), each scored on the year-to-date investment at its end (序时进度)."""
    await _monthly(desk, "A", {"2026-01": "100", "2026-03": "100", "2026-05": "100", "2026-07": "600"})
    desk.at("2026-08-20")
    bimonth = await desk.scheme("dancheng", [{**PROGRESS, "weight": "100"}], period_kind="bimonth")
    for label in ("2026-B1", "2026-B2", "2026-B3", "2026-B4"):
        resp = await desk.publish(await desk.run(bimonth, label))
        assert resp.status_code == 200, resp.text
    half = await desk.scheme("half", [{"code": "r", "name": "双月点评汇总", "weight": "100", "kind": "rollup",
                                       "sources": [{"scheme_code": "dancheng", "weight": "1"}]}],
                             period_kind="half_year")
    [result] = await desk.results(await desk.run(half, "2026-H1"))
    assert result["total"] == "20.00", result  # (10 + 20 + 30) ÷ 3; B4's 90 is of H2


async def test_a_weekly_region_counts_the_weeks_of_the_two_months(desk):
    """惠济 reports weekly (seed 004): a two-month period counts the ISO weeks whose Thursday falls in its months,
    as a quarter does. A week missed in February is not a week of B2; one missed in April is."""
    desk.at("2026-01-02")
    resp = await desk.registry.put(f"/api/v1/policies/{REGION}/report_due", json=HUIJI, headers=desk.office)
    assert resp.status_code == 200, resp.text
    pid = await desk.project("A", plan="1000")
    thursday, filed = date(2026, 2, 5), 0
    while thursday <= date(2026, 4, 30):
        iso = thursday.isocalendar()
        label = f"{iso.year}-W{iso.week:02d}"
        if thursday not in (date(2026, 2, 12), date(2026, 4, 16)):  # a February week and an April week missed
            desk.at(thursday.isoformat())
            await desk.report(pid, label, "10")
            filed += 1
        thursday += timedelta(days=7)
    desk.at("2026-05-20")
    scheme = await desk.scheme("weekly", [PROGRESS, COMPLIANCE], period_kind="bimonth", total_points="75")
    [result] = await desk.results(await desk.run(scheme, "2026-B2"))
    dims = {d["code"]: d for d in result["dimensions"]}
    assert dims["compliance"]["score"] == "12.00", dims  # only the April week: 15 − 3
    assert dims["progress"]["score"] == f"{60 * filed * 10 / 1000:.2f}"  # every week filed through April
