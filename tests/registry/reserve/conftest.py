"""The reserve library's tests run in October 2026, when next year's (2027) list is compiled."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tuijin.kernel.clock import clock

NEXT_YEAR = 2027


@pytest.fixture(autouse=True)
def _october_2026() -> None:
    clock.set(datetime(2026, 10, 15, 2, 0, tzinfo=UTC), frozen=True)


async def reserve_project(county, code: str, total: str = "1000", **fields: Any) -> dict[str, Any]:
    """A project registered at stage 储备."""
    return await county.project(code, stage="reserve", total_investment=total, **fields)


async def propose(county, project: dict[str, Any], *, headers: dict[str, str] | None = None, **fields: Any):
    """POST a reserve entry (county level, ordinary, 300 the first year, for 2027 unless told)."""
    body = {
        "project_id": project["id"], "level": "county", "proposing_unit_id": county.units["交通局"],
        "category": "ordinary", "planned_first_year": "300", "proposed_year": NEXT_YEAR,
    }
    body.update(fields)
    return await county.client.post("/api/v1/reserve-entries", json=body, headers=headers or county.office)


async def entry(county, project: dict[str, Any], **fields: Any) -> dict[str, Any]:
    resp = await propose(county, project, **fields)
    assert resp.status_code == 201, resp.text
    return resp.json()
