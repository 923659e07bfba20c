"""Reading the registry: projects in bulk (stored as :class:`ProjectRef` copies), units and a leader's
projects (short-lived caches), and the copies refreshed by the registry's events."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory.models import ProjectLight, ProjectRef, ProjectRefUnit
from tuijin.issues.problems.enums import OPEN_STATUSES
from tuijin.issues.problems.models import Problem
from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import Unprocessable
from tuijin.kernel.upstream import Upstreams

BULK_MAX = 1000


def _insert(session: AsyncSession, table: Any) -> Any:
    return (postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert)(table)


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


class Directory:
    """Caches of registry reads. Units are cached per region for ``ttl`` seconds (a unit missing from the cache
    reloads it once); a leader's projects per access token for ``leader_ttl`` seconds."""

    def __init__(self, ttl: float = 300.0, leader_ttl: float = 30.0) -> None:
        self.ttl = ttl
        self.leader_ttl = leader_ttl
        self._units: dict[str, tuple[float, dict[uuid.UUID, dict[str, Any]]]] = {}
        self._leaders: dict[str, tuple[float, frozenset[uuid.UUID]]] = {}

    # ------------------------------------------------------------ projects

    async def fetch_projects(
        self, session: AsyncSession, upstreams: Upstreams, ids: list[uuid.UUID], *, token: str | None = None
    ) -> dict[uuid.UUID, ProjectRef]:
        """Full views of ``ids`` from the registry (with the caller's ``token``: projects the caller may not see
        are left out), stored as fresh copies."""
        out: dict[uuid.UUID, ProjectRef] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), BULK_MAX):
            chunk = [str(i) for i in unique[start : start + BULK_MAX]]
            views = await upstreams.read_json("registry", "/api/v1/projects/bulk", {"ids": chunk}, token=token)
            for view in views:
                ref = await store_project(session, view, with_units=True)
                out[ref.id] = ref
        return out

    async def project(
        self, session: AsyncSession, upstreams: Upstreams, project_id: uuid.UUID, *, refresh: bool = False
    ) -> ProjectRef | None:
        """The stored copy, fetched with a service token when missing (or when ``refresh``)."""
        ref = None if refresh else await session.get(ProjectRef, project_id)
        if ref is None:
            ref = (await self.fetch_projects(session, upstreams, [project_id])).get(project_id)
        return ref

    # ------------------------------------------------------------ units

    async def units(self, upstreams: Upstreams, region_code: str, *, reload: bool = False) -> dict[uuid.UUID, dict]:
        """The region's units by id (``{id, name, short_name, kind, is_active}``)."""
        cached = self._units.get(region_code)
        if cached is not None and not reload and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        units: dict[uuid.UUID, dict[str, Any]] = {}
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"region_code": region_code, "limit": 200}
            if cursor:
                params["cursor"] = cursor
            page = await upstreams.get_json("registry", "/api/v1/units", params=params)
            for item in page["items"]:
                units[uuid.UUID(item["id"])] = item
            cursor = page.get("next_cursor")
            if not cursor:
                break
        self._units[region_code] = (time.monotonic(), units)
        return units

    async def unit(self, upstreams: Upstreams, region_code: str, unit_id: uuid.UUID) -> dict[str, Any] | None:
        """A unit of the region, or None (the cache is reloaded once before saying no)."""
        found = (await self.units(upstreams, region_code)).get(unit_id)
        if found is None:
            found = (await self.units(upstreams, region_code, reload=True)).get(unit_id)
        return found

    async def unit_names(self, upstreams: Upstreams, region_code: str, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        units = await self.units(upstreams, region_code)
        if any(i not in units for i in ids if i):
            units = await self.units(upstreams, region_code, reload=True)
        return {i: units[i]["name"] for i in ids if i in units}

    # ------------------------------------------------------------ leaders

    async def leader_projects(self, upstreams: Upstreams, principal: Principal, token: str | None) -> frozenset:
        """Ids of the projects a leader may see today (the registry decides, from their posts)."""
        if not token or principal.person_id is None:
            return frozenset()
        key = principal.token_id or token
        cached = self._leaders.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.leader_ttl:
            return cached[1]
        ids: set[uuid.UUID] = set()
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 200}
            if cursor:
                params["cursor"] = cursor
            page = await upstreams.get_json("registry", "/api/v1/projects", params=params, token=token)
            ids.update(uuid.UUID(item["id"]) for item in page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
        if len(self._leaders) > 10000:  # tokens are short-lived: forget them wholesale now and then
            self._leaders.clear()
        result = frozenset(ids)
        self._leaders[key] = (time.monotonic(), result)
        return result


async def store_project(session: AsyncSession, view: dict[str, Any], *, with_units: bool) -> ProjectRef:
    """Upsert the copy of a project from a registry view or event payload (``id`` or ``project_id``). With
    ``with_units`` the view carries the owner and co-units too, and the project's unit list is replaced.
    Open problems follow a change of the project's system."""
    project_id = uuid.UUID(str(view.get("id") or view["project_id"]))
    values: dict[str, Any] = {
        "region_code": view["region_code"],
        "code": view.get("code") or "",
        "name": view.get("name") or "",
        "stage": view.get("stage") or "",
        "system_id": _uuid(view.get("system_id")),
        "responsible_unit_id": _uuid(view.get("responsible_unit_id")),
        "leader_post_id": _uuid(view.get("leader_post_id")),
        "refreshed_at": utcnow(),
    }
    if with_units:
        values["owner_unit_id"] = _uuid(view.get("owner_unit_id"))
    before = await session.scalar(select(ProjectRef.system_id).where(ProjectRef.id == project_id))
    ins = _insert(session, ProjectRef.__table__).values(id=project_id, **values)
    await session.execute(ins.on_conflict_do_update(index_elements=["id"], set_=values))
    units = {values["responsible_unit_id"]}
    if with_units:
        await session.execute(delete(ProjectRefUnit).where(ProjectRefUnit.project_id == project_id))
        units |= {values["owner_unit_id"], *(_uuid(u) for u in view.get("co_unit_ids") or [])}
    rows = [{"project_id": project_id, "unit_id": u} for u in units if u is not None]
    if rows:
        await session.execute(_insert(session, ProjectRefUnit.__table__).values(rows).on_conflict_do_nothing())
    if before != values["system_id"]:
        await session.execute(
            update(Problem)
            .where(
                Problem.project_id == project_id,
                Problem.status.in_(OPEN_STATUSES),
                Problem.system_id.is_distinct_from(values["system_id"]),
            )
            .values(system_id=values["system_id"], version=Problem.version + 1)
            .execution_options(synchronize_session=False)
        )
    ref = await session.get(ProjectRef, project_id, populate_existing=True)
    assert ref is not None
    return ref


async def store_light(session: AsyncSession, payload: dict[str, Any]) -> ProjectLight:
    """Keep a project's current light from a "light.changed" payload (``kind``/``light``, ``to_colour``/``colour``)."""
    project_id = uuid.UUID(str(payload["project_id"]))
    kind = str(payload.get("kind") or payload.get("light") or "progress")
    values = {
        "region_code": payload["region_code"],
        "colour": str(payload.get("to_colour") or payload.get("colour") or ""),
        "reason": str(payload.get("reason") or "")[:500],
        "changed_at": utcnow(),
    }
    ins = _insert(session, ProjectLight.__table__).values(project_id=project_id, kind=kind, **values)
    await session.execute(ins.on_conflict_do_update(index_elements=["project_id", "kind"], set_=values))
    light = await session.get(ProjectLight, (project_id, kind), populate_existing=True)
    assert light is not None
    return light


async def require_unit(state: Any, region_code: str, unit_id: uuid.UUID, field: str) -> dict[str, Any]:
    """A unit of the region (from the registry), else a 422 naming ``field``."""
    unit = await state.directory.unit(state.upstreams, region_code, unit_id)
    if unit is None:
        message = f"No unit {unit_id} in region {region_code}."
        raise Unprocessable(
            message, code="unit_not_found", errors=[{"field": field, "message": message, "type": "unit_not_found"}]
        )
    return unit
