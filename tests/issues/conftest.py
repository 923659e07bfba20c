"""A small county in the registry, and a desk to work the issues service from: raise problems, take steps,
move the clock, run the jobs, deliver other services' events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tuijin.issues import events as issue_events
from tuijin.kernel.clock import SHANGHAI, clock

REGION = "410324"
OTHER_REGION = "410325"


@dataclass
class Desk:
    stack: Any
    units: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def registry(self) -> Any:
        return self.stack.client("registry")

    @property
    def client(self) -> Any:
        return self.stack.client("issues")

    # ---------------------------------------------------------------- who (tokens made now: the clock moves)

    def office(self, region: str = REGION) -> dict[str, str]:
        return self.stack.auth("office", region=region)

    def supervisor(self) -> dict[str, str]:
        return self.stack.auth("supervisor", region=REGION)

    def admin(self) -> dict[str, str]:
        return self.stack.auth("admin", region=None)

    def unit(self, key: str) -> dict[str, str]:
        return self.stack.auth("unit", region=REGION, unit=uuid.UUID(self.units[key]), sub=f"test:unit:{key}")

    def leader(self, person_key: str) -> dict[str, str]:
        token = self.stack.codec.encode(
            {"sub": f"test:leader:{person_key}", "roles": ["leader"], "region": REGION,
             "person": self.people[person_key], "typ": "access"},
            timedelta(minutes=15),
        )
        return {"Authorization": f"Bearer {token}"}

    def service(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.stack.codec.service_token('meetings')}"}

    # ---------------------------------------------------------------- time and jobs

    def at(self, when: str) -> None:
        """Freeze the clock at ``when`` (a date is 09:00 Asia/Shanghai that day)."""
        instant = datetime.fromisoformat(when if "T" in when else f"{when}T09:00:00")
        clock.set(instant if instant.tzinfo else instant.replace(tzinfo=SHANGHAI), frozen=True)

    async def run(self, job: str) -> dict[str, Any]:
        resp = await self.client.post(f"/api/v1/admin/issues/jobs/{job}/run", headers=self.admin())
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def deliver(self, event_type: str, payload: dict[str, Any], *, event_id: uuid.UUID | None = None,
                      source: str = "meetings") -> str:
        """Deliver an event to the issues service as another service's outbox would."""
        envelope = {"id": str(event_id or uuid.uuid4()), "type": event_type, "source": source,
                    "occurred_at": clock.now().isoformat(), "region_code": payload.get("region_code"),
                    "payload": payload}
        resp = await self.client.post("/api/v1/internal/events", json=envelope, headers=self.service())
        assert resp.status_code == 200, resp.text
        return resp.json()["status"]

    async def published(self, event_type: str) -> list[dict[str, Any]]:
        """Payloads of events of ``event_type`` the issues service has published (in committed transactions), in
        order, whoever receives them (an event no service handles yet is published to nobody)."""
        return [payload for kind, payload in self.events if kind == event_type]

    async def outbox(self, event_type: str) -> list[str]:
        """Destinations of the outbox rows of ``event_type``, sorted."""
        t = self.stack.apps["issues"].state.kernel_tables.outbox
        async with self.stack.apps["issues"].state.sessionmaker() as session:
            rows = await session.execute(select(t.c.destination).where(t.c.event_type == event_type))
            return sorted(r.destination for r in rows)

    # ---------------------------------------------------------------- registry

    async def project(self, code: str, **overrides: Any) -> dict[str, Any]:
        body = {
            "region_code": REGION, "code": code, "name": f"测试项目 {code}", "stage": "under_construction",
            "total_investment": "12000", "responsible_unit_id": self.units["交通局"],
            "system_id": self.systems["基础设施"], "leader_post_id": self.posts["分管交通"],
        }
        body.update(overrides)
        resp = await self.registry.post("/api/v1/projects", json=body, headers=self.office(body["region_code"]))
        assert resp.status_code == 201, resp.text
        self.projects[code] = resp.json()
        return resp.json()

    # ---------------------------------------------------------------- problems

    async def raise_problem(self, project: str = "LC-001", headers: dict[str, str] | None = None,
                            **body: Any) -> dict[str, Any]:
        payload = {"project_id": self.projects[project]["id"], "category": "land",
                   "description": "用地预审未批复，影响开工", **body}
        resp = await self.client.post("/api/v1/problems", json=payload, headers=headers or self.office())
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def step(self, problem_id: str, action: str, body: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> Any:
        return await self.client.post(f"/api/v1/problems/{problem_id}/{action}", json=body or {},
                                      headers=headers or self.office())

    async def get(self, problem_id: str) -> dict[str, Any]:
        resp = await self.client.get(f"/api/v1/problems/{problem_id}", headers=self.office())
        assert resp.status_code == 200, resp.text
        return resp.json()

    async def timeline(self, problem_id: str) -> list[dict[str, Any]]:
        resp = await self.client.get(f"/api/v1/problems/{problem_id}/timeline", params={"limit": 200},
                                     headers=self.office())
        assert resp.status_code == 200, resp.text
        return resp.json()["items"]

    async def actions(self, problem_id: str) -> list[str]:
        return [e["action"] for e in await self.timeline(problem_id)]


def _record_published_events(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Keep every event the issues service publishes in ``desk.events`` once its transaction commits (a rolled
    back one leaves none); returns the function that stops listening."""
    real = issue_events.publish

    async def publish(session: Any, tables: Any, event_type: str, payload: dict[str, Any], **kw: Any) -> Any:
        session.sync_session.info.setdefault("published_events", []).append((event_type, payload))
        return await real(session, tables, event_type, payload, **kw)

    def committed(sync_session: Session) -> None:
        desk.events.extend(sync_session.info.pop("published_events", []))

    def rolled_back(sync_session: Session) -> None:
        sync_session.info.pop("published_events", None)

    monkeypatch.setattr(issue_events, "publish", publish)
    event.listen(Session, "after_commit", committed)
    event.listen(Session, "after_rollback", rolled_back)

    def stop() -> None:
        event.remove(Session, "after_commit", committed)
        event.remove(Session, "after_rollback", rolled_back)

    return stop


@pytest.fixture
async def desk(stack, monkeypatch) -> AsyncIterator[Desk]:
    """Region 栾川 (and its neighbour 嵩县) with four units, three people, a leader post held by 李, a system and
    one project LC-001 (responsible unit 交通局, owner 钼业, co-unit 城关镇); the clock at 2026-09-29 09:00."""
    d = Desk(stack=stack)
    d.at("2026-09-29")
    admin = d.admin()
    for code, name, level, parent in (
        ("410000", "河南省", "province", None),
        ("410300", "洛阳市", "prefecture", "410000"),
        (REGION, "栾川县", "county", "410300"),
        (OTHER_REGION, "嵩县", "county", "410300"),
    ):
        resp = await d.registry.post("/api/v1/regions", headers=admin,
                                     json={"code": code, "name": name, "level": level, "parent_code": parent})
        assert resp.status_code == 201, resp.text
    for key, name, kind, region in (
        ("交通局", "栾川县交通运输局", "department", REGION),
        ("自然资源局", "栾川县自然资源局", "department", REGION),
        ("城关镇", "城关镇", "township", REGION),
        ("钼业", "洛阳栾川钼业集团", "enterprise", REGION),
        ("发改委", "栾川县发展和改革委员会", "department", REGION),
        ("嵩县交通局", "嵩县交通运输局", "department", OTHER_REGION),
    ):
        resp = await d.registry.post("/api/v1/units", json={"region_code": region, "name": name, "kind": kind},
                                     headers=d.office(region))
        assert resp.status_code == 201, resp.text
        d.units[key] = resp.json()["id"]
    for key, name in (("李", "李副县长"), ("王", "王副县长")):
        resp = await d.registry.post("/api/v1/people", json={"region_code": REGION, "name": name}, headers=d.office())
        d.people[key] = resp.json()["id"]
    for key, title, holder in (("分管交通", "副县长（分管交通）", "李"), ("分管城建", "副县长（分管城建）", "王")):
        resp = await d.registry.post("/api/v1/posts", json={"region_code": REGION, "title": title},
                                     headers=d.office())
        d.posts[key] = resp.json()["id"]
        resp = await d.registry.put(f"/api/v1/posts/{d.posts[key]}/holder", headers=d.office(),
                                    json={"person_id": d.people[holder], "start_date": "2025-01-01"})
        assert resp.status_code == 200, resp.text
    for key, name, convener in (("基础设施", "现代基础设施体系", "交通局"), ("城镇", "现代城镇体系", "城关镇")):
        resp = await d.registry.post("/api/v1/systems", headers=d.office(),
                                     json={"region_code": REGION, "name": name, "convening_unit_id": d.units[convener]})
        assert resp.status_code == 201, resp.text
        d.systems[key] = resp.json()["id"]
    await d.project("LC-001", owner_unit_id=d.units["钼业"], co_unit_ids=[d.units["城关镇"]])
    stop = _record_published_events(d, monkeypatch)
    yield d
    stop()
