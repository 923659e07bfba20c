"""The list cycle's tests start on 1 July 2026, before the cycle that builds the 2027 list; their tokens live long
enough for the clock to move through the autumn."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tuijin.kernel.clock import SHANGHAI, clock

LONG = timedelta(days=3650)


@pytest.fixture(autouse=True)
def _july_2026() -> None:
    clock.set(datetime(2026, 7, 1, 10, tzinfo=SHANGHAI), frozen=True)


@pytest.fixture
def office(stack) -> dict[str, str]:
    return stack.auth("office", region="410324", ttl=LONG, sub="test:office")
