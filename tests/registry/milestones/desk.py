"""Helpers for the node-plan and procedure tests: a frozen business clock and tokens minted at its
instant (a token minted in the real present is not valid yet on a clock set back to 2026-09)."""

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
class Desk:
    stack: Any
    county: County

    def at(self, day: str, time: str = "10:00") -> None:
        """Freeze the clock at ``day`` ``time`` in Asia/Shanghai and re-mint the county's office token."""
        clock.set(datetime.fromisoformat(f"{day}T{time}:00+08:00"), frozen=True)
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

    async def run_job(self, name: str) -> dict[str, Any]:
        resp = await self.county.client.post(f"/api/v1/admin/registry/jobs/{name}/run", headers=self.admin)
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

    async def set_policy(self, name: str, value: dict[str, Any]) -> None:
        async with self.stack.apps["registry"].state.sessionmaker() as session, session.begin():
            # replaces the all-years value the region started with (recorded when it was created)
            await session.execute(
                delete(Policy).where(Policy.region_code == REGION, Policy.name == name, Policy.year == 0)
            )
            session.add(Policy(region_code=REGION, name=name, year=0, value=value, updated_by="test"))
