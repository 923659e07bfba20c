"""Calendar overrides are per region: a region's office edits its own region's overrides, the national calendar
is the admin's, and a record's working days are the national calendar overlaid by its region's overrides, so
one county's change never moves another county's timers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tuijin.kernel.clock import clock

A, B = "410324", "410325"
ADD = "/api/v1/calendar/add-working-days"
DAYS = "/api/v1/calendar/days"
DISPATCH = "/api/v1/admin/registry/jobs/outbox-dispatch/run"
# 2026-10-02 is a National Day holiday: made a working day, it comes first after 2026-09-30
HOLIDAY = "2026-10-02"


def url(day: str = HOLIDAY) -> str:
    return f"/api/v1/calendar/overrides/{day}"


async def next_working_day(stack: Any, region: str | None, headers: dict[str, str] | None = None) -> str:
    params = {"start": "2026-09-30", "days": 1, **({"region_code": region} if region else {})}
    resp = await stack.client("registry").get(ADD, params=params, headers=headers or stack.auth("admin", region=None))
    assert resp.status_code == 200, resp.text
    return resp.json()["result"]


@pytest.fixture
def registry(stack: Any) -> Any:
    return stack.client("registry")


async def test_a_regions_office_override_moves_its_own_calendar_only(stack, registry):
    resp = await registry.put(url(), json={"is_working_day": True, "note": "县内调休"},
                              headers=stack.auth("office", region=A))
    assert resp.status_code == 200, resp.text
    assert resp.json()["override_region_code"] == A
    assert await next_working_day(stack, A) == HOLIDAY
    assert await next_working_day(stack, B) == "2026-10-08"
    assert await next_working_day(stack, "national") == "2026-10-08"
    # each caller reads its own region's calendar by default
    assert await next_working_day(stack, None, stack.auth("unit", region=A)) == HOLIDAY
    assert await next_working_day(stack, None, stack.auth("unit", region=B)) == "2026-10-08"
    days = (await registry.get(DAYS, params={"from": HOLIDAY, "to": HOLIDAY}, headers=stack.auth("unit", region=A)))
    assert [(d["source"], d["override_region_code"], d["note"]) for d in days.json()] == [("override", A, "县内调休")]


async def test_a_prefectures_override_applies_to_its_counties_and_a_countys_own_wins(stack, registry):
    """A region's override reaches the regions below it (410300 ⊃ 410324); the narrowest region decides a day."""
    resp = await registry.put(url(), json={"is_working_day": True}, headers=stack.auth("office", region="410300"))
    assert resp.status_code == 200, resp.text
    assert await next_working_day(stack, A) == await next_working_day(stack, B) == HOLIDAY
    assert await next_working_day(stack, "410400") == "2026-10-08"  # another prefecture
    resp = await registry.put(url(), json={"is_working_day": False}, headers=stack.auth("office", region=A))
    assert resp.status_code == 200, resp.text
    assert (await next_working_day(stack, A), await next_working_day(stack, B)) == ("2026-10-08", HOLIDAY)


async def test_an_office_cannot_set_or_remove_a_national_override_and_an_admin_can(stack, registry):
    office = stack.auth("office", region=A)
    refused = await registry.put(url(), params={"region_code": "national"}, json={"is_working_day": True},
                                 headers=office)
    assert (refused.status_code, refused.json()["code"]) == (403, "national_calendar_admin_only")
    assert "系统管理员" in refused.json()["detail"]
    assert await next_working_day(stack, A) == "2026-10-08"

    admin = stack.auth("admin", region=None)
    resp = await registry.put(url(), json={"is_working_day": True, "note": "国务院通知调整"}, headers=admin)
    assert resp.status_code == 200, resp.text
    assert resp.json()["override_region_code"] is None
    assert await next_working_day(stack, A) == await next_working_day(stack, B) == HOLIDAY

    removal = await registry.delete(url(), params={"region_code": "national"}, headers=office)
    assert (removal.status_code, removal.json()["code"]) == (403, "national_calendar_admin_only")
    assert (await registry.delete(url(), headers=admin)).status_code == 204
    assert await next_working_day(stack, B) == "2026-10-08"


async def test_an_office_cannot_edit_another_regions_overrides_they_are_not_found(stack, registry):
    await registry.put(url(), json={"is_working_day": True}, headers=stack.auth("office", region=B))
    office_a = stack.auth("office", region=A)
    for resp in (
        await registry.put(url(), params={"region_code": B}, json={"is_working_day": False}, headers=office_a),
        await registry.delete(url(), params={"region_code": B}, headers=office_a),
        await registry.get(ADD, params={"start": "2026-09-30", "days": 1, "region_code": B}, headers=office_a),
    ):
        assert (resp.status_code, resp.json()["code"]) == (404, "region_not_found"), resp.text
    assert await next_working_day(stack, B) == HOLIDAY
    # region A has no override of its own on that day
    missing = await registry.delete(url(), headers=office_a)
    assert (missing.status_code, missing.json()["code"]) == (404, "override_not_found")


