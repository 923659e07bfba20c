"""Helpers for the progress-report and warning-light tests: a frozen business clock with tokens minted
at its instant, the county's projects with year plans, reports, jobs and the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from tests.registry.conftest import REGION, County
from tuijin.kernel.clock import clock
from tuijin.registry.models import Policy, kernel

LONG = timedelta(days=3650)


@dataclass
class Clerk:
    stack: Any
    county: County

    @property
    def client(self) -> Any:
        return self.county.client

    def at(self, instant: str) -> None:
        """Freeze the clock at an ISO instant (``2026-05-22T18:00:00+08:00``) and re-mint the office
        token (a token minted in the real present is not valid on a clock set back)."""
        clock.set(datetime.fromisoformat(instant), frozen=True)
        self.county.office = self.office

    @property
    def office(self) -> dict[str, str]:
        return self.stack.auth("office", region=REGION, ttl=LONG)

    @property
    def other_office(self) -> dict[str, str]:
        return self.stack.auth("office", region="410325", ttl=LONG)

    @property
    def admin(self) -> dict[str, str]:
        return self.stack.auth("admin", region=None, ttl=LONG)

    def unit(self, key: str) -> dict[str, str]:
        return self.stack.auth("unit", region=REGION, unit=uuid.UUID(self.county.units[key]), ttl=LONG)

    async def project(self, code: str, *, plan: str | None = None, start: str | None = None, **fields: Any) -> str:
        """A project of the county (responsible unit 交通局), with a 2026 plan when ``plan`` is given."""
        project = await self.county.project(code, **fields)
        if plan is not None:
            body = {"planned_investment": plan, "planned_start_date": start}
            resp = await self.client.put(
                f"/api/v1/projects/{project['id']}/year-plans/2026", json=body, headers=self.office
            )
            assert resp.status_code == 200, resp.text
        return project["id"]

    async def report(
        self, project_id: str, period: str, *, headers: dict[str, str] | None = None, **fields: Any
    ) -> Any:
        body = {"period": period, "physical_progress": "主体施工", **fields}
        return await self.client.post(
            f"/api/v1/projects/{project_id}/progress-reports", json=body, headers=headers or self.unit("交通局")
        )

    async def submitted(self, project_id: str, period: str, investment: str = "0", **fields: Any) -> dict[str, Any]:
        resp = await self.report(project_id, period, investment_completed=investment, submit=True, **fields)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def step(self, report_id: str, action: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
        return await self.client.post(
            f"/api/v1/progress-reports/{report_id}/{action}", json=body or None, headers=headers or self.office
        )

    async def run_job(self, name: str) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/admin/registry/jobs/{name}/run", headers=self.admin)
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """Payloads of the events of a type in the outbox (one per event, whatever the destinations)."""
        t = kernel.outbox
        async with self.stack.apps["registry"].state.sessionmaker() as session:
            rows = (
                await session.execute(
                    select(t.c.event_id, t.c.payload).where(t.c.event_type == event_type).order_by(t.c.created_at)
                )
            ).all()
        return list({r.event_id: r.payload for r in rows}.values())

    async def set_policy(self, name: str, value: dict[str, Any], region: str = REGION) -> None:
        async with self.stack.apps["registry"].state.sessionmaker() as session, session.begin():
            # replaces the all-years value the region started with (recorded when it was created)
            await session.execute(
                delete(Policy).where(Policy.region_code == region, Policy.name == name, Policy.year == 0)
            )
            session.add(Policy(region_code=region, name=name, year=0, value=value, updated_by="test"))
