"""Money keeps its scale in scoring's answers too: a band's lower bound in 万元 and the amounts of a run's input
snapshot read back with at least two decimals ("50000.00", "2000.00"), four when they have them."""

from __future__ import annotations

from tests.scoring.conftest import PROGRESS, SIZE


async def test_a_schemes_band_bounds_in_wan_read_back_with_their_scale(desk):
    size = {**SIZE, "bands": [{"min": "50000", "points": "20"}, {"min": "287.2345", "points": "10"},
                              {"min": "0", "points": "3"}]}
    scheme = await desk.scheme("bands", [{**PROGRESS, "weight": "80"}, size])
    resp = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}/versions/1", headers=desk.office)
    assert resp.status_code == 200, resp.text
    [bands] = [d["bands"] for d in resp.json()["dimensions"] if d["code"] == "size"]
    assert [b["min"] for b in bands] == ["50000.00", "287.2345", "0.00"]


async def test_a_units_summed_amounts_in_the_run_inputs_keep_two_decimals(desk):
    """Two plans of 1000.5 and 999.5 add up to a whole number: the snapshot says "2000.00", not "2000"."""
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000.5", total_investment="800")
    b = await desk.project("B", plan="999.5", total_investment="1200.5")
    await desk.report(a, "2026-07", "300")
    await desk.report(b, "2026-07", "0.25")
    desk.at("2026-10-10")
    scheme = await desk.scheme("departments", [{**PROGRESS, "weight": "100"}], subject_kind="department",
                               period_kind="year")
    run = await desk.run(scheme, "2026")
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)
    assert resp.status_code == 200, resp.text
    subjects = resp.json()["inputs"]["subjects"]
    [transport] = [s for s in subjects.values() if s["name"] == "栾川县交通运输局"]
    assert transport["amounts"] == {"total_investment": "2000.50", "annual_plan": "2000.00",
                                    "investment_completed": "300.25", "projects": "2", "funds_in_place": "0.00"}
    [idle] = [s for s in subjects.values() if s["name"] == "栾川县发展和改革委员会"]
    assert idle["amounts"] == {"total_investment": "0.00", "annual_plan": "0.00", "investment_completed": "0.00",
                               "projects": "0", "funds_in_place": "0.00"}