# ---------------------------------------------------------------- a timer in another service


async def _county(stack: Any, region: str, name: str) -> str:
    """A unit, a system, a post and a project of ``region``; returns the project id."""
    registry, office = stack.client("registry"), stack.auth("office", region=region)

    async def post(path: str, body: dict[str, Any]) -> str:
        resp = await registry.post(path, json=body, headers=office)
        assert resp.status_code == 201, resp.text
        return resp.json()["id"]

    unit = await post("/api/v1/units", {"region_code": region, "name": f"{name}交通运输局", "kind": "department"})
    system = await post("/api/v1/systems", {"region_code": region, "name": "基础设施体系", "convening_unit_id": unit})
    post_id = await post("/api/v1/posts", {"region_code": region, "title": "副县长（分管交通）"})
    return await post("/api/v1/projects", {
        "region_code": region, "code": f"{region}-1", "name": f"{name}道路项目", "stage": "under_construction",
        "total_investment": "12000", "responsible_unit_id": unit, "system_id": system, "leader_post_id": post_id})


async def test_an_override_of_one_county_does_not_move_another_countys_problem_deadline(stack, registry):
    """The issues service's ladder timer counts working days on the problem's region's calendar: 栾川's office
    making a National Day holiday a working day brings 栾川's deadline forward, not 嵩县's."""
    clock.set(datetime.fromisoformat("2026-09-29T09:00:00+08:00"), frozen=True)
    admin = stack.auth("admin", region=None)
    for code, name, level, parent in (("410000", "河南省", "province", None),
                                      ("410300", "洛阳市", "prefecture", "410000"),
                                      (A, "栾川县", "county", "410300"), (B, "嵩县", "county", "410300")):
        resp = await registry.post("/api/v1/regions", json={"code": code, "name": name, "level": level,
                                                            "parent_code": parent}, headers=admin)
        assert resp.status_code == 201, resp.text
    projects = {A: await _county(stack, A, "栾川县"), B: await _county(stack, B, "嵩县")}
    for day in ("2026-10-02", "2026-10-05", "2026-10-06"):
        resp = await registry.put(url(day), json={"is_working_day": True}, headers=stack.auth("office", region=A))
        assert resp.status_code == 200, resp.text
    run = await registry.post(DISPATCH, headers=admin)
    assert run.status_code == 200, run.text

    deadlines = {}
    for region, project_id in projects.items():
        resp = await stack.client("issues").post("/api/v1/problems", headers=stack.auth("office", region=region),
                                                 json={"project_id": project_id, "category": "land",
                                                       "description": "用地预审未批复，影响开工"})
        assert resp.status_code == 201, resp.text
        deadlines[region] = date.fromisoformat(resp.json()["deadline"])
    assert deadlines[A] < deadlines[B]
    issues = stack.apps["issues"]
    async with issues.state.sessionmaker() as session:
        national = await issues.state.calendar.get(session, None)
        a_cal = await issues.state.calendar.get(session, A)
    span = national.working_days_between(date(2026, 9, 29), deadlines[B])
    assert a_cal.working_days_between(date(2026, 9, 29), deadlines[A]) == span  # the same timer on each calendar


# ---------------------------------------------------------------- the migration


async def test_the_overrides_made_before_become_national_ones_and_a_downgrade_keeps_those(fresh_databases):
    """Overrides were global before: the migration keeps each as a national override (region_code NULL); a
    downgrade keeps the national ones and drops the regions' own (the old table has no place for them)."""
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from tuijin.kernel.migrations import downgrade, upgrade

    url = await fresh_databases.new("cal_mig")
    await asyncio.to_thread(upgrade, "tuijin.registry", url, "0010")
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO calendar_overrides (day, is_working_day, note, updated_at, updated_by)"
                                    " VALUES (:d, :w, '调休', :t, 'office')"),
                               {"d": date(2026, 10, 2), "w": True, "t": datetime(2026, 9, 1)})
        await asyncio.to_thread(upgrade, "tuijin.registry", url, "0011")
        async with engine.begin() as conn:
            rows = (await conn.execute(text("SELECT region_code, day, is_working_day, note FROM calendar_overrides"))
                    ).all()
            assert [(r[0], str(r[1]), bool(r[2]), r[3]) for r in rows] == [(None, "2026-10-02", True, "调休")]
            await conn.execute(text("INSERT INTO calendar_overrides (id, region_code, day, is_working_day, note, "
                                    "updated_at, updated_by) VALUES (:i, :r, :d, 0 = 1, '', :t, 'office')"),
                               {"i": "0" * 32, "r": A, "d": date(2026, 10, 5), "t": datetime(2026, 9, 1)})
        await asyncio.to_thread(downgrade, "tuijin.registry", url, "0010")
        async with engine.begin() as conn:
            rows = (await conn.execute(text("SELECT day FROM calendar_overrides"))).all()
            assert [str(r[0]) for r in rows] == ["2026-10-02"]
    finally:
        await engine.dispose()
