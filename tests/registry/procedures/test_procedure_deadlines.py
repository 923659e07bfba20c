"""Procedure deadlines by level and the poverty-alleviation projects' completion (栾川 seed 000 二(二): "确保5月底前
县内手续办理完毕，全部手续6月底前大头落地"; 三(二): "确保易地扶贫搬迁、产业扶贫、休闲农业乡村旅游精准扶贫等项目在6月底前
全部完工"): county-level procedures open after 05-31 are listed, the share of procedures done is measured against
the 大头落地 share by 06-30, and a poverty project not completed by 06-30 is flagged."""

from __future__ import annotations

import pytest

from tests.registry.conftest import REGION
from tests.registry.procedures.test_procedures import catalogue, require, set_status
from tests.registry.reports.clerk import Clerk

URL = f"/api/v1/regions/{REGION}/procedure-deadlines"
LUANCHUAN = {"county_by": {"month": 5, "day": 31}, "all_by": {"month": 6, "day": 30}, "all_share": "80",
             "poverty_completed_by": {"month": 6, "day": 30}}


@pytest.fixture
def clerk(stack, county) -> Clerk:
    c = Clerk(stack, county)
    c.at("2026-03-02T09:00:00+08:00")
    return c


async def _deadlines(clerk: Clerk, value: dict = LUANCHUAN) -> None:
    resp = await clerk.client.put(f"/api/v1/policies/{REGION}/procedure_deadlines", json=value,
                                  headers=clerk.office)
    assert resp.status_code == 200, resp.text


async def _lines(clerk: Clerk, on: str, year: int = 2026) -> dict[str, dict]:
    resp = await clerk.client.get(f"{URL}?year={year}&on={on}", headers=clerk.office)
    assert resp.status_code == 200, resp.text
    return {row["project_code"]: row for row in resp.json()}


async def _city_level(clerk: Clerk, ptype: dict) -> None:
    """The office marks a type as approved by the city (not a county procedure)."""
    resp = await clerk.client.patch(f"/api/v1/procedure-types/{ptype['id']}", json={"approval_level": "city"},
                                    headers={**clerk.office, "If-Match": f'"{ptype["version"]}"'})
    assert resp.status_code == 200 and resp.json()["approval_level"] == "city", resp.text


async def _done(clerk: Clerk, project: dict, procedure: dict) -> None:
    resp = await set_status(clerk, project, procedure, status="done", approval_number="栾发改〔2026〕1号",
                            approval_date="2026-03-02")
    assert resp.status_code in (200, 201), resp.text


async def _project(clerk: Clerk, code: str, **fields) -> dict:
    pid = await clerk.project(code, plan="1000", **fields)
    return {"id": pid}


async def test_county_procedures_open_after_the_end_of_may_are_listed_not_before(clerk: Clerk):
    """On 05-31 nothing is late; on 06-01 the open county-level procedures are, but not a city-level one nor a
    procedure done or not needed."""
    await _deadlines(clerk)
    types = await catalogue(clerk)
    await _city_level(clerk, types["land_pre_review"])
    a = await _project(clerk, "LC-A")
    eia = await require(clerk, a, types["eia"])
    await require(clerk, a, types["land_pre_review"])
    done = await require(clerk, a, types["approval_filing"])
    await _done(clerk, a, done)
    forest = await require(clerk, a, types["forest_land"])
    resp = await set_status(clerk, a, forest, status="not_needed", reason="项目不涉及占用林地")
    assert resp.status_code in (200, 201), resp.text
    line = (await _lines(clerk, "2026-05-31"))["LC-A"]
    assert (line["county_due"], line["county_open_late"]) == ("2026-05-31", [])
    line = (await _lines(clerk, "2026-06-01"))["LC-A"]
    assert [p["id"] for p in line["county_open_late"]] == [eia["id"]]
    assert line["county_open_late"][0]["procedure_name"] == "环境影响评价"


