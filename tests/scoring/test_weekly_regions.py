"""A region whose projects report weekly scores on its weekly reports (惠济, seed 004: "每周五18:00前 …准确报送项目进展
报表"): on-time weekly reports give the 实施进度 they add up to and no late-or-missing deduction; a week missed or
filed late is deducted once, in the region's own cadence; the scoring run never asks for month periods."""

from __future__ import annotations

from datetime import date, timedelta

from tests.scoring.conftest import COMPLIANCE, PROGRESS, REGION

# 惠济's rule: weekly, due Friday 18:00, a Friday off moved to the working day before (the shipped preset)
HUIJI = {"period_kind": "weekly", "due_day": 5, "due_time": "18:00", "non_working_day": "previous_working_day"}


def q3_weeks() -> list[tuple[str, date]]:
    """The ISO weeks that count in 2026-Q3 (their Thursday falls in July–September: 2026-W27 … 2026-W39), each
    with its Thursday."""
    monday, weeks = date(2026, 6, 29), []
    while monday + timedelta(days=3) <= date(2026, 9, 30):
        iso = monday.isocalendar()
        weeks.append((f"{iso.year}-W{iso.week:02d}", monday + timedelta(days=3)))
        monday += timedelta(days=7)
    return weeks


async def test_on_time_weekly_reports_give_their_progress_and_no_late_report_deduction(desk):
    """惠济 (seed 004): weekly reports by Friday 18:00. A project filing every week of the quarter on Thursday is on
    time: 实施进度 = 60 × the weeks' investment ÷ the year plan, and no 迟报漏报 deduction. A project that missed one
    week and filed another on Saturday loses points twice — once per week, not per month."""
    desk.at("2026-06-20")
    resp = await desk.registry.put(f"/api/v1/policies/{REGION}/report_due", json=HUIJI, headers=desk.office)
    assert resp.status_code == 200, resp.text
    steady = await desk.project("A", plan="1000")
    patchy = await desk.project("B", plan="1000")
    weeks = q3_weeks()
    assert (weeks[0][0], weeks[-1][0], len(weeks)) == ("2026-W27", "2026-W39", 13)
    for label, thursday in weeks:
        desk.at(thursday.isoformat())
        await desk.report(steady, label, "50")
        if label == "2026-W31":
            desk.at((thursday + timedelta(days=2)).isoformat())  # Saturday: after Friday 18:00, late
        if label != "2026-W30":  # never filed
            await desk.report(patchy, label, "50")
    desk.at("2026-10-01")
    await desk.report(steady, "2026-W40", "999")  # Thursday 1 October: a week of October, not of Q3
    desk.at("2026-10-10")
    scheme = await desk.scheme("weekly", [PROGRESS, COMPLIANCE], total_points="75")
    run = await desk.run(scheme, "2026-Q3")
    results = {r["subject_code"]: r for r in await desk.results(run)}
    a = {d["code"]: d for d in results["A"]["dimensions"]}
    assert a["progress"]["score"] == "39.00"  # 60 × 13 × 50 ÷ 1000
    assert "650" in a["progress"]["explanation"] and "1000" in a["progress"]["explanation"]
    assert a["compliance"]["score"] == "15.00"
    assert a["compliance"]["explanation"].startswith("无扣分事项")
    b = {d["code"]: d for d in results["B"]["dimensions"]}
    assert b["progress"]["score"] == "36.00"  # 12 weeks filed
    assert b["compliance"]["score"] == "9.00"  # W30 missing, W31 late: 15 − 2 × 3
    assert "进度报告迟报漏报 2 次 × 3" in b["compliance"]["explanation"]
    inputs = (await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)).json()
    calls = inputs["inputs"]["calls"]
    assert [c for c in calls if "progress-reports" in c] == [
        "registry GET /api/v1/progress-reports/year-totals "
        "[('late_from', '2026-07'), ('region_code', '410324'), ('through', '2026-09')]"]


async def test_a_department_of_a_weekly_region_loses_points_for_its_weeks_late_or_missing(desk):
    """The same rule for units (清水's yearly department ranking, 惠济's cadence): a responsible unit is deducted
    for its projects' weeks late or missing, and nothing for weeks filed on time."""
    desk.at("2026-06-20")
    resp = await desk.registry.put(f"/api/v1/policies/{REGION}/report_due", json=HUIJI, headers=desk.office)
    assert resp.status_code == 200, resp.text
    pid = await desk.project("A", plan="1000")
    for label, thursday in q3_weeks():
        if label != "2026-W35":
            desk.at(thursday.isoformat())
            await desk.report(pid, label, "10")
    desk.at("2026-10-10")
    scheme = await desk.scheme("dept", [{"code": "c", "name": "制度履行", "weight": "100", "kind": "deductions",
                                         "per_event": {"late_report": "10"}}], subject_kind="department")
    by_name = {r["subject_name"]: r for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert by_name["栾川县交通运输局"]["total"] == "90.00"  # one week missing
    assert by_name["栾川县发展和改革委员会"]["total"] == "100.00"
