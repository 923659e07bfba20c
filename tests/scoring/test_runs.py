"""Runs: inputs gathered in bulk, per-dimension scores with explanations, ranks, versions and publishing."""

from __future__ import annotations

import uuid

from tests.scoring.conftest import FOUR, LONG, PROGRESS, REGION, SIZE


async def test_run_scores_each_dimension_with_an_explanation(desk):
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000", total_investment="60000")
    await desk.report(a, "2026-07", "300")
    desk.at("2026-10-10")
    scheme = await desk.scheme("four", FOUR)
    run = await desk.run(scheme, "2026-Q3")
    assert run["status"] == "draft" and run["version"] == 1 and run["scheme_version"] == 1
    [result] = await desk.results(run)
    dims = {d["code"]: d for d in result["dimensions"]}
    assert dims["progress"]["score"] == "18.00"
    assert "300" in dims["progress"]["explanation"] and "1000" in dims["progress"]["explanation"]
    assert dims["size"]["score"] == "20.00"
    assert dims["category"]["score"] == "5.00"
    assert dims["compliance"]["score"] == "9.00"  # August and September never reported: 15 − 2 × 3
    assert "进度报告迟报漏报 2 次 × 3" in dims["compliance"]["explanation"]
    assert result["total"] == "52.00" and result["rank"] == 1
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)
    subject = resp.json()["inputs"]["subjects"][a]
    assert subject["amounts"]["investment_completed"] == "300.00"
    assert all(a not in call for call in resp.json()["inputs"]["calls"])  # bulk reads, never per subject


async def _three_projects(desk, completed=("500", "300", "300")) -> list[str]:
    """Projects A, B, C with a 1000 plan and July reports of ``completed``."""
    desk.at("2026-07-05")
    ids = []
    for code, done in zip("ABC", completed, strict=True):
        pid = await desk.project(code, plan="1000")
        await desk.report(pid, "2026-07", done)
        ids.append(pid)
    desk.at("2026-10-10")
    return ids


async def test_equal_totals_share_a_rank_and_the_next_rank_skips(desk):
    await _three_projects(desk, completed=("500", "300", "300"))
    desk.at("2026-07-06")
    d = await desk.project("D", plan="1000")
    await desk.report(d, "2026-07", "100")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    results = await desk.results(await desk.run(scheme, "2026-Q3"))
    assert [(r["subject_code"], r["total"], r["rank"]) for r in results] == [
        ("A", "50.00", 1), ("B", "30.00", 2), ("C", "30.00", 2), ("D", "10.00", 4)]


async def test_a_ratio_is_capped_at_its_weight(desk):
    desk.at("2026-07-05")
    a = await desk.project("A", plan="100")
    await desk.report(a, "2026-07", "250")
    desk.at("2026-10-10")
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    [result] = await desk.results(await desk.run(scheme, "2026-Q3"))
    assert result["total"] == "100.00" and "封顶" in result["dimensions"][0]["explanation"]


async def test_a_period_of_another_kind_is_refused(desk):
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-09"},
                                  headers=desk.office)
    assert resp.status_code == 422 and resp.json()["code"] == "period_kind_mismatch"
    assert resp.json()["errors"][0]["field"] == "body.period"


async def test_only_the_office_runs_and_publishes(desk):
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-Q3"},
                                  headers=desk.unit("交通局"))
    assert resp.status_code == 403
    run = await desk.run(scheme, "2026-Q3")
    resp = await desk.client.post(f"/api/v1/scoring-runs/{run['id']}/publish", headers=desk.viewer)
    assert resp.status_code == 403


async def test_a_run_whose_input_service_is_down_fails_cleanly_without_a_partial_result(desk, stack):
    await _three_projects(desk)
    scheme = await desk.scheme("compliance", [{"code": "c", "name": "制度履行", "weight": "100",
                                               "kind": "deductions", "per_event": {"overdue_problem": "5"}}])
    stack.transports["issues"].down = True
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-Q3"},
                                  headers=desk.office)
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["upstream"] == "issues"
    runs = await desk.client.get("/api/v1/scoring-runs", params={"region_code": REGION}, headers=desk.office)
    assert runs.json()["items"] == []
    stack.transports["issues"].down = False
    run = await desk.run(scheme, "2026-Q3")
    assert run["version"] == 1 and len(await desk.results(run)) == 3


