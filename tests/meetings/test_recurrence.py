"""Recurrence rules and where occurrences land (pure functions), the enum catalogue and the gateway's
routing of the meetings paths."""

from __future__ import annotations

from datetime import date, time

import pytest

from tuijin.gateway.routing import route_for
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.meetings.scheduling.recurrence import InvalidRule, occurrences, place, rotation_rules

CAL = WorkingCalendar()


def test_every_half_month_and_every_two_months_rules_expand_as_written():
    half = occurrences("FREQ=MONTHLY;BYMONTHDAY=1,16", date(2026, 1, 1), window_from=date(2026, 9, 1),
                       window_to=date(2026, 10, 31))
    assert half == [date(2026, 9, 1), date(2026, 9, 16), date(2026, 10, 1), date(2026, 10, 16)]
    bimonthly = occurrences("RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", date(2026, 1, 1),
                            window_from=date(2026, 1, 1), window_to=date(2026, 12, 31))
    assert [d.month for d in bimonthly] == [1, 3, 5, 7, 9, 11]
    assert occurrences("FREQ=WEEKLY;BYDAY=MO", date(2026, 9, 1), window_from=date(2026, 9, 1),
                       window_to=date(2026, 12, 31), end=date(2026, 9, 14)) == [date(2026, 9, 7), date(2026, 9, 14)]


def test_a_make_up_workday_counts_and_an_office_override_wins():
    assert place(date(2026, 10, 10), "next_working_day", CAL) == date(2026, 10, 10)  # Saturday 调休上班
    assert place(date(2026, 10, 3), "next_working_day", CAL) == date(2026, 10, 8)
    overridden = WorkingCalendar({date(2026, 10, 8): False})
    assert place(date(2026, 10, 3), "next_working_day", overridden) == date(2026, 10, 9)


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "DTSTART:20260101\nRRULE:FREQ=DAILY", "FREQ=WEEKLY;COUNT=x", ""])
def test_rules_that_are_not_usable_for_meetings_are_refused(rule):
    with pytest.raises(InvalidRule):
        occurrences(rule, date(2026, 1, 1), window_from=date(2026, 1, 1), window_to=date(2026, 2, 1))


def test_nine_systems_share_five_weekdays_morning_then_afternoon():
    rules = rotation_rules(9, mode="weekday_sequence", start=date(2026, 9, 23),
                           weekdays=["MO", "TU", "WE", "TH", "FR"], times=[time(9), time(15)])
    assert [(r, s.isoformat(), t.hour) for r, s, t in rules[:2]] == [
        ("FREQ=WEEKLY;BYDAY=MO", "2026-09-28", 9), ("FREQ=WEEKLY;BYDAY=TU", "2026-09-29", 9)]
    assert [t.hour for _, _, t in rules] == [9] * 5 + [15] * 4
    turns = rotation_rules(3, mode="one_system_per_week", start=date(2026, 9, 28), weekdays=["TH"], times=[time(9)])
    assert [(r, s.isoformat()) for r, s, _ in turns] == [
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", "2026-10-01"), ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", "2026-10-08"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", "2026-10-15")]


def test_the_gateway_routes_the_meetings_paths_to_the_meetings_service():
    for path in ("/api/v1/meetings", "/api/v1/meeting-series/x", "/api/v1/attendance/stats",
                 "/api/v1/decided-items/stats", "/api/v1/admin/meetings/jobs", "/api/v1/enums/meetings"):
        assert route_for(path) == "meetings", path


async def test_every_enum_comes_with_zh_cn_labels(stack):
    resp = await stack.client("meetings").get("/api/v1/enums/meetings")
    catalogue = resp.json()
    assert {"MeetingType", "MeetingStatus", "AttendanceStatus", "Outcome", "DecidedItemStatus"} <= set(catalogue)
    assert {o["value"]: o["label"] for o in catalogue["AttendanceStatus"]}["proxy"] == "替会"
