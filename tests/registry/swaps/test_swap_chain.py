"""The approval chain of a swap is the region's (its ``swap_chain`` policy), and a request keeps the chain it was
made under. 栾川 (seed 000 (八)) ends at the county people's congress standing committee; 楚雄 (seed 001 四(一)):
"州重点项目办对“3个30”重点项目实行动态管理……适时实施重点项目中期退出和进入调整机制" — the office decides."""

from __future__ import annotations

from tests.registry.conftest import REGION
from tests.registry.swaps.conftest import URL

CHUXIONG = ["unit", "leader", "office_decision"]


async def _set_chain(chain, steps: list[str]):
    return await chain.client.put(f"/api/v1/policies/{REGION}/swap_chain", json={"steps": steps},
                                  headers=chain.office)


async def _decide_all(chain, swap_id: str, steps: list[str]) -> dict:
    for step in steps:
        resp = await chain.decide(swap_id, step)
        assert resp.status_code == 200, resp.text
    return resp.json()


async def test_in_chuxiong_the_key_project_office_decides_and_no_congress_is_asked(chain):
    assert (await _set_chain(chain, CHUXIONG)).status_code == 200
    replacement = await chain.reserve("IN", "1200", "350")
    swap = (await chain.request(replacement, headers=chain.unit)).json()
    assert swap["chain"] == CHUXIONG

    await _decide_all(chain, swap["id"], ["unit", "leader"])
    congress = await chain.decide(swap["id"], "congress")
    assert congress.status_code == 422
    assert (congress.json()["code"], [e["field"] for e in congress.json()["errors"]]) == (
        "step_not_in_chain", ["body.step"])
    assert congress.json()["message"] == "该调整申请的审批流程中没有这一环节。"

    before = await chain.year_list()
    done = (await chain.decide(swap["id"], "office_decision", comment="州重点项目办同意中期调整")).json()
    assert (done["status"], done["current_step"]) == ("approved", None)
    assert [(h["step"], h["actor_role"]) for h in done["history"]] == [
        (None, "unit"), ("unit", "unit"), ("leader", "leader"), ("office_decision", "office")]
    count, _, ids = await chain.year_list()
    assert count == before[0] and replacement["id"] in ids and chain.out["id"] not in ids


async def test_a_request_keeps_the_chain_it_was_made_under(chain):
    first = await chain.reserve("IN1", "1200", "350")
    under_way = (await chain.request(first)).json()
    await _decide_all(chain, under_way["id"], ["unit"])
    assert (await _set_chain(chain, CHUXIONG)).status_code == 200

    # the request made before the change still climbs 栾川's chain up to the standing committee
    kept = (await chain.client.get(f"{URL}/{under_way['id']}", headers=chain.office)).json()
    assert kept["chain"] == ["unit", "leader", "office_filing", "county_committee", "congress"]
    assert (await chain.decide(under_way["id"], "office_decision")).json()["code"] == "step_not_in_chain"
    done = await _decide_all(chain, under_way["id"], ["leader", "office_filing", "county_committee"])
    assert done["status"] == "pending"
    assert (await _decide_all(chain, under_way["id"], ["congress"]))["status"] == "approved"


async def test_a_chain_starts_with_the_units_request_and_names_each_step_once(chain):
    for steps, field in ((["leader", "office_decision"], "body"), (["unit", "leader", "leader"], "body"),
                         (["unit"], "body.steps"), ([], "body.steps")):
        resp = await _set_chain(chain, steps)
        assert resp.status_code == 422, steps
        assert [e["field"] for e in resp.json()["errors"]] == [field], steps
    no_unit = await _set_chain(chain, ["leader", "office_decision"])
    assert "须以“责任单位（业主单位）提出”开始" in no_unit.json()["errors"][0]["message"]


async def test_a_reserve_replacement_enters_only_at_a_stage_the_region_uses(chain):
    put = await chain.client.put(f"/api/v1/policies/{REGION}/stages", headers=chain.office, json={
        "used_stages": ["reserve", "preliminary", "under_construction", "completed", "in_operation"]})
    assert put.status_code == 200, put.text
    replacement = await chain.reserve("IN", "1200", "350")
    refused = await chain.request(replacement, replacement_stage="new_start")
    assert refused.status_code == 422
    assert (refused.json()["code"], [e["field"] for e in refused.json()["errors"]]) == (
        "stage_not_used", ["body.replacement_stage"])
    assert (await chain.request(replacement, replacement_stage="preliminary")).status_code == 201
