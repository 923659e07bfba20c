"""Dynamic management (动态管理): a project that cannot proceed leaves the year's list and a comparable
one enters, after the whole approval chain; the list keeps its count."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.registry.conftest import REGION
from tests.registry.swaps.conftest import URL, YEAR
from tuijin.registry.models import Policy

CHAIN = ["unit", "leader", "office_filing", "county_committee", "congress"]


async def _swap(chain, swap_id: str) -> dict:
    resp = await chain.client.get(f"{URL}/{swap_id}", headers=chain.office)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def _project(chain, project: dict) -> dict:
    return (await chain.client.get(f"/api/v1/projects/{project['id']}", headers=chain.office)).json()


async def test_the_final_approval_applies_the_swap_and_keeps_the_count(chain, stack):
    replacement = await chain.reserve("IN", "1200", "350")
    before = await chain.year_list()
    created = await chain.request(replacement, headers=chain.unit)
    assert created.status_code == 201, created.text
    swap = created.json()
    assert (swap["status"], swap["current_step"], swap["year"]) == ("pending", "unit", YEAR)
    assert swap["comparison"]["passed"] is True
    assert swap["comparison"]["rules"][0] == {"rule": "total_investment", "out_value": "1000.00",
                                              "replacement_value": "1200.00", "lower": "700.00", "upper": "1300.00",
                                              "passed": True}
    await chain.approve_through(swap["id"], "county_committee")
    assert await chain.year_list() == before  # nothing moves before the last step

    final = await chain.decide(swap["id"], "congress")
    assert final.status_code == 200, final.text
    done = final.json()
    assert (done["status"], done["current_step"]) == ("approved", None)
    assert [(h["action"], h["step"], h["actor_role"]) for h in done["history"]] == [
        ("submitted", None, "unit"), ("approved", "unit", "unit"), ("approved", "leader", "leader"),
        ("approved", "office_filing", "office"), ("approved", "county_committee", "office"),
        ("approved", "congress", "office")]
    assert done["history"][-1]["document_number"] == "栾人常〔2026〕5号"
    assert done["history"][-1]["decided_on"] == "2026-06-15"

    count, total, ids = await chain.year_list()
    assert count == before[0]
    assert total == before[1] - Decimal("400") + Decimal("350")
    assert ids == (before[2] - {chain.out["id"]}) | {replacement["id"]}
    out = await _project(chain, chain.out)
    assert [(p["year"], p["in_list"]) for p in out["year_plans"]] == [(YEAR, False)]  # kept, marked off the list
    came_in = await _project(chain, replacement)
    assert came_in["stage"] == "new_start"
    assert [(p["year"], p["planned_investment"], p["in_list"]) for p in came_in["year_plans"]] == [
        (YEAR, "350.00", True)]
    entries = (await chain.client.get("/api/v1/reserve-entries", headers=chain.office)).json()["items"]
    assert [(e["project_code"], e["status"], e["promoted_year"]) for e in entries] == [("IN", "promoted", YEAR)]

    kernel = stack.apps["registry"].state.kernel_tables
    async with stack.apps["registry"].state.sessionmaker() as session:
        payloads = (await session.scalars(select(kernel.outbox.c.payload)
                                          .where(kernel.outbox.c.event_type == "project.swapped"))).all()
    assert payloads == []  # issue 15: no service handles it, so it is sent nowhere


async def test_a_later_step_before_an_earlier_one_is_refused(chain):
    swap = (await chain.request(await chain.reserve("IN", "1000", "300"))).json()
    early = await chain.decide(swap["id"], "county_committee")
    assert early.status_code == 409
    assert early.json()["code"] == "step_out_of_order"
    assert "unit" in early.json()["detail"] and "county_committee" in early.json()["detail"]
    assert (await chain.decide(swap["id"], "office_filing")).json()["code"] == "step_out_of_order"
    assert (await chain.decide(swap["id"], "unit")).status_code == 200
    again = await chain.decide(swap["id"], "unit")
    assert again.status_code == 409
    assert again.json()["code"] == "step_already_decided"
    assert (await _swap(chain, swap["id"]))["current_step"] == "leader"


async def test_each_role_decides_only_its_own_step(chain, stack):
    swap = (await chain.request(await chain.reserve("IN", "1000", "300"))).json()
    co_unit = stack.auth("unit", region=REGION, unit=uuid.UUID(chain.county.units["发改委"]))
    # a co-organising unit sees the project but is not its responsible unit
    etag = (await chain.client.get(f"/api/v1/projects/{chain.out['id']}", headers=chain.office)).headers["etag"]
    patched = await chain.client.patch(f"/api/v1/projects/{chain.out['id']}", json={
        "co_unit_ids": [chain.county.units["发改委"]]}, headers={**chain.office, "If-Match": etag})
    assert patched.status_code == 200, patched.text

    for who in (chain.office, chain.leader, co_unit):
        refused = await chain.decide(swap["id"], "unit", headers=who)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "step_role_required"
    assert (await chain.decide(swap["id"], "unit")).status_code == 200
    for who in (chain.office, chain.unit):
        assert (await chain.decide(swap["id"], "leader", headers=who)).status_code == 403
    assert (await chain.decide(swap["id"], "leader")).status_code == 200
    for step in ("office_filing", "county_committee", "congress"):
        for who in (chain.unit, chain.leader):
            assert (await chain.decide(swap["id"], step, headers=who)).status_code == 403
        assert (await chain.decide(swap["id"], step)).status_code == 200
    assert (await _swap(chain, swap["id"]))["status"] == "approved"


async def test_the_bodies_decisions_are_recorded_with_their_document_number(chain):
    swap = (await chain.request(await chain.reserve("IN", "1000", "300"))).json()
    await chain.approve_through(swap["id"], "office_filing")
    missing = await chain.decide(swap["id"], "county_committee", document_number="  ")
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "body.document_number"
    ok = await chain.decide(swap["id"], "county_committee", document_number="栾发〔2026〕21号",
                            decided_on="2026-06-12", comment="县委常委会研究同意")
    assert ok.status_code == 200
    last = ok.json()["history"][-1]
    assert (last["document_number"], last["decided_on"], last["comment"]) == (
        "栾发〔2026〕21号", "2026-06-12", "县委常委会研究同意")


async def test_a_refused_request_changes_nothing(chain):
    replacement = await chain.reserve("IN", "1000", "300")
    before = await chain.year_list()
    swap = (await chain.request(replacement)).json()
    await chain.approve_through(swap["id"], "office_filing")
    no_reason = await chain.decide(swap["id"], "county_committee", decision="refuse")
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "body.comment"
    refused = await chain.decide(swap["id"], "county_committee", decision="refuse", comment="该项目仍有推进可能")
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["current_step"]) == ("refused", None)
    assert refused.json()["history"][-1]["action"] == "refused"
    assert await chain.year_list() == before
    assert (await _project(chain, replacement))["stage"] == "reserve"
    entries = (await chain.client.get("/api/v1/reserve-entries", headers=chain.office)).json()["items"]
    assert entries[0]["status"] == "in_reserve"
    closed = await chain.decide(swap["id"], "congress")
    assert closed.status_code == 409
    assert closed.json()["code"] == "swap_closed"


async def test_a_withdrawn_request_changes_nothing(chain, stack):
    replacement = await chain.reserve("IN", "1000", "300")
    before = await chain.year_list()
    swap = (await chain.request(replacement, headers=chain.unit)).json()
    await chain.approve_through(swap["id"], "leader")
    stranger = stack.auth("unit", region=REGION, unit=uuid.UUID(chain.county.units["发改委"]))
    assert (await chain.client.post(f"{URL}/{swap['id']}/withdrawal", json={}, headers=stranger)).status_code == 404
    withdrawn = await chain.client.post(f"{URL}/{swap['id']}/withdrawal", json={"comment": "问题已协调解决"},
                                        headers=chain.unit)
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["history"][-1]["action"]) == ("withdrawn", "withdrawn")
    assert await chain.year_list() == before
    assert (await _project(chain, replacement))["stage"] == "reserve"
    assert (await chain.decide(swap["id"], "office_filing")).json()["code"] == "swap_closed"
    # the project can be asked about again once the first request is closed
    assert (await chain.request(replacement)).status_code == 201


@pytest.mark.parametrize(("total", "comparable"), [("700", True), ("1300", True), ("699.9999", False),
                                                   ("1300.0001", False)])
async def test_the_replacement_is_comparable_within_the_tolerance(chain, total, comparable):
    candidate = await chain.county.project("CAND", stage="preliminary", total_investment=total)
    resp = await chain.request(candidate, replacement_planned_investment="300")
    if comparable:
        assert resp.status_code == 201, resp.text
        return
    assert resp.status_code == 422
    problem = resp.json()
    assert problem["code"] == "replacement_not_comparable"
    assert problem["errors"][0]["field"] == "body.replacement_project_id"
    assert f"总投资 {total} is outside [700, 1300] (moved out: 1000)" in problem["errors"][0]["message"]


async def test_the_year_plan_tolerance_applies_when_the_policy_sets_it(chain, stack):
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        session.add(Policy(region_code=REGION, name="swap_tolerance", year=YEAR, value={"year_plan_ratio": "0.2"}))
    candidate = await chain.county.project("CAND", stage="preliminary", total_investment="1000")
    low = await chain.request(candidate, replacement_planned_investment="319.9999")
    assert low.status_code == 422
    assert low.json()["errors"][0]["field"] == "body.replacement_planned_investment"
    ok = await chain.request(candidate, replacement_planned_investment="320")
    assert ok.status_code == 201, ok.text
    assert [r["rule"] for r in ok.json()["comparison"]["rules"]] == ["total_investment", "year_plan_investment"]


async def test_the_final_approval_checks_the_investment_again(chain):
    candidate = await chain.county.project("CAND", stage="preliminary", total_investment="1200")
    swap = (await chain.request(candidate, replacement_planned_investment="380")).json()
    await chain.approve_through(swap["id"], "county_committee")
    url = f"/api/v1/projects/{candidate['id']}"
    etag = (await chain.client.get(url, headers=chain.office)).headers["etag"]
    await chain.client.patch(url, json={"total_investment": "2000"}, headers={**chain.office, "If-Match": etag})
    before = await chain.year_list()
    refused = await chain.decide(swap["id"], "congress")
    assert refused.status_code == 422
    assert refused.json()["code"] == "replacement_not_comparable"
    assert await chain.year_list() == before
    assert (await _swap(chain, swap["id"]))["current_step"] == "congress"


async def test_a_candidate_not_on_the_list_enters_with_its_plan(chain):
    candidate = await chain.county.project("CAND", stage="preliminary", total_investment="900")
    missing = await chain.request(candidate)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "body.replacement_planned_investment"
    swap = (await chain.request(candidate, replacement_planned_investment="420")).json()
    await chain.approve_through(swap["id"], "congress")
    came_in = await _project(chain, candidate)
    assert came_in["stage"] == "preliminary"
    assert [(p["planned_investment"], p["in_list"]) for p in came_in["year_plans"]] == [("420.00", True)]


async def test_only_a_project_on_the_list_leaves_it_and_only_one_off_it_enters(chain):
    on_list = await chain.on_list("ON", "1000", "300")
    refused = await chain.request(on_list)
    assert refused.status_code == 422
    assert refused.json()["code"] == "already_in_year_list"
    off_list = await chain.county.project("OFF", stage="preliminary", total_investment="1000")
    replacement = await chain.reserve("IN", "1000", "300")
    not_on_it = await chain.request(replacement, out_project_id=off_list["id"])
    assert not_on_it.status_code == 422
    assert not_on_it.json()["code"] == "not_in_year_list"
    itself = await chain.request(chain.out)
    assert itself.status_code == 422
    unlisted_reserve = await chain.county.project("BARE", stage="reserve", total_investment="1000")
    assert (await chain.request(unlisted_reserve)).json()["code"] == "not_in_reserve_library"
    past = await chain.request(replacement, year=YEAR - 1)
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "body.year"


async def test_one_pending_request_moves_a_project(chain):
    first = await chain.request(await chain.reserve("IN1", "1000", "300"))
    assert first.status_code == 201
    second = await chain.request(await chain.reserve("IN2", "1000", "300"))
    assert second.status_code == 409
    assert second.json()["code"] == "swap_pending"


async def test_another_region_sees_nothing(chain, stack):
    swap = (await chain.request(await chain.reserve("IN", "1000", "300"))).json()
    other = stack.auth("office", region="410325")
    assert (await chain.client.get(URL, headers=other)).json()["items"] == []
    assert (await chain.client.get(f"{URL}/{swap['id']}", headers=other)).status_code == 404
    assert (await chain.decide(swap["id"], "unit", headers=other)).status_code == 404
    resp = await chain.request(await chain.reserve("IN2", "1000", "300"), headers=other)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.out_project_id"


async def test_the_unit_of_another_project_is_refused(chain, stack):
    stranger = stack.auth("unit", region=REGION, unit=uuid.UUID(chain.county.units["发改委"]))
    replacement = await chain.reserve("IN", "1000", "300")
    asked = await chain.request(replacement, headers=stranger)
    assert asked.status_code == 403
    swap = (await chain.request(replacement)).json()
    assert (await chain.decide(swap["id"], "unit", headers=stranger)).status_code == 404
    assert (await chain.client.get(URL, headers=stranger)).json()["items"] == []
    leader = (await chain.client.get(URL, headers=chain.leader)).json()["items"]
    assert [s["id"] for s in leader] == [swap["id"]]


async def test_swap_requests_are_listed_by_status(chain):
    a = (await chain.request(await chain.reserve("IN1", "1000", "300"))).json()
    second_out = await chain.on_list("OUT2", "2000", "500")
    b = (await chain.request(await chain.reserve("IN2", "2100", "500"), out_project_id=second_out["id"])).json()
    await chain.decide(b["id"], "unit", decision="refuse", comment="项目已具备开工条件")

    async def ids(**params):
        resp = await chain.client.get(URL, params=params, headers=chain.office)
        assert resp.status_code == 200, resp.text
        return [s["id"] for s in resp.json()["items"]]

    assert await ids(status="pending") == [a["id"]]
    assert await ids(status="refused") == [b["id"]]
    assert await ids(current_step="unit") == [a["id"]]
    assert await ids(project_id=second_out["id"]) == [b["id"]]
    assert len(await ids(limit=1)) == 1


async def test_after_an_approved_swap_the_statistics_count_the_project_moved_in_not_the_one_moved_out(chain):
    """栾川 (seed 000, 动态管理): the project moved out "调整出重点项目管理范围" and a comparable one moved in,
    "确保重点项目总量不减少": the statistics and the dashboard's map count the list as it is after the swap —
    the same number of projects, the replacement's plan instead of the one moved out."""
    stats_url, map_url = "/api/v1/statistics", "/api/v1/statistics/map-points"
    params = {"region_code": REGION, "year": YEAR}
    before = (await chain.client.get(stats_url, params=params, headers=chain.office)).json()["totals"]
    assert (before["projects"], before["planned_investment"]) == (3, "3400.00")
    replacement = await chain.reserve("IN", "1200", "350")
    swap = (await chain.request(replacement)).json()
    await chain.approve_through(swap["id"], "congress")
    resp = await chain.client.get(stats_url, params=params, headers=chain.office)
    assert resp.status_code == 200, resp.text
    after = resp.json()
    assert (after["totals"]["projects"], after["totals"]["planned_investment"]) == (3, "3350.00")
    assert sum(g["projects"] for g in after["by_stage"]) == 3
    codes = {p["code"] for p in (await chain.client.get(map_url, params=params, headers=chain.office)).json()}
    assert codes == {"IN", "KEEP1", "KEEP2"}
    count, _, _ = await chain.year_list()
    assert count == after["totals"]["projects"]
