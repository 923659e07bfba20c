"""The clock: aware UTC instants and Asia/Shanghai business dates, controllable by tests and by an
operator rehearsing a month (only when ``TUIJIN_CLOCK_CONTROL`` is on)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Real time plus an offset, or a frozen instant. Process-wide; every job and route reads it."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        if self._frozen is not None:
            return self._frozen
        return datetime.now(UTC) + self._offset

    def today(self) -> date:
        """Today's business date in Asia/Shanghai."""
        return self.now().astimezone(SHANGHAI).date()

    def set(self, instant: datetime, *, frozen: bool = False) -> None:
        if instant.tzinfo is None:
            raise ValueError("the clock takes an aware instant")
        instant = instant.astimezone(UTC)
        if frozen:
            self._frozen = instant
        else:
            self._frozen = None
            self._offset = instant - datetime.now(UTC)

    def advance(self, delta: timedelta) -> None:
        if self._frozen is not None:
            self._frozen += delta
        else:
            self._offset += delta

    def reset(self) -> None:
        self._offset = timedelta(0)
        self._frozen = None

    @property
    def is_real(self) -> bool:
        return self._frozen is None and self._offset == timedelta(0)


clock = Clock()


def utcnow() -> datetime:
    return clock.now()


def today() -> date:
    return clock.today()


def business_date(instant: datetime) -> date:
    """The Asia/Shanghai date of an instant."""
    return instant.astimezone(SHANGHAI).date()
