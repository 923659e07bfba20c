"""Due rules of 栾川, 楚雄 and 惠济 on the working-day calendar, and 序时进度."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.registry.policies import REPORT_DUE_PRESETS
from tuijin.registry.reports.periods import due_at, due_date, parse_period, time_progress, verify_by_at

CAL = WorkingCalendar()
LUANCHUAN, CHUXIONG, HUIJI = (REPORT_DUE_PRESETS[k] for k in ("luanchuan", "chuxiong", "huiji"))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_luanchuan_reports_a_month_by_the_end_of_its_22nd():
    period = parse_period("2026-05")
    assert due_at(LUANCHUAN, period, CAL) == utc("2026-05-23T00:00:00+08:00")
    assert verify_by_at(LUANCHUAN, period, CAL) is None


def test_luanchuan_keeps_a_22nd_that_falls_on_a_sunday():
    assert date(2026, 2, 22).isoweekday() == 7
    assert due_date(LUANCHUAN, parse_period("2026-02"), CAL) == date(2026, 2, 22)


def test_chuxiong_reports_the_previous_month_by_the_8th_verified_by_the_12th():
    period = parse_period("2026-05")
    assert due_at(CHUXIONG, period, CAL) == utc("2026-06-09T00:00:00+08:00")  # 2026-06-08 is a Monday
    assert verify_by_at(CHUXIONG, period, CAL) == utc("2026-06-13T00:00:00+08:00")


def test_chuxiong_due_day_in_the_national_day_holiday_moves_to_the_next_working_day():
    # 2025-10-08 is a day off of the National Day holiday (调休); the 9th is a working day
    assert not CAL.is_working_day(date(2025, 10, 8))
    assert due_date(CHUXIONG, parse_period("2025-09"), CAL) == date(2025, 10, 9)
    # the 12th is a Sunday: verification moves to Monday the 13th
    assert verify_by_at(CHUXIONG, parse_period("2025-09"), CAL) == utc("2025-10-14T00:00:00+08:00")


def test_chuxiong_due_day_on_a_sunday_moves_to_monday():
    assert due_date(CHUXIONG, parse_period("2026-01"), CAL) == date(2026, 2, 9)


def test_huiji_reports_each_week_by_friday_18_00():
    period = parse_period("2026-W19")  # Monday 2026-05-04 to Sunday 2026-05-10
    assert (period.start, period.end) == (date(2026, 5, 4), date(2026, 5, 10))
    assert due_at(HUIJI, period, CAL) == utc("2026-05-08T18:00:00+08:00")


def test_huiji_friday_in_the_national_day_holiday_moves_back_to_the_last_working_day():
    period = parse_period("2026-W40")  # 2026-09-28 to 2026-10-04; Friday 2026-10-02 is National Day
    assert not CAL.is_working_day(date(2026, 10, 2))
    assert due_at(HUIJI, period, CAL) == utc("2026-09-30T18:00:00+08:00")


def test_time_progress_is_elapsed_months_over_twelve():
    assert str(time_progress(date(2026, 6, 30))) == "50.00"
    assert str(time_progress(date(2026, 3, 31))) == "25.00"
    assert str(time_progress(date(2026, 1, 31))) == "8.33"
    assert str(time_progress(date(2026, 5, 10))) == "36.02"  # a week ending mid-month: (4 + 10/31) / 12
