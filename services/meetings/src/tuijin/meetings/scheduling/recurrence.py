"""Recurrence rules (RFC 5545 RRULE, python-dateutil) and where an occurrence lands on the working-day
calendar. Pure functions: no database, no clock.

Rules the regions use (DTSTART is the series' start date):
- every week on Monday: ``FREQ=WEEKLY;BYDAY=MO``
- every half month (栾川's joint approval meeting): ``FREQ=MONTHLY;BYMONTHDAY=1,16`` or ``FREQ=WEEKLY;INTERVAL=2``
- the first Monday of each month (郸城's dispatch meeting): ``FREQ=MONTHLY;BYDAY=1MO``
- every two months (郸城's observation and review): ``FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO``
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.meetings.scheduling.enums import NonWorkingDay

ALLOWED_FREQUENCIES = (YEARLY, MONTHLY, WEEKLY, DAILY)
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class InvalidRule(ValueError):
    """A recurrence rule that cannot be used for meetings (the message says why)."""


def normalise(rule: str) -> str:
    """The rule without an ``RRULE:`` prefix, upper-case, without blanks."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.replace(" ", "").upper()


def parse_rule(rule: str, start: date) -> rrule:
    """The rule anchored at ``start`` (DTSTART); :class:`InvalidRule` when it is not a usable RRULE."""
    text = normalise(rule)
    if not text or "\n" in text:
        raise InvalidRule("give one RRULE, e.g. FREQ=WEEKLY;BYDAY=MO")
    if "DTSTART" in text:
        raise InvalidRule("DTSTART comes from start_date, not from the rule")
    try:
        parsed = rrulestr(text, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError) as exc:
        raise InvalidRule(f"not an RFC 5545 RRULE: {exc}") from exc
    if not isinstance(parsed, rrule):
        raise InvalidRule("give one RRULE, not a set")
    if parsed._freq not in ALLOWED_FREQUENCIES:
        raise InvalidRule("meetings recur at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)")
    return parsed


def occurrences(rule: str, start: date, *, window_from: date, window_to: date, end: date | None = None) -> list[date]:
    """The rule's dates in ``[window_from, window_to]`` (and not after ``end``), in order."""
    last = min(window_to, end) if end else window_to
    first = max(window_from, start)
    if last < first:
        return []
    parsed = parse_rule(rule, start)
    hits = parsed.between(datetime.combine(first, time()), datetime.combine(last, time()), inc=True)
    return [d.date() for d in hits]


def place(day: date, policy: NonWorkingDay | str, cal: WorkingCalendar) -> date | None:
    """Where an occurrence on ``day`` is held: the day itself when it is a working day; otherwise the next
    or previous working day, the day itself (``keep``), or nowhere (``skip``: None)."""
    if cal.is_working_day(day):
        return day
    policy = NonWorkingDay(policy)
    if policy is NonWorkingDay.next_working_day:
        return cal.next_working_day(day)
    if policy is NonWorkingDay.previous_working_day:
        return cal.add_working_days(day, -1)
    if policy is NonWorkingDay.keep:
        return day
    return None


def first_on_or_after(day: date, weekday: str) -> date:
    """The first date on or after ``day`` falling on ``weekday`` (MO…SU)."""
    target = WEEKDAY_CODES.index(weekday)
    return day + timedelta(days=(target - day.weekday()) % 7)


def rotation_rules(
    count: int, *, mode: str, start: date, weekdays: list[str], times: list[time]
) -> list[tuple[str, date, time]]:
    """(RRULE, start date, start time) of each of ``count`` systems taking turns.

    ``weekday_sequence`` (栾川: 每周依次召开): every system meets every week, the systems one after another
    over ``weekdays`` (the first len(weekdays) at the first time, the next ones at the second time…).
    ``one_system_per_week``: one system a week, each system every ``count`` weeks, on the first weekday."""
    out: list[tuple[str, date, time]] = []
    for i in range(count):
        if mode == "weekday_sequence":
            weekday = weekdays[i % len(weekdays)]
            at = times[(i // len(weekdays)) % len(times)]
            out.append((f"FREQ=WEEKLY;BYDAY={weekday}", first_on_or_after(start, weekday), at))
        else:
            weekday = weekdays[0]
            first = first_on_or_after(start, weekday) + timedelta(weeks=i)
            out.append((f"FREQ=WEEKLY;INTERVAL={count};BYDAY={weekday}", first, times[0]))
    return out
