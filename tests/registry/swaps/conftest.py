"""Dynamic management (动态管理) in the middle of 2026: a list, a project that cannot proceed, and
the deciders of the approval chain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.registry.conftest import REGION
from tuijin.kernel.clock import clock

YEAR = 2026
URL = "/api/v1/project-swaps"


@pytest.fixture(autouse=True)
def _june_2026() -> None:
    clock.set(datetime(2026, 6, 15, 2, 0, tzinfo=UTC), frozen=True)


@dataclass
class Chain:
    """The county, the project that cannot proceed and the header of each step's decider."""

    county: Any
    stack: Any
    out: dict[str, Any]
    unit: dict[str, str]
    leader: dict[str, str]

    @property
    def client(self):
        return self.county.client

    @property
    def office(self) -> dict[str, str]:
        return self.county.office

    async def on_list(self, code: str, total: str, plan: str, **fields: Any) -> dict[str, Any]:
        """A project on the 2026 list (a year plan)."""
        project = await self.county.project(code, total_investment=total, **fields)
        resp = await self.client.put(f"/api/v1/projects/{project['id']}/year-plans/{YEAR}",
                                     json={"planned_investment": plan}, headers=self.office)
        assert resp.status_code == 200, resp.text
        return project

    async def reserve(self, code: str, total: str, first_year: str) -> dict[str, Any]:
        """A project of the reserve library."""
        project = await self.county.project(code, stage="reserve", total_investment=total)
        resp = await self.client.post("/api/v1/reserve-entries", headers=self.office, json={
            "project_id": project["id"], "level": "county", "proposing_unit_id": self.county.units["交通局"],
            "planned_first_year": first_year, "proposed_year": YEAR + 1})
        assert resp.status_code == 201, resp.text
        return project

    async def request(self, replacement: dict[str, Any], *, headers: dict[str, str] | None = None, **fields: Any):
        body = {"out_project_id": self.out["id"], "replacement_project_id": replacement["id"],
                "reason": "征地拆迁长期无法落实，经多次督促协调仍不能按时推进"}
        body.update(fields)
        return await self.client.post(URL, json=body, headers=headers or self.office)

    async def decide(self, swap_id: str, step: str, headers: dict[str, str] | None = None,
                     decision: str = "approve", **fields: Any):
        body = {"step": step, "decision": decision, **fields}
        if step in ("county_committee", "congress") and "document_number" not in fields:
            body["document_number"] = {"county_committee": "栾发〔2026〕21号", "congress": "栾人常〔2026〕5号"}[step]
        return await self.client.post(f"{URL}/{swap_id}/decisions", json=body, headers=headers or self.decider(step))

    def decider(self, step: str) -> dict[str, str]:
        return {"unit": self.unit, "leader": self.leader}.get(step, self.office)

    async def approve_through(self, swap_id: str, last: str) -> None:
        """Approve every step up to and including ``last``."""
        for step in ("unit", "leader", "office_filing", "county_committee", "congress"):
            resp = await self.decide(swap_id, step)
            assert resp.status_code == 200, resp.text
            if step == last:
                return

    async def year_list(self) -> tuple[int, Decimal, set[str]]:
        """Count, planned investment and project ids of the 2026 list, read from the database."""
        from tuijin.registry.models import YearPlan

        async with self.stack.apps["registry"].state.sessionmaker() as session:
            where = (YearPlan.year == YEAR, YearPlan.in_list.is_(True))
            count, total = (await session.execute(
                select(func.count(), func.coalesce(func.sum(YearPlan.planned_investment), 0)).where(*where))).one()
            ids = set((await session.scalars(select(YearPlan.project_id).where(*where))).all())
        return count, Decimal(total), {str(i) for i in ids}


def leader_header(stack, person_id: str) -> dict[str, str]:
    token = stack.codec.encode({"sub": f"u:leader:{person_id[:8]}", "roles": ["leader"], "region": REGION,
                                "person": person_id, "typ": "access"}, timedelta(minutes=15))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def chain(county, stack) -> Chain:
    c = Chain(county=county, stack=stack, out={},
              unit=stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]), sub="u:jiaotong"),
              leader=leader_header(stack, county.people["李"]))
    c.out = await c.on_list("OUT", "1000", "400")
    await c.on_list("KEEP1", "5000", "2000")
    await c.on_list("KEEP2", "3000", "1000")
    return c
