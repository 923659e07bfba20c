"""The yearly list cycle (年度项目清单编制, 清水 seed 003): the calendar of steps that builds next year's list, each
due, overdue like any other deadline, done in the seed's order and recorded with who approved it."""

from __future__ import annotations

from datetime import datetime

from tests.registry.list_cycle.conftest import LONG
from tuijin.kernel.clock import SHANGHAI, clock

REGION = "410324"


def at(day: str) -> None:
    clock.set(datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=SHANGHAI), frozen=True)


async def open_cycle(county, office, year: int = 2027, key: str = "open-2027"):
    return await county.client.post("/api/v1/list-cycles", json={"region_code": REGION, "target_year": year},
                                    headers={**office, "Idempotency-Key": key})


async def complete(county, office, cycle: dict, step: str, etag: str, on: str = "2026-08-28",
                   who: str = "县发改局 王局长"):
    return await county.client.post(
        f"/api/v1/list-cycles/{cycle['id']}/steps/{step}/complete",
        json={"approved_by": who, "approved_on": on, "note": "已印发"},
        headers={**office, "If-Match": etag})


async def test_opening_a_cycle_lays_out_the_six_steps_due_in_the_year_before_as_the_seed_says(county, office):
    """清水: guide list by the end of August, reserve libraries by early September (9月10日), next year's list and the
    land demand list by the end of October; a due day on a weekend moves to the next working day (2026-10-31 is a
    Saturday: due Monday 2 November)."""
    at("2026-08-01")
    resp = await open_cycle(county, office)
    assert resp.status_code == 201, resp.text
    cycle = resp.json()
    assert resp.headers["ETag"] == '"1"'
    steps = {s["step"]: s for s in cycle["steps"]}
    assert [s["step"] for s in cycle["steps"]] == ["guide_list", "reserve_libraries", "joint_review",
                                                   "county_approval", "next_year_list", "land_demand_list"]
    assert {k: s["due_date"] for k, s in steps.items()} == {
        "guide_list": "2026-08-31", "reserve_libraries": "2026-09-10", "joint_review": "2026-09-30",
        "county_approval": "2026-10-20", "next_year_list": "2026-10-31", "land_demand_list": "2026-10-31"}
    assert steps["next_year_list"]["effective_due_date"] == "2026-11-02"
    assert all(s["status"] == "pending" and not s["is_overdue"] for s in cycle["steps"])
    assert steps["joint_review"]["waiting_for"] == ["reserve_libraries"]

    read = await county.client.get(f"/api/v1/list-cycles/{cycle['id']}", headers=office)
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'


async def test_one_cycle_per_region_and_year_and_a_retry_replays(county, office):
    """Opening the same year again is 409 list_cycle_exists; the same Idempotency-Key replays the first answer."""
    at("2026-08-01")
    first = await open_cycle(county, office)
    again = await open_cycle(county, office)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    other = await open_cycle(county, office, key="another-key")
    assert other.status_code == 409 and other.json()["code"] == "list_cycle_exists"


async def test_steps_are_done_in_order_with_who_approved_them(county, office):
    """The joint review waits for the reserve libraries, which wait for the guide list: a step out of order is a 409
    naming the step and what it waits for; a done step records who approved it, when, and the note."""
    at("2026-08-01")
    cycle = (await open_cycle(county, office)).json()
    at("2026-08-28")
    early = await complete(county, office, cycle, "joint_review", '"1"')
    assert early.status_code == 409, early.text
    problem = early.json()
    assert problem["code"] == "list_cycle_step_out_of_order"
    assert problem["step"] == "joint_review" and problem["waiting_for"] == ["reserve_libraries"]
    assert problem["message"]

    done = await complete(county, office, cycle, "guide_list", '"1"')
    assert done.status_code == 200, done.text
    assert done.headers["ETag"] == '"2"'
    guide = done.json()["steps"][0]
    assert (guide["status"], guide["approved_by"], guide["approved_on"], guide["note"]) == (
        "done", "县发改局 王局长", "2026-08-28", "已印发")
    assert guide["recorded_at"] is not None

    stale = await complete(county, office, cycle, "reserve_libraries", '"1"')
    assert stale.status_code == 412
    twice = await complete(county, office, cycle, "guide_list", '"2"')
    assert twice.status_code == 409 and twice.json()["code"] == "list_cycle_step_done"
    no_if_match = await county.client.post(
        f"/api/v1/list-cycles/{cycle['id']}/steps/reserve_libraries/complete",
        json={"approved_by": "县发改局", "approved_on": "2026-08-28"}, headers=office)
    assert no_if_match.status_code == 428
    future = await complete(county, office, cycle, "reserve_libraries", '"2"', on="2026-09-01")
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "body.approved_on"
    # the land demand list needs the reserve libraries only, not the county's approval
    libraries = await complete(county, office, cycle, "reserve_libraries", '"2"')
    assert libraries.status_code == 200 and libraries.headers["ETag"] == '"3"', libraries.headers
    assert (await complete(county, office, cycle, "land_demand_list", '"3"')).status_code == 200