async def test_publishing_twice_is_refused(desk):
    await _three_projects(desk)
    run = await desk.run(await desk.scheme("progress", [{**PROGRESS, "weight": "100"}]), "2026-Q3")
    assert (await desk.publish(run)).status_code == 200
    resp = await desk.publish(run)
    assert resp.status_code == 409 and resp.json()["code"] == "already_published"


async def test_recomputing_makes_a_new_version_and_says_what_moved(desk):
    a, b, _ = await _three_projects(desk, completed=("500", "300", "100"))
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    first = await desk.run(scheme, "2026-Q3")
    assert (await desk.publish(first)).status_code == 200
    await desk.report(b, "2026-08", "400")
    second = await desk.run(scheme, "2026-Q3")
    assert second["version"] == 2 and second["status"] == "draft"
    moved = {c["subject_id"]: c for c in second["changes"]}
    assert set(moved) == {a, b}
    assert (moved[b]["total_before"], moved[b]["total_after"]) == ("30.00", "70.00")
    assert (moved[b]["rank_before"], moved[b]["rank_after"]) == (2, 1)
    assert (moved[a]["rank_before"], moved[a]["rank_after"]) == (1, 2)
    old = await desk.results(first)
    assert [(r["subject_code"], r["total"]) for r in old] == [("A", "50.00"), ("B", "30.00"), ("C", "10.00")]


async def test_a_republished_scheme_version_leaves_old_results_untouched(desk):
    await _three_projects(desk, completed=("500", "300", "100"))
    scheme = await desk.scheme("two", [{**PROGRESS, "weight": "80"}, {**SIZE, "weight": "20"}])
    first = await desk.run(scheme, "2026-Q3")
    await desk.publish(first)
    before = await desk.results(first)
    resp = await desk.client.post(f"/api/v1/scoring-schemes/{scheme['id']}/versions", json={
        "dimensions": [{**PROGRESS, "weight": "40"},
                       {**SIZE, "weight": "60", "bands": [{"min": "0", "points": "60"}]}]},
        headers=await desk.if_match(scheme))
    assert resp.status_code == 201 and resp.json()["version"] == 2
    second = await desk.run(scheme, "2026-Q3")
    assert second["scheme_version"] == 2
    assert (await desk.results(second))[0]["total"] == "80.00"
    assert await desk.results(first) == before
    assert (await desk.client.get(f"/api/v1/scoring-runs/{first['id']}", headers=desk.office)).json()[
        "scheme_version"] == 1
    v1 = await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}/versions/1", headers=desk.office)
    assert v1.json()["dimensions"][0]["weight"] == "80"


async def test_the_region_reads_published_rankings_and_only_the_office_reads_drafts(desk):
    await _three_projects(desk)
    run = await desk.run(await desk.scheme("progress", [{**PROGRESS, "weight": "100"}]), "2026-Q3")
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/results", headers=desk.viewer)
    assert resp.status_code == 403
    await desk.publish(run)
    assert len(await desk.results(run, headers=desk.viewer)) == 3
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/results", headers=desk.other_office)
    assert resp.status_code == 404


async def test_praise_and_criticism_lists_come_from_the_published_ranking(desk):
    desk.at("2026-07-05")
    for i, done in enumerate(("900", "800", "700", "600", "500", "400", "300")):
        pid = await desk.project(f"P{i}", plan="1000")
        await desk.report(pid, "2026-07", done)
    desk.at("2026-10-10")
    run = await desk.run(await desk.scheme("progress", [{**PROGRESS, "weight": "100"}]), "2026-Q3")
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/lists", headers=desk.office)
    assert resp.status_code == 409 and resp.json()["code"] == "not_published"
    await desk.publish(run)
    lists = (await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/lists", headers=desk.viewer)).json()
    assert [e["subject_name"] for e in lists["praise"]] == ["项目P0", "项目P1", "项目P2"]
    assert [e["subject_name"] for e in lists["criticism"]] == ["项目P6", "项目P5", "项目P4"]
    lists = (await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/lists", params={"praise_size": 1},
                                   headers=desk.viewer)).json()
    assert [e["subject_name"] for e in lists["praise"]] == ["项目P0"]


