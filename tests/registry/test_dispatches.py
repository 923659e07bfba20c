"""Dispatches (调度) and the cadence by stage (楚雄 seed 001 四(三): "做到未动工项目天天促，即将动工项目十天一调度，
已动工项目一月一调度"): a not-started project (前期) is due every working day, an about-to-start one (计划新开工)
every ten working days, a started one (在建) once a month; the office or the responsible unit records a dispatch."""

from __future__ import annotations

import pytest

from tests.registry.reports.clerk import Clerk

REGION = "410324"
URL = "/api/v1/dispatches"
DUE = f"/api/v1/regions/{REGION}/dispatches-due"
CHUXIONG = {"stages": [
    {"stage": "preliminary", "every": "daily", "days": None},
    {"stage": "new_start", "every": "every_n_days", "days": 10},
    {"stage": "under_construction", "every": "monthly", "days": None},
], "days_counted": "working"}


@pytest.fixture
def clerk(stack, county) -> Clerk:
    c = Clerk(stack, county)
    c.at("2026-03-02T09:00:00+08:00")  # a Monday
    return c


async def _cadence(clerk: Clerk, value: dict = CHUXIONG) -> None:
    resp = await clerk.client.put(f"/api/v1/policies/{REGION}/dispatch_cadence", json=value, headers=clerk.office)
    assert resp.status_code == 200, resp.text


async def _dispatch(clerk: Clerk, project_id: str, day: str | None = None, headers=None):
    body = {"project_id": project_id, "dispatched_by": "县重点办 李主任", "findings": "用地预审未取得",
            "decisions": "国土局一周内完成初审", "next_steps": "下周再调度", "dispatched_on": day}
    return await clerk.client.post(URL, json=body, headers=headers or clerk.office)


async def _due(clerk: Clerk, on: str, headers=None) -> dict[str, dict]:
    resp = await clerk.client.get(f"{DUE}?on={on}", headers=headers or clerk.office)
    assert resp.status_code == 200, resp.text
    return {row["project_code"]: row for row in resp.json()}


async def _three(clerk: Clerk) -> dict[str, str]:
    """楚雄's three kinds of project, each dispatched on Monday 2026-03-02."""
    ids = {"未动工": await clerk.project("CX-1", stage="preliminary"),
           "即将动工": await clerk.project("CX-2", stage="new_start"),
           "已动工": await clerk.project("CX-3", stage="under_construction")}
    for pid in ids.values():
        assert (await _dispatch(clerk, pid, "2026-03-02")).status_code == 201
    return ids


async def test_not_started_daily_about_to_start_every_ten_days_started_monthly(clerk: Clerk):
    """The seed's rule: after a dispatch on Monday 03-02, the not-started project is due again on Tuesday, the
    about-to-start one ten working days on (Monday 03-16), the started one on the same day next month (04-02)."""
    await _cadence(clerk)
    await _three(clerk)
    assert set(await _due(clerk, "2026-03-02")) == set()
    assert set(await _due(clerk, "2026-03-03")) == {"CX-1"}
    assert set(await _due(clerk, "2026-03-13")) == {"CX-1"}
    on_16 = await _due(clerk, "2026-03-16")
    assert set(on_16) == {"CX-1", "CX-2"}
    assert (on_16["CX-2"]["due_on"], on_16["CX-2"]["overdue"], on_16["CX-2"]["cadence"]) == (
        "2026-03-16", False, "every_n_days")
    assert (on_16["CX-2"]["days_since"], on_16["CX-2"]["working_days_since"]) == (14, 10)
    assert on_16["CX-2"]["last_dispatch"]["decisions"] == "国土局一周内完成初审"
    assert set(await _due(clerk, "2026-04-01")) == {"CX-1", "CX-2"}
    on_0402 = await _due(clerk, "2026-04-02")
    assert on_0402["CX-3"]["due_on"] == "2026-04-02" and on_0402["CX-3"]["cadence"] == "monthly"


async def test_daily_means_every_working_day_and_overdue_counts_working_days(clerk: Clerk):
    """天天促 on the region's calendar: dispatched on Friday 04-03, the next is due on Tuesday 04-07 (the weekend and
    清明 04-04–04-06 are not working days); on Thursday 04-09 it is 2 working days overdue."""
    await _cadence(clerk)
    a = await clerk.project("CX-1", stage="preliminary")
    clerk.at("2026-04-03T17:00:00+08:00")
    assert (await _dispatch(clerk, a)).status_code == 201
    assert await _due(clerk, "2026-04-06") == {}
    row = (await _due(clerk, "2026-04-07"))["CX-1"]
    assert (row["due_on"], row["overdue"], row["overdue_working_days"]) == ("2026-04-07", False, 0)
    row = (await _due(clerk, "2026-04-09"))["CX-1"]
    assert (row["overdue"], row["overdue_working_days"], row["days_since"]) == (True, 2, 6)


