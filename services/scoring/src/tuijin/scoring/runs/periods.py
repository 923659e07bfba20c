"""Scored periods: a month (2026-09), two months (双月: 2026-B1 = January–February … 2026-B6 = November–December),
a quarter (2026-Q3), a half-year (2026-H1 = January–June, 2026-H2) or a year (2026). Every input a run reads by
month reads the months inside the period (a weekly region's weeks count in the month of their Thursday)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tuijin.kernel.validation import YEAR_MAX, YEAR_MIN
from tuijin.scoring.schemes.enums import PeriodKind

_PATTERNS = (
    (PeriodKind.month, re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
    (PeriodKind.bimonth, re.compile(r"^(\d{4})-B([1-6])$")),
    (PeriodKind.quarter, re.compile(r"^(\d{4})-Q([1-4])$")),
    (PeriodKind.half_year, re.compile(r"^(\d{4})-H([12])$")),
    (PeriodKind.year, re.compile(r"^(\d{4})$")),
)
_MONTHS = {PeriodKind.month: 1, PeriodKind.bimonth: 2, PeriodKind.quarter: 3, PeriodKind.half_year: 6,
           PeriodKind.year: 12}


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    label: str
    year: int
    first_month: int
    months: int

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        last = self.first_month + self.months - 1
        nxt = date(self.year + 1, 1, 1) if last == 12 else date(self.year, last + 1, 1)
        return nxt - timedelta(days=1)

    def month_labels(self) -> list[str]:
        """The months of the period (2026-07, 2026-08, 2026-09)."""
        return [f"{self.year}-{m:02d}" for m in range(self.first_month, self.first_month + self.months)]

    def year_to_date_months(self) -> list[str]:
        """January of the year through the period's last month: what year-to-date amounts sum."""
        return [f"{self.year}-{m:02d}" for m in range(1, self.first_month + self.months)]


def parse_period(label: str) -> Period:
    """Parse a period label; ValueError when it is none of the five forms."""
    for kind, pattern in _PATTERNS:
        if m := pattern.match(label):
            year = int(m.group(1))
            if not YEAR_MIN <= year <= YEAR_MAX:
                raise ValueError(f"考核期的年份须在 {YEAR_MIN} 至 {YEAR_MAX} 之间 (years {YEAR_MIN}–{YEAR_MAX})")
            n = int(m.group(2)) if kind != PeriodKind.year else 1
            months = _MONTHS[kind]
            return Period(kind=kind, label=label, year=year, first_month=(n - 1) * months + 1, months=months)
    raise ValueError(f"{label!r} is not a period: use 2026-09, 2026-B2, 2026-Q3, 2026-H1 or 2026")
