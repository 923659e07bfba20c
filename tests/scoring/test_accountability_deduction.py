"""Accountability in scoring (issue 20: 问责 "counted by scoring where a scheme says so"): a deductions dimension
that names the event ``accountability`` deducts, for each accountability record of the issues service decided in
the run's period, the points the scheme gives its sanction (``per_sanction``, e.g. 通报批评 2, 诫勉谈话 3; any other
sanction at ``per_event.accountability``); a unit counts the records against it (a record against a post carries no
unit and is not counted), and the dimension's explanation lists each record used (id, sanction, date)."""

from __future__ import annotations

from typing import Any

from tests.scoring.conftest import REGION
from tests.scoring.test_upstream_refusals import Refusing

ACC = "/api/v1/accountability-records"
RULE = {"code": "acc", "name": "问责扣分", "weight": "100", "kind": "deductions",
        "per_event": {"accountability": "1"}, "per_sanction": {"circulated_criticism": "2", "admonishment": "3"}}


async def _record(desk, sanction: str, decided_on: str, *, unit: str | None = "交通局",
                  post: str | None = None, project_id: str | None = None) -> dict[str, Any]:
    body = {"region_code": REGION, "sanction": sanction, "target_kind": "post" if post else "unit",
            "summary": "项目推进不力，督办函逾期未回复。", "grounds": [], "decided_by": "县委、县政府",
            "decided_on": decided_on, "project_id": project_id}
    body.update({"post_id": desk.posts[post]} if post else {"unit_id": desk.units[unit]})
    resp = await desk.stack.client("issues").post(ACC, json=body, headers=desk.office)
    assert resp.status_code == 201, resp.text
    return resp.json()


def _by_name(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["subject_name"]: r["dimensions"][0] for r in results}


async def test_a_record_in_the_period_deducts_the_points_of_its_sanction(desk):
    """A record against a unit decided in the period deducts the points the scheme gives its sanction (通报批评 2,
    诫勉谈话 3, 约谈 not listed: per_event's 1); the explanation lists each record's id, sanction and date; a unit
    without records keeps the weight, and a record against a post (no unit) counts for no unit."""
    criticism = await _record(desk, "circulated_criticism", "2026-08-15")
    admonish = await _record(desk, "admonishment", "2026-09-20")
    talk = await _record(desk, "interview", "2026-07-01")
    await _record(desk, "admonishment", "2026-08-01", unit=None, post="分管交通")
    scheme = await desk.scheme("acc", [RULE], subject_kind="department")
    run = await desk.run(scheme, "2026-Q3")
    dims = _by_name(await desk.results(run))
    transport = dims["栾川县交通运输局"]
    assert transport["score"] == "94.00"  # 100 − (2 + 3 + 1)
    why = transport["explanation"]
    for rec, text in ((criticism, "2026-08-15 通报批评 −2"), (admonish, "2026-09-20 诫勉谈话 −3"),
                      (talk, "2026-07-01 约谈 −1")):
        assert rec["id"] in why and text in why
    assert "被问责 3 次共 6 分" in why
    assert dims["栾川县发展和改革委员会"]["score"] == "100.00"


async def test_a_record_outside_the_period_deducts_nothing(desk):
    """Only records decided within the run's period count (by decided_on): one of June and one of October
    leave a third-quarter score at the weight."""
    await _record(desk, "circulated_criticism", "2026-06-30")
    await _record(desk, "admonishment", "2026-10-01")
    scheme = await desk.scheme("acc", [RULE], subject_kind="department")
    dims = _by_name(await desk.results(await desk.run(scheme, "2026-Q3")))
    assert dims["栾川县交通运输局"]["score"] == "100.00"
    assert "无扣分事项" in dims["栾川县交通运输局"]["explanation"]


async def test_a_scheme_without_the_rule_deducts_nothing_and_does_not_read_the_records(desk):
    """A scheme that does not name ``accountability`` deducts nothing for a record in the period, and its run
    does not read the accountability records at all."""
    await _record(desk, "admonishment", "2026-08-15")
    scheme = await desk.scheme("other", [{"code": "c", "name": "制度履行", "weight": "100", "kind": "deductions",
                                          "per_event": {"overdue_problem": "2"}}], subject_kind="department")
    run = await desk.run(scheme, "2026-Q3")
    assert _by_name(await desk.results(run))["栾川县交通运输局"]["score"] == "100.00"
    inputs = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=desk.office)
    assert inputs.status_code == 200, inputs.text
    assert not any(ACC in call for call in inputs.json()["inputs"]["calls"])


async def test_a_project_counts_the_records_naming_it(desk):
    """A project scheme counts the records that name the project (against its unit or a post), not those of its
    responsible unit about something else."""
    a, b = await desk.project("A"), await desk.project("B")
    await _record(desk, "circulated_criticism", "2026-08-15", project_id=a)
    await _record(desk, "admonishment", "2026-09-01", unit=None, post="分管交通", project_id=a)
    await _record(desk, "admonishment", "2026-09-02")
    scheme = await desk.scheme("acc", [RULE])
    dims = _by_name(await desk.results(await desk.run(scheme, "2026-Q3")))
    assert (dims["项目A"]["score"], dims["项目B"]["score"]) == ("95.00", "100.00")
    assert b not in dims["项目A"]["explanation"]


async def test_points_per_sanction_need_the_event_named(desk):
    """``per_sanction`` without ``accountability`` in ``per_event`` is refused (422 naming the field): it would
    deduct nothing."""
    resp = await desk.client.post("/api/v1/scoring-schemes", json={
        "region_code": REGION, "code": "bad", "name": "方案bad", "subject_kind": "department",
        "period_kind": "quarter", "version": {"dimensions": [{**RULE, "per_event": {"overdue_problem": "2"}}]}},
        headers=desk.office)
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["body.version.dimensions.0.deductions.per_sanction"]


async def test_the_issues_service_down_fails_the_run_as_other_upstream_deductions_do(desk, stack):
    """Like every upstream deduction, an issues service that is down fails the run with its 503 naming the
    source, and no run is written; once it is back the run goes through."""
    await _record(desk, "circulated_criticism", "2026-08-15")
    scheme = await desk.scheme("acc", [RULE], subject_kind="department")
    stack.transports["issues"].down = True
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-Q3"},
                                  headers=desk.office)
    assert resp.status_code == 503, resp.text
    assert resp.json()["upstream"] == "issues"
    runs = await desk.client.get("/api/v1/scoring-runs", params={"region_code": REGION}, headers=desk.office)
    assert runs.json()["items"] == []
    stack.transports["issues"].down = False
    dims = _by_name(await desk.results(await desk.run(scheme, "2026-Q3")))
    assert dims["栾川县交通运输局"]["score"] == "98.00"


async def test_the_issues_service_refusing_the_read_fails_the_run_with_upstream_failed(desk, stack, monkeypatch):
    """A refusal of the accountability read (a 4xx of the issues service) fails the run with the kernel's 502
    ``upstream_failed`` naming issues, as for every upstream read; nothing is written."""
    scheme = await desk.scheme("acc", [RULE], subject_kind="department")
    monkeypatch.setattr(stack.transports["issues"], "inner", Refusing())
    resp = await desk.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": "2026-Q3"},
                                  headers=desk.office)
    assert resp.status_code == 502, resp.text
    assert (resp.json()["code"], resp.json()["upstream"]) == ("upstream_failed", "issues")
    runs = await desk.client.get("/api/v1/scoring-runs", params={"region_code": REGION}, headers=desk.office)
    assert runs.json()["items"] == []
