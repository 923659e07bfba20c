"""A desk to drive the running cluster through the gateway only: accounts and their logins, the clocks of
every app moved together, background jobs run on demand, outbox delivery until everything has settled.

Every wait is bounded; every failed call fails with its answer and the tail of the processes' logs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import httpx

from tests.processes.cluster import Cluster, wait_until_ready
from tuijin.kernel.clock import SHANGHAI
from tuijin.kernel.settings import SERVICES

REGION = "410324"
PASSWORD = "month-end-to-end-1"
SETTLE_ROUNDS = 8
JSON = dict[str, Any]


@dataclass
class Desk:
    cluster: Cluster
    http: httpx.AsyncClient
    region: str = REGION  # the county the accounts belong to (栾川 unless a county's own test says otherwise)
    down: set[str] = field(default_factory=set)
    now: datetime | None = None
    users: dict[str, JSON] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    # ---------------------------------------------------------------- calls

    def fail(self, message: str) -> AssertionError:
        return AssertionError(f"{message}\n{self.cluster.logs(tail=25)}")

    async def call(
        self, method: str, path: str, who: str | None = "office", expect: int | tuple[int, ...] = 200, **kw: Any
    ) -> httpx.Response:
        headers = dict(kw.pop("headers", {}) or {})
        if who is not None:
            headers["Authorization"] = f"Bearer {await self.token(who)}"
        try:
            resp = await self.http.request(method, path, headers=headers, **kw)
        except httpx.TransportError as exc:
            raise self.fail(f"{method} {path} as {who}: {exc!r}") from exc
        wanted = (expect,) if isinstance(expect, int) else expect
        if resp.status_code not in wanted:
            raise self.fail(f"{method} {path} as {who}: {resp.status_code} (wanted {wanted}) {resp.text[:1500]}")
        return resp

    async def get(self, path: str, who: str | None = "office", **kw: Any) -> Any:
        return (await self.call("GET", path, who, **kw)).json()

    async def post(
        self, path: str, body: Any = None, who: str | None = "office", expect: Any = (200, 201), **kw: Any
    ) -> Any:
        resp = await self.call("POST", path, who, expect=expect, json=body, **kw)
        return resp.json() if resp.content else None

    async def put(self, path: str, body: Any, who: str | None = "office", expect: Any = 200) -> Any:
        return (await self.call("PUT", path, who, expect=expect, json=body)).json()

    async def items(self, path: str, who: str | None = "office", **params: Any) -> list[JSON]:
        """Every item of a keyset-paginated list (bounded to 20 pages)."""
        out: list[JSON] = []
        cursor = None
        for _ in range(20):
            query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
            body = await self.get(path, who, params=query)
            if isinstance(body, list):
                return body
            out.extend(body["items"])
            cursor = body.get("next_cursor")
            if not cursor:
                return out
        raise self.fail(f"{path}: more than 20 pages")

    # ---------------------------------------------------------------- accounts and tokens

    async def login(self, username: str, password: str) -> str:
        resp = await self.http.post("/api/v1/auth/token", data={"username": username, "password": password})
        if resp.status_code != 200:
            raise self.fail(f"login {username}: {resp.status_code} {resp.text[:500]}")
        return resp.json()["access_token"]

    async def token(self, who: str) -> str:
        """A token minted at the clock's instant (the cache is cleared whenever the clocks move: a token has
        its nbf and exp on the clock)."""
        if who not in self._tokens:
            password = self.cluster.admin_password if who == "admin" else PASSWORD
            self._tokens[who] = await self.login(who, password)
        return self._tokens[who]

    async def account(
        self,
        username: str,
        roles: list[str],
        *,
        unit_id: str | None = None,
        person_id: str | None = None,
        display_name: str = "",
    ) -> JSON:
        """An account of the county, made by the gateway's admin as the lc.* demo accounts are."""
        body = {
            "username": username,
            "display_name": display_name or username,
            "password": PASSWORD,
            "roles": roles,
            "unit_id": unit_id,
            "person_id": person_id,
            "region_code": self.region,
        }
        user = await self.post("/api/v1/users", body, who="admin", expect=201)
        self.users[username] = user
        return user

    # ---------------------------------------------------------------- time

    async def at(self, day: str, hour: str = "09:00") -> None:
        """Move every running app's clock to ``day`` ``hour`` Asia/Shanghai, frozen: time moves only when the
        scenario moves it. The gateway moves last, so that one admin token serves every call."""
        instant = datetime.fromisoformat(f"{day}T{hour}:00").replace(tzinfo=SHANGHAI)
        for app in [*SERVICES, "gateway"]:
            if app in self.down:
                continue
            await self.call(
                "PUT", f"/api/v1/admin/{app}/clock", "admin", json={"instant": instant.isoformat(), "frozen": True}
            )
        self.now = instant
        self._tokens.clear()

    @property
    def today(self) -> date:
        assert self.now is not None
        return self.now.astimezone(SHANGHAI).date()

    # ---------------------------------------------------------------- jobs and delivery

    async def job(self, service: str, name: str) -> JSON:
        result = await self.post(f"/api/v1/admin/{service}/jobs/{name}/run", who="admin", expect=200)
        if "skipped" in result:
            raise self.fail(f"job {service}/{name} skipped: {result}")
        return result

    async def settle(self) -> dict[str, int]:
        """Deliver every service's outbox until a round delivers nothing (bounded); nothing may be left
        retrying while every service is up, and nothing may be dead."""
        total = {"delivered": 0, "retrying": 0, "dead": 0}
        for _ in range(SETTLE_ROUNDS):
            moved = 0
            for service in SERVICES:
                if service in self.down:
                    continue
                result = await self.job(service, "outbox-dispatch")
                for key in total:
                    total[key] += result.get(key, 0)
                moved += result.get("delivered", 0)
                if result.get("dead"):
                    raise self.fail(f"{service}: dead outbox events {result}")
                if result.get("retrying") and not self.down:
                    raise self.fail(f"{service}: outbox events retrying with every service up {result}")
            if not moved:
                return total
        raise self.fail(f"outboxes still delivering after {SETTLE_ROUNDS} rounds: {total}")

    async def outbox(self, service: str, status: str | None = None) -> list[JSON]:
        params = {"status": status} if status else {}
        return await self.items(f"/api/v1/admin/{service}/outbox", who="admin", **params)

    # ---------------------------------------------------------------- a process stopped and started again

    async def stop(self, app: str) -> None:
        assert await self.cluster.stop(app) is not None
        self.down.add(app)

    async def restart(self, app: str) -> None:
        """Serve ``app`` again and put its clock back on the scenario's instant. A fresh process runs on real
        time, so an admin token is minted on real time for that one call (the gateway's clock is reset for
        it, then frozen again)."""
        assert self.now is not None
        await self.cluster.serve(app)
        self.down.discard(app)
        await self.call("DELETE", "/api/v1/admin/gateway/clock", "admin")
        self._tokens.clear()
        body = {"instant": self.now.isoformat(), "frozen": True}
        await self.call("PUT", f"/api/v1/admin/{app}/clock", "admin", json=body)
        await self.call("PUT", "/api/v1/admin/gateway/clock", "admin", json=body)
        self._tokens.clear()
        await wait_until_ready(self.cluster)
