"""Report periods (a month, or an ISO week) and when a period's report is due, from a region's
:class:`~tuijin.registry.policies.ReportDueRule` and the working-day calendar. Pure functions: no
database, no clock."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import SHANGHAI
from tuijin.kernel.validation import YEAR_MAX, YEAR_MIN
from tuijin.registry.reports.enums import DueIn, NonWorkingDueDay, PeriodKind

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """A month (``2026-05``) or an ISO week (``2026-W19``, Monday to Sunday)."""

    kind: PeriodKind
    start: date
    end: date

    @property
    def year(self) -> int:
        """The year the period counts towards: the month's year, or the ISO week's year."""
        return self.start.year if self.kind == PeriodKind.monthly else self.start.isocalendar().year

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.monthly:
            return f"{self.start.year}-{self.start.month:02d}"
        iso = self.start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    def next(self) -> Period:
        return period_containing(self.kind, self.end + timedelta(days=1))

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - timedelta(days=1))


def period_containing(kind: PeriodKind, day: date) -> Period:
    if kind == PeriodKind.monthly:
        last = _calendar.monthrange(day.year, day.month)[1]
        return Period(kind, date(day.year, day.month, 1), date(day.year, day.month, last))
    monday = day - timedelta(days=day.weekday())
    return Period(kind, monday, monday + timedelta(days=6))


def parse_period(label: str) -> Period:
    """``2026-05`` → that month; ``2026-W19`` → that ISO week, in the years 2000–2100. ValueError for
    anything else."""
    if (m := _MONTH.match(label) or _WEEK.match(label)) and not YEAR_MIN <= int(m[1]) <= YEAR_MAX:
        raise ValueError(f"报告期的年份须在 {YEAR_MIN} 至 {YEAR_MAX} 之间 (a period lies in {YEAR_MIN}–{YEAR_MAX})")
    if m := _MONTH.match(label):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError("month must be 01–12")
        return period_containing(PeriodKind.monthly, date(year, month, 1))
    if m := _WEEK.match(label):
        return period_containing(PeriodKind.weekly, date.fromisocalendar(int(m[1]), int(m[2]), 1))
    raise ValueError("a period is a month like 2026-05 or an ISO week like 2026-W19")


def periods_in_months(kind: PeriodKind, first: date, last: date) -> list[Period]:
    """The periods of ``kind`` that count in the months starting ``first`` through the month starting ``last``: the
    months themselves, or the ISO weeks whose Thursday falls in them (the ISO rule that puts a week in a year, so
    every week counts in exactly one month)."""
    end = date(last.year, last.month, _calendar.monthrange(last.year, last.month)[1])
    if kind == PeriodKind.monthly:
        out, period = [], period_containing(kind, first)
        while period.start <= end:
            out.append(period)
            period = period.next()
        return out
    period = period_containing(kind, first)
    if period.start + timedelta(days=3) < first:  # its Thursday is in the month before
        period = period.next()
    out = []
    while period.start + timedelta(days=3) <= end:
        out.append(period)
        period = period.next()
    return out


def _day_of(period: Period, day: int) -> date:
    """Day ``day`` of a month (clipped to its last day) or ISO weekday ``day`` of a week."""
    if period.kind == PeriodKind.monthly:
        return period.start.replace(day=min(day, period.end.day))
    return period.start + timedelta(days=day - 1)


def _shift(day: date, how: NonWorkingDueDay, cal: WorkingCalendar) -> date:
    if how == NonWorkingDueDay.keep or cal.is_working_day(day):
        return day
    return cal.add_working_days(day, 1 if how == NonWorkingDueDay.next_working_day else -1)


def shift_due_day(day: date, how: NonWorkingDueDay, cal: WorkingCalendar) -> date:
    """A due day moved off a non-working day as ``how`` says (kept, next or previous working day)."""
    return _shift(day, how, cal)


def _end_of(day: date, at: time | None) -> datetime:
    """The instant (UTC) of ``at`` on ``day`` in Asia/Shanghai; ``None`` is the end of the day (24:00)."""
    if at is None:
        local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    else:
        local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=SHANGHAI)
    return local.astimezone(UTC)


def due_date(rule, period: Period, cal: WorkingCalendar) -> date:
    """The business date a period's report is due (after moving off a non-working day if the rule says so)."""
    base = period if rule.due_in == DueIn.same else period.next()
    return _shift(_day_of(base, rule.due_day), rule.non_working_day, cal)


