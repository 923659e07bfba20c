"""The working-day calendar: the ``holidays`` package's China calendar (public holidays and the
make-up workdays, 调休上班) overlaid by a table the office edits when the State Council publishes the
next year's arrangement."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import utcnow
from tuijin.kernel.tables import KernelTables

_MAX_SCAN_DAYS = 3660  # no real calendar has ten years without a working day
_CHINA = holidays.China()  # one instance: it fills years lazily and keeps them


class WorkingCalendar:
    """Working days in mainland China, with office overrides taking precedence."""

    def __init__(self, overrides: dict[date, bool] | None = None) -> None:
        self._china = _CHINA
        self.overrides = dict(overrides or {})

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return self._china.is_working_day(day)

    def holiday_name(self, day: date) -> str | None:
        return self._china.get(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted);
        negative ``days`` go backwards; 0 gives ``start``."""
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        current = start
        scanned = 0
        while remaining:
            current += timedelta(days=step)
            scanned += 1
            if scanned > _MAX_SCAN_DAYS:
                raise ValueError("no working day found within ten years")
            if self.is_working_day(current):
                remaining -= 1
        return current

    def next_working_day(self, day: date, *, include_self: bool = True) -> date:
        """``day`` if it is a working day (and ``include_self``), else the next working day."""
        if include_self and self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; if ``end`` < ``start``, minus the
        working days before ``start`` down to and including ``end`` (the mirror image, as
        :meth:`add_working_days` counts backwards).
        ``working_days_between(d, add_working_days(d, n)) == n``."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        # forwards: (start, end]; backwards: [end, start)
        lo, hi = (start + timedelta(days=1), end) if sign > 0 else (end, start - timedelta(days=1))
        count = 0
        current = lo
        while current <= hi:
            if self.is_working_day(current):
                count += 1
            current += timedelta(days=1)
        return sign * count


class CalendarCache:
    """The calendar with the overrides from the service's table, reloaded after a change and at most
    ``ttl`` seconds old (other replicas pick up an edit within that time)."""

    def __init__(self, tables: KernelTables, ttl_seconds: float = 60.0) -> None:
        self.tables = tables
        self.ttl = ttl_seconds
        self._calendar: WorkingCalendar | None = None
        self._loaded_at: float = 0.0

    async def get(self, session: AsyncSession) -> WorkingCalendar:
        now = utcnow().timestamp()
        if self._calendar is None or now - self._loaded_at > self.ttl:
            rows = (await session.execute(
                select(self.tables.calendar_overrides.c.day, self.tables.calendar_overrides.c.is_working_day)
            )).all()
            self._calendar = WorkingCalendar({r.day: r.is_working_day for r in rows})
            self._loaded_at = now
        return self._calendar

    def invalidate(self) -> None:
        self._calendar = None

    def invalidate_after_commit(self, session: AsyncSession) -> None:
        """Forget the cached calendar once ``session`` commits (not before: a reload in between
        would cache the old rows; not on rollback: nothing changed)."""
        event.listen(session.sync_session, "after_commit", lambda _s: self.invalidate(), once=True)

    @property
    def national(self) -> holidays.HolidayBase:
        return _CHINA
