"""清水's five dimensions scored from the inputs the seed names (seed 003 §17 "重点从项目谋划储备、资金争取、
实施进度、制度履行、投资完成率5个方面，每月进行阶段性评价"): 谋划储备 from the reserve library the unit
built (§1), 资金争取 from the money obtained (funds in place, central budget and bond money secured; §1, §3
"资金到位率"), 实施进度 from the node plan and physical progress (§16 "重点对照项目推进计划"), no longer the
ratio 投资完成率 already measures."""

from __future__ import annotations

from typing import Any

from tests.scoring.conftest import PROGRESS, REGION

RESERVE = {"code": "reserve", "name": "谋划储备", "weight": "20", "kind": "reserve",
           "per_entry": {"county": "4", "department": "2", "township": "2"}, "per_promotion": "4"}
FUNDS = {"code": "funds", "name": "资金争取", "weight": "5", "kind": "funds", "in_place_points": "3",
         "won_channels": ["central_budget", "special_bonds"],
         "won_bands": [{"min": "1000", "points": "2"}, {"min": "0", "points": "1"}]}
SCHEDULE = {"code": "schedule", "name": "实施进度", "weight": "20", "kind": "schedule", "nodes_points": "12",
            "physical_points": "8"}
COMPLETION = {**PROGRESS, "code": "completion", "name": "投资完成率", "weight": "80"}


async def _report(desk, project_id: str, period: str, investment: str, **fields: Any) -> None:
    resp = await desk.registry.post(f"/api/v1/projects/{project_id}/progress-reports", json={
        "period": period, "physical_progress": "主体施工", "investment_completed": investment, "submit": True,
        **fields}, headers=desk.unit("交通局"))
    assert resp.status_code == 201, resp.text


async def _node(desk, project_id: str, name: str, kind: str, planned: str, actual: str | None = None) -> None:
    resp = await desk.registry.post(f"/api/v1/projects/{project_id}/milestones", json={
        "name": name, "kind": kind, "planned_date": planned, "actual_date": actual}, headers=desk.office)
    assert resp.status_code == 201, resp.text


async def _entry(desk, code: str, unit: str, level: str = "county") -> str:
    project = await desk.project(code, plan=None, stage="reserve", responsible_unit_id=desk.units[unit])
    resp = await desk.registry.post("/api/v1/reserve-entries", json={
        "project_id": project, "level": level, "proposing_unit_id": desk.units[unit], "category": "ordinary",
        "planned_first_year": "300", "proposed_year": 2027}, headers=desk.office)
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


async def _secured(desk, project_id: str, channel: str, amount: str, status: str = "secured") -> None:
    resp = await desk.registry.post("/api/v1/financing-needs", json={
        "project_id": project_id, "year": 2026, "amount": amount, "channel": channel, "status": status},
        headers=desk.office)
    assert resp.status_code == 201, resp.text


def _dims(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["code"]: d for d in result["dimensions"]}


async def test_a_unit_with_more_reserve_entries_promoted_scores_higher_on_planning(desk):
    """谋划储备 counts the library the unit built (seed 003 §1 "建立年度县级、部门、乡镇三级重点建设项目综合滚动
    储备库"), and more for the entries selected into the list; the size of its investment does not enter."""
    transport = [await _entry(desk, f"R{i}", "交通局") for i in range(2)]
    for i in range(2):
        await _entry(desk, f"F{i}", "发改委")
    resp = await desk.registry.post("/api/v1/reserve-entries/promotions", json={
        "year": 2027, "items": [{"entry_id": e, "to_stage": "new_start"} for e in transport]}, headers=desk.office)
    assert resp.status_code == 200, resp.text
    scheme = await desk.scheme("reserve", [RESERVE], subject_kind="department", period_kind="year",
                               total_points="20")
    results = {r["subject_name"]: r for r in await desk.results(await desk.run(scheme, "2026"))}
    transport_dim = _dims(results["栾川县交通运输局"])["reserve"]
    planning_dim = _dims(results["栾川县发展和改革委员会"])["reserve"]
    assert transport_dim["score"] == "16.00"  # 2 county entries × 4 + 2 promoted × 4
    assert planning_dim["score"] == "8.00"  # 2 county entries × 4, none promoted
    assert "县级储备库入库 2 个 × 4" in transport_dim["explanation"]
    assert "纳入年度清单 2 个 × 4" in transport_dim["explanation"]
    assert "储备库入库与纳入清单" in planning_dim["explanation"]  # the inputs it used