def due_at(rule, period: Period, cal: WorkingCalendar) -> datetime:
    """The due instant: a report first submitted at or before it is on time, after it late."""
    return _end_of(due_date(rule, period, cal), rule.due_time)


def verify_by_at(rule, period: Period, cal: WorkingCalendar) -> datetime | None:
    """The instant by which the office verifies (楚雄: the 12th), by the end of that day; None if unset."""
    if rule.verify_by_day is None:
        return None
    base = period if rule.due_in == DueIn.same else period.next()
    return _end_of(_shift(_day_of(base, rule.verify_by_day), rule.non_working_day, cal), None)


def latest_due_period(
    rules: dict[int, object], kind: PeriodKind, now: datetime, cal: WorkingCalendar, *, today: date
) -> Period | None:
    """The most recent period of ``kind`` whose due instant has passed at ``now`` (``rules`` by year,
    the period's year picks its rule). None when none of the last few periods is due yet."""
    period = period_containing(kind, today)
    for _ in range(8):  # a due day lies at most one period after the period it reports
        rule = rules.get(period.year) or rules[max(rules)]
        if now > due_at(rule, period, cal):
            return period
        period = period.previous()
    return None


def next_due_period(
    rules: dict[int, object], kind: PeriodKind, now: datetime, cal: WorkingCalendar, *, today: date
) -> Period:
    """The earliest period of ``kind`` whose due instant is still ahead at ``now``: the report to do next."""
    period = period_containing(kind, today).previous()
    for _ in range(8):
        rule = rules.get(period.year) or rules[max(rules)]
        if now <= due_at(rule, period, cal):
            return period
        period = period.next()
    return period


def elapsed_months(day: date) -> Decimal:
    """Months of ``day``'s year elapsed by the end of ``day``: whole months plus the elapsed fraction of
    the current one (the end of May is exactly 5)."""
    days_in_month = _calendar.monthrange(day.year, day.month)[1]
    return Decimal(day.month - 1) + Decimal(day.day) / Decimal(days_in_month)


def planned_share(day: date, monthly_plan: list[Decimal] | list[str] | None = None) -> Decimal:
    """The share (0–1, unrounded) of the year's plan due by the end of ``day``: elapsed months ÷ 12; or, where the
    project has a monthly investment plan (分月计划投资, twelve amounts of ``day``'s year), the months ended plus the
    elapsed fraction of the current month's amount, over the twelve months' sum."""
    months = [Decimal(m) for m in monthly_plan] if monthly_plan else []
    whole = sum(months, Decimal(0))
    elapsed = elapsed_months(day)
    if len(months) != 12 or whole <= 0:
        return elapsed / 12
    done = int(elapsed)
    due = sum(months[:done], Decimal(0)) + (months[done] * (elapsed - done) if done < 12 else Decimal(0))
    return due / whole


def time_progress(day: date, monthly_plan: list[Decimal] | list[str] | None = None) -> Decimal:
    """序时进度 in percent at the end of ``day``, to 0.01: elapsed months ÷ 12 (end of June: 50.00), or the share of
    the project's monthly investment plan due by then where it has one (清水's push list sets each project's
    "月投资进度")."""
    return (planned_share(day, monthly_plan) * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to 0.01 (half up); None when there is no whole."""
    if whole is None or whole == 0:
        return None
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)