async def test_departments_are_scored_on_the_projects_they_are_responsible_for(desk):
    await _three_projects(desk, completed=("500", "300", "100"))
    scheme = await desk.scheme("departments", [{**PROGRESS, "weight": "100"}], subject_kind="department",
                               period_kind="year", praise_size=6, criticism_size=0)
    results = await desk.results(await desk.run(scheme, "2026"))
    by_name = {r["subject_name"]: r for r in results}
    assert set(by_name) == {"栾川县交通运输局", "栾川县发展和改革委员会"}
    assert by_name["栾川县交通运输局"]["total"] == "30.00" and by_name["栾川县交通运输局"]["rank"] == 1
    assert by_name["栾川县发展和改革委员会"]["total"] == "0.00"


async def test_a_yearly_rollup_weights_the_published_results_of_quarters_and_months(desk):
    await _three_projects(desk, completed=("500", "300", "100"))
    quarterly = await desk.scheme("q", [{**PROGRESS, "weight": "100"}])
    monthly = await desk.scheme("m", [{**PROGRESS, "weight": "100"}], period_kind="month")
    await desk.publish(await desk.run(quarterly, "2026-Q3"))
    await desk.publish(await desk.run(monthly, "2026-07"))
    draft_only = await desk.run(monthly, "2026-08")
    assert draft_only["status"] == "draft"
    yearly = await desk.scheme("y", [{"code": "rollup", "name": "汇总", "weight": "100", "kind": "rollup",
                                      "sources": [{"scheme_code": "q", "weight": "0.7"},
                                                  {"scheme_code": "m", "weight": "0.3"}]}], period_kind="year")
    results = await desk.results(await desk.run(yearly, "2026"))
    assert [(r["subject_code"], r["total"]) for r in results] == [("A", "50.00"), ("B", "30.00"), ("C", "10.00")]
    assert "2026-Q3" in results[0]["dimensions"][0]["explanation"]


async def test_a_project_loses_points_for_each_report_late_or_never_submitted(desk):
    desk.at("2026-07-05")
    a = await desk.project("A")
    await desk.report(a, "2026-07", "100")
    desk.at("2026-08-30")
    await desk.report(a, "2026-08", "100")
    desk.at("2026-10-10")
    scheme = await desk.scheme("c", [{"code": "c", "name": "制度履行", "weight": "100", "kind": "deductions",
                                      "per_event": {"late_report": "10"}}])
    [result] = await desk.results(await desk.run(scheme, "2026-Q3"))
    assert result["total"] == "80.00"  # August late, September never submitted
    assert "进度报告迟报漏报 2 次" in result["dimensions"][0]["explanation"]


async def test_a_department_loses_points_for_its_reports_late_or_missing(desk):
    desk.at("2026-07-05")
    a = await desk.project("A")
    await desk.report(a, "2026-07", "100")
    desk.at("2026-10-10")
    scheme = await desk.scheme("dc", [{"code": "c", "name": "制度履行", "weight": "100", "kind": "deductions",
                                       "per_event": {"late_report": "10", "unexcused_absence": "5",
                                                     "letter_received": "5", "overdue_decided_item": "5",
                                                     "overdue_problem": "5"}}],
                               subject_kind="department")
    run = await desk.run(scheme, "2026-Q3")
    by_name = {r["subject_name"]: r for r in await desk.results(run)}
    assert by_name["栾川县交通运输局"]["total"] == "80.00"
    assert by_name["栾川县发展和改革委员会"]["total"] == "100.00"
    inputs = (await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)).json()
    assert set(inputs["inputs"]["sources"]) == {"problems", "letters", "attendance", "decided_items", "timeliness"}