async def test_a_project_never_dispatched_is_due_from_the_day_it_entered_its_stage(clerk: Clerk):
    """No dispatch yet: due at once (from its registration day), with no last dispatch."""
    await _cadence(clerk)
    await clerk.project("CX-2", stage="new_start")
    row = (await _due(clerk, "2026-03-02"))["CX-2"]
    assert (row["due_on"], row["last_dispatch"], row["days_since"]) == ("2026-03-02", None, None)
    row = (await _due(clerk, "2026-03-04"))["CX-2"]
    assert (row["overdue"], row["overdue_working_days"]) == (True, 2)


async def test_a_dispatch_restarts_the_cadence_and_a_started_project_follows_its_new_stage(clerk: Clerk):
    """Dispatched again on 03-16 the about-to-start project leaves the list; once it has started (在建) it is due a
    month after its last dispatch, not ten working days."""
    await _cadence(clerk)
    ids = await _three(clerk)
    clerk.at("2026-03-16T10:00:00+08:00")
    assert (await _dispatch(clerk, ids["即将动工"])).status_code == 201
    assert "CX-2" not in await _due(clerk, "2026-03-16")
    resp = await clerk.client.post(f"/api/v1/projects/{ids['即将动工']}/stage-changes",
                                   json={"to_stage": "under_construction", "changed_on": "2026-03-16"},
                                   headers=clerk.office)
    assert resp.status_code == 201, resp.text
    assert "CX-2" not in await _due(clerk, "2026-03-30")
    assert (await _due(clerk, "2026-04-16"))["CX-2"]["cadence"] == "monthly"


async def test_ten_calendar_days_when_the_policy_counts_calendar_days(clerk: Clerk):
    """``days_counted: calendar``: dispatched 03-02, due again 03-12 (ten calendar days), not 03-16."""
    await _cadence(clerk, {**CHUXIONG, "days_counted": "calendar"})
    b = await clerk.project("CX-2", stage="new_start")
    assert (await _dispatch(clerk, b, "2026-03-02")).status_code == 201
    assert await _due(clerk, "2026-03-11") == {}
    assert (await _due(clerk, "2026-03-12"))["CX-2"]["due_on"] == "2026-03-12"


async def test_no_cadence_by_default(clerk: Clerk):
    """Off by default (only 楚雄's seed gives a cadence by stage): nothing is ever due."""
    await clerk.project("CX-1", stage="preliminary")
    assert await _due(clerk, "2026-06-30") == {}


async def test_the_office_and_the_responsible_unit_record_a_dispatch_the_owner_unit_does_not(clerk: Clerk):
    """The responsible unit (交通局) records one; the owner unit (钼业) sees the project but may not (403); a dispatch
    dated after today is refused (422)."""
    a = await clerk.project("CX-1", stage="preliminary", owner_unit_id=clerk.county.units["钼业"])
    made = await _dispatch(clerk, a, headers=clerk.unit("交通局"))
    assert made.status_code == 201, made.text
    assert (made.json()["unit_id"], made.json()["stage"], made.json()["dispatched_on"]) == (
        clerk.county.units["交通局"], "preliminary", "2026-03-02")
    refused = await _dispatch(clerk, a, headers=clerk.unit("钼业"))
    assert (refused.status_code, refused.json()["code"]) == (403, "dispatcher_required")
    future = await _dispatch(clerk, a, "2026-03-03")
    assert (future.status_code, future.json()["code"]) == (422, "dispatch_in_future")
    listed = await clerk.client.get(f"{URL}?project_id={a}", headers=clerk.office)
    assert [d["id"] for d in listed.json()["items"]] == [made.json()["id"]]
    one = await clerk.client.get(f"{URL}/{made.json()['id']}", headers=clerk.unit("交通局"))
    assert one.status_code == 200 and one.json()["dispatched_by"] == "县重点办 李主任"


async def test_a_stage_without_a_cadence_is_not_listed_and_a_unit_sees_its_own(clerk: Clerk):
    """A completed project has no cadence; a unit sees only the projects it may see (发改委 sees none here)."""
    await _cadence(clerk)
    await clerk.project("CX-1", stage="preliminary")
    await clerk.project("CX-9", stage="completed")
    assert set(await _due(clerk, "2026-03-02")) == {"CX-1"}
    assert await _due(clerk, "2026-03-02", headers=clerk.unit("发改委")) == {}
    assert set(await _due(clerk, "2026-03-02", headers=clerk.unit("交通局"))) == {"CX-1"}