async def test_a_pending_step_is_overdue_the_day_after_its_effective_due_day(county, office):
    """A step still pending after its due day is overdue, late by calendar and working days; on the due day itself
    it is not; a due day moved off a weekend (10月31日 → 11月2日) is overdue only from 11月3日."""
    at("2026-08-01")
    cycle = (await open_cycle(county, office)).json()
    url = f"/api/v1/list-cycles/overdue-steps?region_code={REGION}"
    at("2026-08-31")
    assert (await county.client.get(url, headers=office)).json() == []
    at("2026-09-02")
    overdue = (await county.client.get(url, headers=office)).json()
    assert [(s["step"], s["days_late"], s["working_days_late"]) for s in overdue] == [("guide_list", 2, 2)]
    assert overdue[0]["cycle_id"] == cycle["id"] and overdue[0]["target_year"] == 2027
    at("2026-11-02")
    steps = {s["step"] for s in (await county.client.get(url, headers=office)).json()}
    assert "next_year_list" not in steps and "county_approval" in steps
    at("2026-11-03")
    steps = {s["step"] for s in (await county.client.get(url, headers=office)).json()}
    assert {"next_year_list", "land_demand_list"} <= steps


async def test_due_days_are_a_regional_policy(county, office):
    """Another county changes the due days through its list_cycle policy: the cycle takes them when it opens."""
    resp = await county.client.put(
        f"/api/v1/policies/{REGION}/list_cycle",
        json={"guide_list": {"month": 7, "day": 31}}, headers=office)
    assert resp.status_code in (200, 201), resp.text
    at("2026-07-01")
    cycle = (await open_cycle(county, office)).json()
    assert cycle["steps"][0]["due_date"] == "2026-07-31"
    assert cycle["steps"][1]["due_date"] == "2026-09-10"


async def test_only_the_office_opens_and_completes_and_other_regions_do_not_see_the_cycle(county, office, stack):
    at("2026-08-01")
    leader = stack.auth("leader", region=REGION, ttl=LONG)
    resp = await county.client.post("/api/v1/list-cycles", json={"region_code": REGION, "target_year": 2027},
                                    headers=leader)
    assert resp.status_code == 403
    cycle = (await open_cycle(county, office)).json()
    assert (await county.client.get(f"/api/v1/list-cycles/{cycle['id']}", headers=leader)).status_code == 200
    other = stack.auth("office", region="410325", ttl=LONG)
    assert (await county.client.get(f"/api/v1/list-cycles/{cycle['id']}", headers=other)).status_code == 404


async def test_a_regions_cycles_are_listed_latest_year_first(county, office, stack):
    """A front end finds a year's cycle by region and year; another region's office is refused."""
    await open_cycle(county, office, 2027, key="k27")
    await open_cycle(county, office, 2028, key="k28")
    url = f"/api/v1/list-cycles?region_code={REGION}"
    assert [c["target_year"] for c in (await county.client.get(url, headers=office)).json()] == [2028, 2027]
    one = (await county.client.get(f"{url}&target_year=2027", headers=office)).json()
    assert [c["target_year"] for c in one] == [2027] and len(one[0]["steps"]) == 6
    other = await county.client.get(url, headers=stack.auth("office", region="410325", ttl=LONG))
    assert (other.status_code, other.json()["code"]) == (403, "region_forbidden")
