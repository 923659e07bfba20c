"""A small county for the meetings service: regions, units, people and a system in the registry, a frozen
business clock, tokens minted at the clock's instant, and helpers to plan and hold meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.county import LONG, REGION, County, found_county, found_post_and_system
from tuijin.meetings.models import kernel

UNITS = (
    ("交通局", "栾川县交通运输局", "department"),
    ("发改委", "栾川县发展和改革委员会", "department"),
    ("自然资源局", "栾川县自然资源局", "department"),
    ("住建局", "栾川县住房和城乡建设局", "department"),
    ("城关镇", "城关镇", "township"),
    ("重点办", "栾川县重点项目建设领导小组办公室", "leading_body"),
)


@dataclass
class Desk(County):
    """The county (:mod:`tests.fixtures.county`) with people, and helpers to plan and hold meetings."""

    SERVICE = "meetings"

    people: dict[str, str] = field(default_factory=dict)

    @property
    def leader(self) -> dict[str, str]:
        return self.stack.auth("leader", region=REGION, ttl=LONG)

    @property
    def scorer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.stack.codec.service_token('scoring')}"}

    async def project(self, code: str, **overrides: Any) -> dict[str, Any]:
        body = {"region_code": REGION, "code": code, "name": f"测试项目 {code}", "stage": "new_start",
                "total_investment": "12000", "responsible_unit_id": self.units["交通局"],
                "system_id": self.systems["基础设施"], "leader_post_id": self.posts["分管交通"]}
        body.update(overrides)
        resp = await self.registry.post("/api/v1/projects", json=body, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()

    # ------------------------------------------------------------ meetings

    async def meeting(self, day: str, *, invite: tuple[str, ...] = ("交通局", "发改委"), heads: dict | None = None,
                      **overrides: Any) -> dict[str, Any]:
        """A coordination meeting on ``day`` convened by the office's unit, inviting ``invite``."""
        heads = heads or {}
        body = {"region_code": REGION, "meeting_type": "coordination", "title": "项目协调会",
                "convener_unit_id": self.units["重点办"], "chair_name": "王副县长", "place": "县政府三楼会议室",
                "meeting_date": day, "start_time": "09:00", "duration_minutes": 120,
                "invitations": [{"unit_id": self.units[k], "expected_attendee": heads.get(k, "")} for k in invite]}
        body.update(overrides)
        resp = await self.client.post("/api/v1/meetings", json=body, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def step(self, meeting: dict, to: str, reason: str = "", headers: dict | None = None) -> Any:
        return await self.client.post(f"/api/v1/meetings/{meeting['id']}/status-changes",
                                      json={"to": to, "reason": reason}, headers=headers or self.office)

    async def advance(self, meeting: dict, *steps: str) -> None:
        for to in steps:
            resp = await self.step(meeting, to)
            assert resp.status_code == 201, resp.text

    async def get(self, meeting: dict) -> dict[str, Any]:
        resp = await self.client.get(f"/api/v1/meetings/{meeting['id']}", headers=self.office)
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def add_item(self, meeting: dict, title: str, **body: Any) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/meetings/{meeting['id']}/agenda/items",
                                      json={"title": title, **body}, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def run_job(self, app: str, name: str) -> dict[str, Any]:
        resp = await self.stack.client(app).post(f"/api/v1/admin/{app}/jobs/{name}/run", headers=self.admin)
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        """Outbox rows of the meetings service of one type (one row per destination)."""
        t = kernel.outbox
        async with self.stack.apps["meetings"].state.sessionmaker() as session:
            rows = (await session.execute(
                select(t).where(t.c.event_type == event_type).order_by(t.c.created_at, t.c.id))).mappings().all()
        return [dict(r) for r in rows]

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """Payloads of the events of a type (one per event, whatever the destinations)."""
        return list({r["event_id"]: r["payload"] for r in await self.outbox(event_type)}.values())


@pytest.fixture
async def desk(stack) -> Desk:
    d = Desk(stack)
    await found_county(d, "2026-09-01", UNITS)
    for key, name in (("李", "李副县长"), ("王", "王副县长")):
        resp = await d.registry.post("/api/v1/people", json={"region_code": REGION, "name": name}, headers=d.office)
        d.people[key] = resp.json()["id"]
    await found_post_and_system(d)
    return d


async def held_meeting(desk: Desk, day: str, **kw: Any) -> dict[str, Any]:
    """A meeting on ``day`` taken through notice and agenda to held, the clock left on ``day``."""
    meeting = await desk.meeting(day, **kw)
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at(day, "12:00")
    await desk.advance(meeting, "held")
    return meeting
