"""The working-day calendar: the ``holidays`` package's China calendar (public holidays and the
make-up workdays, 调休上班) overlaid by a table of overrides: the national ones (an admin's, when the State
Council publishes the next year's arrangement before the package knows it) and each region's own (its office's,
e.g. a county's local holiday), a region's also applying to the regions below it (province ⊃ prefecture ⊃
county). The calendar of a record is the national one overlaid by its region's overrides, so one county's
change never moves another county's timers."""

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


def region_chain(region_code: str | None) -> list[str]:
    """The regions whose overrides apply to ``region_code``, widest first: its province, its prefecture, itself
    (codes nest: 410000 ⊃ 410300 ⊃ 410324)."""
    if not region_code:
        return []
    chain = [region_code[:2] + "0000", region_code[:4] + "00", region_code]
    return list(dict.fromkeys(chain))  # a province's or prefecture's own code appears once


class RegionalCalendars:
    """The calendars of every region from one load of the overrides (each built once, when first asked)."""

    def __init__(self, overrides: dict[str | None, dict[date, bool]], built: dict[str | None, WorkingCalendar]):
        self._overrides = overrides
        self._built = built

    def of(self, region_code: str | None) -> WorkingCalendar:
        calendar = self._built.get(region_code)
        if calendar is None:
            merged = dict(self._overrides.get(None, {}))
            for code in region_chain(region_code):
                merged.update(self._overrides.get(code, {}))
            calendar = self._built[region_code] = WorkingCalendar(merged)
        return calendar


class CalendarCache:
    """The calendars with the overrides from the service's table (national, and per region), reloaded after a
    change and at most ``ttl`` seconds old (other replicas pick up an edit within that time)."""

    def __init__(self, tables: KernelTables, ttl_seconds: float = 60.0) -> None:
        self.tables = tables
        self.ttl = ttl_seconds
        self._overrides: dict[str | None, dict[date, bool]] | None = None
        self._calendars: dict[str | None, WorkingCalendar] = {}
        self._loaded_at: float = 0.0

    async def get(self, session: AsyncSession, region_code: str | None) -> WorkingCalendar:
        """The working calendar of a record of ``region_code``: national overlaid by the overrides of its
        region and the regions above it (``None``: the national calendar alone)."""
        return (await self.regional(session)).of(region_code)

    async def regional(self, session: AsyncSession) -> RegionalCalendars:
        """Every region's calendar at once, for a sweep over records of several regions."""
        now = utcnow().timestamp()
        if self._overrides is None or now - self._loaded_at > self.ttl:
            t = self.tables.calendar_overrides
            by_region: dict[str | None, dict[date, bool]] = {}
            for r in (await session.execute(select(t.c.region_code, t.c.day, t.c.is_working_day))).all():
                by_region.setdefault(r.region_code, {})[r.day] = r.is_working_day
            self._overrides, self._calendars, self._loaded_at = by_region, {}, now
        return RegionalCalendars(self._overrides, self._calendars)

    def invalidate(self) -> None:
        self._overrides = None
        self._calendars = {}

    def invalidate_after_commit(self, session: AsyncSession) -> None:
        """Forget the cached calendar once ``session`` commits (not before: a reload in between
        would cache the old rows; not on rollback: nothing changed)."""
        event.listen(session.sync_session, "after_commit", lambda _s: self.invalidate(), once=True)

    @property
    def national(self) -> holidays.HolidayBase:
        return _CHINA