async def test_the_shipped_qingshui_quarterly_scheme_scores_five_dimensions(desk):
    desk.at("2026-07-05")
    a = await desk.project("A", plan="1000", total_investment="60000")
    await desk.report(a, "2026-07", "500")
    desk.at("2026-10-10")
    schemes = await desk.defaults()
    [result] = await desk.results(await desk.run(schemes["qingshui-quarterly"], "2026-Q3"))
    scores = {d["name"]: d["score"] for d in result["dimensions"]}
    # a large project scores nothing for its size: no reserve library, no funds in place, no node plan or physical
    # progress reported (tests/scoring/test_qingshui_dimensions.py); August and September missing: 15 − 2 × 3
    assert scores == {"谋划储备": "0.00", "资金争取": "0.00", "实施进度": "0.00", "制度履行": "9.00",
                      "投资完成率": "20.00"}
    assert result["total"] == "29.00"


async def test_a_tie_at_the_edge_of_a_list_is_kept_whole_and_nobody_is_on_both(desk):
    await _three_projects(desk, completed=("500", "300", "300"))
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}], praise_size=2, criticism_size=2)
    run = await desk.run(scheme, "2026-Q3")
    await desk.publish(run)
    lists = (await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/lists", headers=desk.viewer)).json()
    assert sorted(e["subject_name"] for e in lists["praise"]) == ["项目A", "项目B", "项目C"]
    assert lists["criticism"] == []


async def test_a_run_retried_with_the_same_idempotency_key_is_computed_once(desk):
    """An office whose answer was lost retries with the same ``Idempotency-Key``: the same run comes back and
    no second version is made."""
    await _three_projects(desk)
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    headers = {**desk.office, "Idempotency-Key": "run-2026-Q3-progress"}
    body = {"scheme_id": scheme["id"], "period": "2026-Q3"}
    first = await desk.client.post("/api/v1/scoring-runs", json=body, headers=headers)
    again = await desk.client.post("/api/v1/scoring-runs", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again.json()["version"] == 1
    listed = await desk.client.get("/api/v1/scoring-runs", params={"region_code": REGION}, headers=desk.office)
    assert [r["id"] for r in listed.json()["items"]] == [first.json()["id"]]


async def test_a_project_loses_points_for_the_letters_naming_it(desk):
    """A project ranking counts the letters issued about each project (DOMAIN: letters received count)."""
    ids = await _three_projects(desk, completed=("500", "500", "500"))
    desk.at("2026-09-15")
    supervisor = desk.stack.auth("supervisor", region=REGION, ttl=LONG)
    for grade in ("reminder", "supervision"):
        resp = await desk.stack.client("issues").post("/api/v1/letters", headers=supervisor, json={
            "region_code": REGION, "grade": grade, "unit_id": desk.units["交通局"], "subject_kind": "project",
            "project_id": ids[0], "title": "关于加快推进项目A建设的督办函", "body": "进度滞后，请加快推进。"})
        assert resp.status_code == 201, resp.text
    desk.at("2026-10-10")
    scheme = await desk.scheme("letters", [{"code": "c", "name": "制度履行", "weight": "100", "kind": "deductions",
                                            "per_event": {"letter_received": "5"}}])
    by_code = {r["subject_code"]: r for r in await desk.results(await desk.run(scheme, "2026-Q3"))}
    assert {c: r["total"] for c, r in by_code.items()} == {"A": "90.00", "B": "100.00", "C": "100.00"}
    assert "2 次" in by_code["A"]["dimensions"][0]["explanation"]


async def test_a_run_asked_with_another_regions_scheme_is_a_404_like_a_missing_scheme(desk):
    """Scope is exact: the scheme of another region named in the body is not found for this office, the same
    404 scheme_not_found a scheme id that does not exist gets (it was a 403 that told the scheme exists)."""
    scheme = await desk.scheme("progress", [{**PROGRESS, "weight": "100"}])
    for scheme_id in (scheme["id"], str(uuid.uuid4())):
        resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme_id, "period": "2026-Q3"},
                                      headers=desk.other_office)
        assert (resp.status_code, resp.json()["code"]) == (404, "scheme_not_found"), resp.text
    assert (await desk.client.get(f"/api/v1/scoring-schemes/{scheme['id']}/versions/1",
                                  headers=desk.other_office)).json()["code"] == "scheme_not_found"