async def test_a_project_scores_its_responsible_units_reserve_library_not_its_investment(desk):
    """A project ranking evaluates the project unit (项目单位): a huge project of a unit with no reserve entries
    scores 0, a small one of a unit that built its library scores on it."""
    await _entry(desk, "R0", "发改委", level="department")
    big = await desk.project("BIG", total_investment="900000")
    small = await desk.project("SMALL", total_investment="600", responsible_unit_id=desk.units["发改委"])
    scheme = await desk.scheme("reserve", [RESERVE], total_points="20")
    results = {r["subject_id"]: r for r in await desk.results(await desk.run(scheme, "2026-Q4"))}
    assert _dims(results[big])["reserve"]["score"] == "0.00"
    assert _dims(results[small])["reserve"]["score"] == "2.00"
    assert "项目单位储备库：部门储备库入库 1 个 × 2" in _dims(results[small])["reserve"]["explanation"]


async def test_entries_made_after_the_period_do_not_count(desk):
    """A run of a past period sees the library as it stood at that period's end."""
    await _entry(desk, "R0", "交通局")  # on 2026-10-10, after the third quarter
    scheme = await desk.scheme("reserve", [RESERVE], subject_kind="department", total_points="20")
    results = {r["subject_name"]: r for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert _dims(results["栾川县交通运输局"])["reserve"]["score"] == "0.00"
    results = {r["subject_name"]: r for r in await desk.results(await desk.run(scheme, "2026-Q4"))}
    assert _dims(results["栾川县交通运输局"])["reserve"]["score"] == "4.00"


async def test_a_project_with_funds_in_place_scores_on_fund_acquisition_whatever_its_stage(desk):
    """资金争取 is the money obtained: the funds in place the reports state (资金到位率), and central budget or bond
    money secured; a 前期 project with funds scores like a 续建 one, a 新开工 one without funds scores nothing."""
    desk.at("2026-07-05")
    early = await desk.project("EARLY", stage="preliminary")
    going = await desk.project("GOING", stage="under_construction")
    fresh = await desk.project("FRESH", stage="new_start")
    won = await desk.project("WON", stage="new_start")
    for pid in (early, going):
        await _report(desk, pid, "2026-07", "100", funds_in_place="600")
    await _secured(desk, won, "central_budget", "1500")
    await _secured(desk, fresh, "policy_bank_loan", "3000")  # a loan is not money won from above
    await _secured(desk, fresh, "special_bonds", "2000", status="in_talks")  # not secured yet
    desk.at("2026-10-10")
    scheme = await desk.scheme("funds", [FUNDS], total_points="5")
    results = {r["subject_id"]: _dims(r)["funds"] for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert results[early]["score"] == results[going]["score"] == "1.80"  # 3 × 600 ÷ 1000
    assert results[fresh]["score"] == "0.00"
    assert results[won]["score"] == "2.00"  # central budget 1500 ≥ 1000
    assert "到位资金 600 ÷ 年度计划投资 1000" in results[early]["explanation"]
    assert "中央预算内投资、地方政府专项债券" in results[won]["explanation"]
    assert "融资需求清单已落实资金" in results[won]["explanation"]


async def test_a_project_with_its_node_plan_overdue_scores_lower_on_progress_not_on_completion(desk):
    """实施进度 follows the node plan (seed 003 §16 "重点对照项目推进计划") and physical progress; two projects with the
    same investment completed score the same 投资完成率, the one with a node overdue less on 实施进度."""
    desk.at("2026-07-05")
    kept, late = await desk.project("KEPT"), await desk.project("LATE")
    for pid in (kept, late):
        await _report(desk, pid, "2026-07", "500", physical_percent="50")
    desk.at("2026-10-10")
    for pid in (kept, late):
        await _node(desk, pid, "开工", "start", "2026-03-02", "2026-03-02")
        await _node(desk, pid, "竣工", "completion", "2026-12-31")
    await _node(desk, kept, "主体完工", "intermediate", "2026-08-31", "2026-08-20")
    await _node(desk, late, "主体完工", "intermediate", "2026-08-31")
    scheme = await desk.scheme("progress", [SCHEDULE, COMPLETION])
    results = {r["subject_id"]: _dims(r) for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert results[kept]["completion"]["score"] == results[late]["completion"]["score"] == "40.00"
    # physical: 50% against the 69.74% the plan expects on 09-30 (212 of 304 days from start to completion)
    assert results[kept]["schedule"]["score"] == "17.74"  # 12 × 2/2 + 8 × 50/69.74
    assert results[late]["schedule"]["score"] == "11.74"  # 12 × 1/2 + the same
    why = results[late]["schedule"]["explanation"]
    assert "到期节点 2 个，按期完成 1 个" in why and "主体完工（计划 2026-08-31，未完成）" in why
    assert "计划应达 69.74%" in why and "依据：节点计划、进度报告形象进度" in why


async def test_a_project_without_a_node_plan_gets_no_node_points(desk):
    """Only a plan can be kept: no nodes at all scores 0 on the node part; nodes none of which is due yet score
    in full."""
    desk.at("2026-07-05")
    bare, ahead = await desk.project("BARE"), await desk.project("AHEAD")
    await _node(desk, ahead, "开工", "start", "2026-11-02")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [SCHEDULE, COMPLETION])
    results = {r["subject_id"]: _dims(r)["schedule"] for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert results[bare]["score"] == "0.00" and "未制定节点计划" in results[bare]["explanation"]
    assert results[ahead]["score"] == "12.00" and "无到期节点" in results[ahead]["explanation"]


async def test_a_unit_sums_its_projects_nodes(desk):
    desk.at("2026-07-05")
    one, two = await desk.project("ONE"), await desk.project("TWO")
    await _node(desk, one, "开工", "start", "2026-03-02", "2026-03-02")
    await _node(desk, two, "开工", "start", "2026-03-02", "2026-04-01")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [SCHEDULE, COMPLETION], subject_kind="department")
    results = {r["subject_name"]: _dims(r)["schedule"] for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert results["栾川县交通运输局"]["score"] == "6.00"  # 12 × 1 on time of 2 due; no physical % reported
    assert "所属 2 个项目到期节点 2 个，按期完成 1 个、逾期完成 1 个" in results["栾川县交通运输局"]["explanation"]


async def test_the_parts_of_a_schedule_dimension_add_up_to_its_weight(desk):
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "bad", "name": "方案", "subject_kind": "project", "period_kind": "month",
        "version": {"dimensions": [{**SCHEDULE, "physical_points": "7"}, COMPLETION]}},
        headers=desk.office)
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == "body.version.dimensions.0.physical_points"


async def test_the_shipped_qingshui_dimensions_each_name_their_inputs(desk):
    """The shipped monthly scheme: each of the five dimensions explains which inputs it used."""
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000", total_investment="60000")
    await _report(desk, a, "2026-07", "500", funds_in_place="500", physical_percent="40")
    await _node(desk, a, "开工", "start", "2026-03-02", "2026-03-02")
    desk.at("2026-10-10")
    schemes = await desk.defaults()
    [result] = await desk.results(await desk.run(schemes["qingshui-monthly"], "2026-07"))
    dims = {d["name"]: d for d in result["dimensions"]}
    assert list(dims) == ["谋划储备", "资金争取", "实施进度", "制度履行", "投资完成率"]
    assert "储备库" in dims["谋划储备"]["explanation"]
    assert "到位资金" in dims["资金争取"]["explanation"] and "融资需求清单" in dims["资金争取"]["explanation"]
    assert "节点" in dims["实施进度"]["explanation"] and "形象进度" in dims["实施进度"]["explanation"]
    assert "计入：" in dims["制度履行"]["explanation"]
    assert "年度累计完成投资" in dims["投资完成率"]["explanation"]
    scores = {name: d["score"] for name, d in dims.items()}
    # no library: 0; funds 3 × 500/1000; one node due and kept (12) + 40% with no completion node (8 × 0.4);
    # July reported on time; 40 × 500/1000
    assert scores == {"谋划储备": "0.00", "资金争取": "1.50", "实施进度": "15.20", "制度履行": "15.00",
                      "投资完成率": "20.00"}


def test_physical_progress_is_measured_against_the_plans_pace():
    """Nothing expected before the planned start: full; ahead of the plan: capped at full; no start and completion
    nodes: the reported % itself; nothing reported: no attainment."""
    from decimal import Decimal

    from tuijin.scoring.runs.compute import physical_attainment

    assert physical_attainment("0", "0.00") == Decimal(1)
    assert physical_attainment("80", "40.00") == Decimal(1)
    assert physical_attainment("20", "40.00") == Decimal("0.5")
    assert physical_attainment("35", None) == Decimal("0.35")
    assert physical_attainment(None, "40.00") is None


def test_funds_are_capped_at_the_weight_and_a_channel_named_twice_counts_once():
    from tuijin.scoring.runs.compute import score_funds

    subject = {"amounts": {"funds_in_place": "5000.00", "annual_plan": "1000.00"},
               "secured": {"central_budget": "600.00"}}
    twice = {**FUNDS, "won_channels": ["central_budget", "central_budget"]}
    score, why = score_funds(twice, subject)
    assert str(score) == "4.00"  # 3 (funds in place over the plan: 100%) + 1 (600 won, under 1000)
    assert "到位率封顶 100%" in why
