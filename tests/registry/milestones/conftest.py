from __future__ import annotations

import pytest

from tests.registry.milestones.desk import Desk


@pytest.fixture
async def desk(stack, county) -> Desk:
    """The county with a controllable business clock and tokens minted at its instant."""
    return Desk(stack, county)
