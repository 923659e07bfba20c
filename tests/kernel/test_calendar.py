"""The working-day calendar: the national (holidays package) calendar for 2026, office overrides on
top of it, its API on the registry and the copy that reaches the other services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tuijin.kernel.calendar import WorkingCalendar

NATIONAL_DAY_2026 = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# ---------------------------------------------------------------- unit: the national calendar


def test_national_day_2026_is_seven_days_off(cal):
    assert [d for d in NATIONAL_DAY_2026 if cal.is_working_day(d)] == []
    assert cal.is_working_day(date(2026, 9, 30))
    assert cal.is_working_day(date(2026, 10, 8))


def test_national_day_has_the_holiday_name(cal):
    assert cal.holiday_name(date(2026, 10, 1)) == "National Day"
    assert cal.holiday_name(date(2026, 10, 8)) is None


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 10, 10)])
def test_make_up_saturday_is_a_working_day(cal, day):
    assert day.weekday() == 5  # a Saturday
    assert cal.is_working_day(day)


def test_ordinary_sunday_is_off_and_the_monday_after_is_on(cal):
    sunday = date(2026, 3, 8)
    assert sunday.weekday() == 6
    assert not cal.is_working_day(sunday)
    assert cal.is_working_day(sunday + timedelta(days=1))


@pytest.mark.parametrize(("days", "expected"), [
    (1, date(2026, 10, 8)),
    (2, date(2026, 10, 9)),
    (3, date(2026, 10, 10)),  # the make-up Saturday counts
    (4, date(2026, 10, 12)),  # Sunday 10-11 does not
])
def test_add_working_days_skips_national_day(cal, days, expected):
    assert cal.add_working_days(date(2026, 9, 30), days) == expected


def test_adding_zero_working_days_gives_the_start_even_on_a_holiday(cal):
    assert cal.add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 3)


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 10, 8), -1, date(2026, 9, 30)),
    (date(2026, 10, 12), -4, date(2026, 9, 30)),
    (date(2026, 10, 5), -1, date(2026, 9, 30)),  # from inside the holiday
    (date(2026, 10, 5), -2, date(2026, 9, 29)),
])
def test_negative_days_count_backwards_across_national_day(cal, start, days, expected):
    assert cal.add_working_days(start, days) == expected


def test_working_days_between_is_the_inverse_of_add_working_days(cal):
    # every start from mid-September to mid-October (working days, weekends, the holiday) and
    # every offset from -12 to 12, forwards and backwards
    starts = [date(2026, 9, 15) + timedelta(days=i) for i in range(35)]
    mismatches = [
        (start, n)
        for start in starts
        for n in range(-12, 13)
        if cal.working_days_between(start, cal.add_working_days(start, n)) != n
    ]
    assert mismatches == []


def test_working_days_between_counts_across_national_day(cal):
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert cal.working_days_between(date(2026, 10, 8), date(2026, 9, 30)) == -1


def test_override_beats_the_national_calendar():
    national_holiday, make_up_saturday = date(2026, 10, 2), date(2026, 10, 10)
    cal = WorkingCalendar({national_holiday: True, make_up_saturday: False})
    assert cal.is_working_day(national_holiday)
    assert not cal.is_working_day(make_up_saturday)
    assert cal.add_working_days(date(2026, 9, 30), 1) == national_holiday
    assert cal.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 12)


def test_next_working_day_moves_off_a_holiday_and_stays_on_a_working_day(cal):
    assert cal.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert cal.next_working_day(date(2026, 10, 8)) == date(2026, 10, 8)
    assert cal.next_working_day(date(2026, 10, 8), include_self=False) == date(2026, 10, 9)


# ---------------------------------------------------------------- API (registry)

DAYS = "/api/v1/calendar/days"
ADD = "/api/v1/calendar/add-working-days"


def override_url(day: str) -> str:
    return f"/api/v1/calendar/overrides/{day}"


async def test_days_endpoint_lists_each_day_with_its_status_and_source(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-09-30", "to": "2026-10-10"},
                                              headers=stack.auth("unit"))
    assert resp.status_code == 200, resp.text
    days = {d["day"]: d for d in resp.json()}
    assert list(days) == [(date(2026, 9, 30) + timedelta(days=i)).isoformat() for i in range(11)]
    assert days["2026-09-30"]["is_working_day"] is True
    assert days["2026-10-01"]["is_working_day"] is False
    assert days["2026-10-01"]["holiday"] == "National Day"
    assert days["2026-10-10"]["is_working_day"] is True
    assert {d["source"] for d in days.values()} == {"national"}


async def test_days_endpoint_needs_a_token(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-10-01", "to": "2026-10-02"})
    assert resp.status_code == 401
    assert resp.json()["code"] == "not_authenticated"


async def test_add_working_days_endpoint_follows_the_national_calendar(stack):
    resp = await stack.client("registry").get(ADD, params={"start": "2026-09-30", "days": 3},
                                              headers=stack.auth("unit"))
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"start": "2026-09-30", "days": 3, "result": "2026-10-10"}


async def test_range_longer_than_366_days_is_a_400_problem_naming_query_to(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-01-01", "to": "2027-01-03"},
                                              headers=stack.auth("unit"))
    assert resp.status_code == 400
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["code"] == "invalid_range"
    assert [e["field"] for e in body["errors"]] == ["query.to"]


async def test_range_of_exactly_366_days_is_accepted(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-01-01", "to": "2027-01-02"},
                                              headers=stack.auth("unit"))
    assert resp.status_code == 200, resp.text
    assert len(resp.json()) == 367


async def test_range_ending_before_it_starts_is_a_400_problem(stack):
    resp = await stack.client("registry").get(DAYS, params={"from": "2026-10-02", "to": "2026-10-01"},
                                              headers=stack.auth("unit"))
    assert resp.status_code == 400
    assert resp.json()["code"] == "invalid_range"


async def test_setting_an_override_needs_the_office_role(stack):
    client = stack.client("registry")
    resp = await client.put(override_url("2026-10-02"), json={"is_working_day": True, "note": "test"},
                            headers=stack.auth("unit"))
    assert resp.status_code == 403
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "role_required"
    after = await client.get(ADD, params={"start": "2026-09-30", "days": 1}, headers=stack.auth("unit"))
    assert after.json()["result"] == "2026-10-08"


async def test_office_override_changes_add_working_days(stack):
    client = stack.client("registry")
    resp = await client.put(override_url("2026-10-02"), json={"is_working_day": True, "note": "调休上班"},
                            headers=stack.auth("office"))
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"day": "2026-10-02", "is_working_day": True, "holiday": "National Day",
                           "source": "override", "note": "调休上班", "override_region_code": "410324",
                           "etag": resp.headers["etag"]}
    after = await client.get(ADD, params={"start": "2026-09-30", "days": 1}, headers=stack.auth("unit"))
    assert after.json()["result"] == "2026-10-02"
    days = await client.get(DAYS, params={"from": "2026-10-02", "to": "2026-10-02"}, headers=stack.auth("unit"))
    assert days.json()[0]["source"] == "override"
    assert days.json()[0]["note"] == "调休上班"


async def test_removing_an_override_returns_the_day_to_the_national_calendar(stack):
    client = stack.client("registry")
    office = stack.auth("office")
    await client.put(override_url("2026-10-02"), json={"is_working_day": True}, headers=office)
    resp = await client.delete(override_url("2026-10-02"), headers=office)
    assert resp.status_code == 204
    after = await client.get(ADD, params={"start": "2026-09-30", "days": 1}, headers=stack.auth("unit"))
    assert after.json()["result"] == "2026-10-08"
    again = await client.delete(override_url("2026-10-02"), headers=office)
    assert again.status_code == 404
    assert again.json()["code"] == "override_not_found"


async def _issues_overrides(stack) -> dict[date, bool]:
    app = stack.apps["issues"]
    t = app.state.kernel_tables.calendar_overrides
    async with app.state.sessionmaker() as session:
        rows = (await session.execute(select(t.c.day, t.c.is_working_day))).all()
    return {r.day: r.is_working_day for r in rows}


async def test_override_reaches_the_issues_service_through_the_outbox(stack):
    registry = stack.client("registry")
    resp = await registry.put(override_url("2026-10-02"), json={"is_working_day": True, "note": "调休"},
                              headers=stack.auth("office"))
    assert resp.status_code == 200, resp.text
    assert await _issues_overrides(stack) == {}  # not delivered yet: it waits in the outbox

    run = await registry.post("/api/v1/admin/registry/jobs/outbox-dispatch/run", headers=stack.auth("admin"))
    assert run.status_code == 200, run.text
    assert run.json()["delivered"] == 3  # issues, meetings, scoring

    assert await _issues_overrides(stack) == {date(2026, 10, 2): True}
    app = stack.apps["issues"]
    async with app.state.sessionmaker() as session:
        issues_calendar = await app.state.calendar.get(session, "410324")  # the office's region
    assert issues_calendar.is_working_day(date(2026, 10, 2))
    assert issues_calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 2)


async def test_override_removal_reaches_the_issues_service(stack):
    registry = stack.client("registry")
    office, admin = stack.auth("office"), stack.auth("admin")
    dispatch = "/api/v1/admin/registry/jobs/outbox-dispatch/run"
    await registry.put(override_url("2026-10-02"), json={"is_working_day": True}, headers=office)
    await registry.post(dispatch, headers=admin)
    assert await _issues_overrides(stack) == {date(2026, 10, 2): True}
    await registry.delete(override_url("2026-10-02"), headers=office)
    run = await registry.post(dispatch, headers=admin)
    assert run.json()["delivered"] == 3
    assert await _issues_overrides(stack) == {}


async def test_changing_an_override_the_region_has_takes_if_match(stack):
    """Issue 14: a whole-resource PUT never silently overwrites another's edit. The first override of a day needs
    no If-Match; changing it needs the ETag the day list (or the first answer) carried: 428 without, 412 stale."""
    client = stack.client("registry")
    office = stack.auth("office")
    first = await client.put(override_url("2026-10-05"), json={"is_working_day": True, "note": "调休上班"},
                             headers=office)
    assert first.status_code == 200, first.text
    listed = await client.get(DAYS, params={"from": "2026-10-05", "to": "2026-10-05"}, headers=office)
    assert listed.json()[0]["etag"] == first.headers["etag"]

    bare = await client.put(override_url("2026-10-05"), json={"is_working_day": False, "note": "放假"}, headers=office)
    assert bare.status_code == 428
    changed = await client.put(override_url("2026-10-05"), json={"is_working_day": False, "note": "放假"},
                               headers={**office, "If-Match": first.headers["etag"]})
    assert changed.status_code == 200, changed.text
    stale = await client.put(override_url("2026-10-05"), json={"is_working_day": True, "note": "又改"},
                             headers={**office, "If-Match": first.headers["etag"]})
    assert stale.status_code == 412
    days = await client.get(DAYS, params={"from": "2026-10-05", "to": "2026-10-05"}, headers=office)
    assert days.json()[0]["is_working_day"] is False
    assert days.json()[0]["note"] == "放假"