async def test_the_share_done_against_the_june_target(clerk: Clerk):
    """大头落地 read as 80% of the procedures needed: 3 of 4 done (75.00) is behind it after 06-30, 4 of 5 (80.00)
    meets it; before 06-30 nothing is behind; a not-needed procedure counts neither way."""
    await _deadlines(clerk)
    types = await catalogue(clerk)
    codes = ["approval_filing", "feasibility_study", "planning_site", "eia", "soil_water"]
    behind, meets = await _project(clerk, "LC-A"), await _project(clerk, "LC-B")
    for project, n_done, n_needed in ((behind, 3, 4), (meets, 4, 5)):
        for i, code in enumerate(codes[:n_needed]):
            proc = await require(clerk, project, types[code])
            if i < n_done:
                await _done(clerk, project, proc)
    skip = await require(clerk, behind, types["forest_land"])
    assert (await set_status(clerk, behind, skip, status="not_needed", reason="不涉及")).status_code in (200, 201)
    lines = await _lines(clerk, "2026-06-30")
    assert (lines["LC-A"]["done_share"], lines["LC-A"]["procedures_needed"]) == ("75.00", 4)
    assert (lines["LC-A"]["meets_share_target"], lines["LC-A"]["behind_share_target"]) == (False, False)
    lines = await _lines(clerk, "2026-07-01")
    assert (lines["LC-A"]["share_target"], lines["LC-A"]["behind_share_target"]) == ("80.00", True)
    assert (lines["LC-B"]["done_share"], lines["LC-B"]["meets_share_target"]) == ("80.00", True)
    assert lines["LC-B"]["behind_share_target"] is False


async def test_a_poverty_project_not_completed_by_the_end_of_june_is_flagged(clerk: Clerk):
    """扶贫项目 must be completed (竣工) by 06-30: one completed on 06-28 is fine, one completed on 07-03 and one still
    under construction (flagged with PATCH) are flagged on 07-06; a project without the flag is never flagged."""
    await _deadlines(clerk)
    on_time = await _project(clerk, "LC-P1", stage="under_construction", is_poverty_alleviation=True)
    late = await _project(clerk, "LC-P2", stage="under_construction", is_poverty_alleviation=True)
    flagged_later = await _project(clerk, "LC-P3", stage="under_construction")
    await _project(clerk, "LC-X", stage="under_construction")
    # the flag is set where projects are edited
    got = await clerk.client.get(f"/api/v1/projects/{flagged_later['id']}", headers=clerk.office)
    resp = await clerk.client.patch(f"/api/v1/projects/{flagged_later['id']}", json={"is_poverty_alleviation": True},
                                    headers={**clerk.office, "If-Match": got.headers["ETag"]})
    assert resp.status_code == 200 and resp.json()["is_poverty_alleviation"] is True, resp.text
    for project, day in ((on_time, "2026-06-28"), (late, "2026-07-03")):
        resp = await clerk.client.post(f"/api/v1/projects/{project['id']}/stage-changes",
                                       json={"to_stage": "completed", "changed_on": day}, headers=clerk.office)
        assert resp.status_code == 201, resp.text
    assert not any(r["poverty_not_completed"] for r in (await _lines(clerk, "2026-06-30")).values())
    lines = await _lines(clerk, "2026-07-06")
    flagged = {code for code, r in lines.items() if r["poverty_not_completed"]}
    assert flagged == {"LC-P2", "LC-P3"}
    assert (lines["LC-P1"]["completed_on"], lines["LC-P1"]["poverty_due"]) == ("2026-06-28", "2026-06-30")
    assert lines["LC-X"]["poverty_due"] is None


async def test_nothing_is_late_without_the_policy(clerk: Clerk):
    """Off by default (only 栾川's seed sets these days): the share is still measured, nothing is late."""
    types = await catalogue(clerk)
    a = await _project(clerk, "LC-A", is_poverty_alleviation=True)
    await require(clerk, a, types["eia"])
    line = (await _lines(clerk, "2026-12-31"))["LC-A"]
    assert (line["county_due"], line["all_due"], line["poverty_due"]) == (None, None, None)
    assert (line["county_open_late"], line["behind_share_target"], line["poverty_not_completed"]) == ([], False, False)
    assert line["done_share"] == "0.00"


async def test_a_project_off_the_years_list_is_not_listed(clerk: Clerk):
    """Only the year's list: a project without a plan for the year is not a line."""
    await _deadlines(clerk)
    await _project(clerk, "LC-A")
    await clerk.project("LC-NOPLAN")
    assert set(await _lines(clerk, "2026-06-01")) == {"LC-A"}
