"""Progress reports are tested in May and June 2026 on a frozen clock."""

from __future__ import annotations

import pytest

from tests.registry.reports.clerk import Clerk


@pytest.fixture
def clerk(stack, county) -> Clerk:
    c = Clerk(stack, county)
    c.at("2026-05-10T10:00:00+08:00")
    return c
