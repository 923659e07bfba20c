"""The stages a region uses and its groups of stages (the ``stages`` policy): 惠济's 招商 projects (seed 004 (一):
"续建项目……新开工项目……前期项目……招商项目抓好与投资单位的跟踪对接，确保项目尽早签约落地") and 楚雄's 3个30
(seed 001: "30个在建项目、30个新开工项目、30个重大前期项目")."""

from __future__ import annotations

from datetime import date

from tests.registry.conftest import REGION
from tests.registry.project_lists.sheets import make_xlsx, row, upload
from tuijin.registry.lights.rules import start_light
from tuijin.registry.policies import WarningLightThresholds

HUIJI = {"used_stages": ["investment_promotion", "preliminary", "new_start", "under_construction", "completed",
                         "in_operation"]}
CHUXIONG = {
    "used_stages": ["preliminary", "new_start", "under_construction", "completed", "in_operation"],
    "stage_groups": [
        {"code": "under_construction_30", "name": "30个在建项目", "stages": ["under_construction"], "target": 30},
        {"code": "new_start_30", "name": "30个新开工项目", "stages": ["new_start"], "target": 30},
        {"code": "preliminary_30", "name": "30个重大前期项目", "stages": ["preliminary"], "target": 30},
    ],
}


async def _set(county, value: dict) -> None:
    put = await county.client.put(f"/api/v1/policies/{REGION}/stages", json=value, headers=county.office)
    assert put.status_code == 200, put.text


async def _move(county, project: dict, to_stage: str):
    return await county.client.post(f"/api/v1/projects/{project['id']}/stage-changes", headers=county.office,
                                    json={"to_stage": to_stage, "reason": "签约落地"})


async def test_a_region_that_does_not_use_zhaoshang_refuses_it_naming_the_field(county):
    refused = await county.client.post("/api/v1/projects", headers=county.office, json={
        "region_code": REGION, "code": "ZS-1", "name": "招商项目", "stage": "investment_promotion",
        "total_investment": "50000", "responsible_unit_id": county.units["交通局"]})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "stage_not_used"
    assert [e["field"] for e in problem["errors"]] == ["body.stage"]
    assert "招商" in problem["errors"][0]["message"] and "不使用" in problem["errors"][0]["message"]
    assert problem["message"] == "本地区不使用所选的建设阶段，请选择本地区使用的阶段。"


async def test_huiji_registers_a_zhaoshang_project_that_moves_on_once_signed(county):
    await _set(county, HUIJI)
    project = await county.project("ZS-1", stage="investment_promotion")
    assert project["stage"] == "investment_promotion"
    # 招商 → 新开工 (签约落地); nothing goes from 招商 straight to construction
    assert (await _move(county, project, "under_construction")).json()["code"] == "stage_transition_not_allowed"
    moved = await _move(county, project, "new_start")
    assert moved.status_code == 201, moved.text
    # 惠济 has no reserve library: a project cannot fall back to it there
    back = await _move(county, project, "reserve")
    assert back.status_code == 422
    assert (back.json()["code"], [e["field"] for e in back.json()["errors"]]) == ("stage_not_used", ["body.to_stage"])


async def test_chuxiongs_three_thirties_are_groups_with_targets_the_office_reads(county):
    await _set(county, CHUXIONG)
    for code, stage in (("A", "under_construction"), ("B", "under_construction"), ("C", "new_start")):
        project = await county.project(code, stage=stage)
        plan = await county.client.put(f"/api/v1/projects/{project['id']}/year-plans/2026", headers=county.office,
                                       json={"planned_investment": "1000"})
        assert plan.status_code == 200, plan.text
    got = await county.client.get(f"/api/v1/statistics/stage-groups?region_code={REGION}&year=2026",
                                  headers=county.office)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["used_stages"] == CHUXIONG["used_stages"]
    groups = body["groups"]
    assert [(g["name"], g["target"], g["projects"], g["planned_investment"], g["short_by"]) for g in groups] == [
        ("30个在建项目", 30, 2, "2000.00", 28), ("30个新开工项目", 30, 1, "1000.00", 29),
        ("30个重大前期项目", 30, 0, "0.00", 30)]
    # the statistics break the list down by the stages 楚雄 uses: no 储备, no 招商
    stats = await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026", headers=county.office)
    assert [g["key"] for g in stats.json()["by_stage"]] == CHUXIONG["used_stages"]


async def test_a_stages_policy_is_checked_whole(county):
    cases = [
        {"used_stages": ["preliminary", "preliminary"]},  # a repeat
        {"used_stages": ["reserve", "under_construction"]},  # nothing leads from 储备 to 在建
        {"used_stages": ["new_start", "under_construction"],  # a group naming a stage the region does not use
         "stage_groups": [{"code": "pre", "name": "前期", "stages": ["preliminary"], "target": 3}]},
    ]
    for value in cases:
        resp = await county.client.put(f"/api/v1/policies/{REGION}/stages", json=value, headers=county.office)
        assert resp.status_code == 422, value
        assert [e["field"] for e in resp.json()["errors"]] == ["body"]
    empty = await county.client.put(f"/api/v1/policies/{REGION}/stages", json={"used_stages": []},
                                    headers=county.office)
    assert [e["field"] for e in empty.json()["errors"]] == ["body.used_stages"]


def test_a_zhaoshang_project_has_no_start_light_until_it_is_signed():
    # not signed yet (尚未签约落地): a planned start month long past does not turn it red (our choice)
    verdict = start_light("investment_promotion", date(2026, 1, 15), date(2026, 9, 1), WarningLightThresholds())
    assert (verdict.colour.value, verdict.reason_code) == ("green", "investment_promotion")
    assert start_light("new_start", date(2026, 1, 15), date(2026, 9, 1), WarningLightThresholds()).colour.value == "red"


async def test_an_import_row_at_zhaoshang_is_refused_where_the_region_does_not_use_it(county):
    refused = await upload(county, make_xlsx([row(建设性质="招商")]))
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["type"]) for e in refused.json()["errors"]] == [("rows.3.建设性质", "stage_not_used")]

    await _set(county, HUIJI)
    taken = await upload(county, make_xlsx([row(建设性质="招商")]))
    assert taken.status_code in (200, 201), taken.text
    projects = (await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)).json()
    assert [p["stage"] for p in projects["items"]] == ["investment_promotion"]
