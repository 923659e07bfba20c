"""Reading the registry (the only service the issues service reads): projects in bulk (stored as
:class:`~tuijin.issues.directory.models.ProjectRef` copies), units and a leader's projects (short-lived caches).
The copies are kept in :mod:`tuijin.issues.directory`; the registry's events refresh them
(:mod:`tuijin.issues.handlers`)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as directory_repo
from tuijin.issues.directory.models import ProjectRef
from tuijin.issues.directory.service import store_project
from tuijin.issues.errors import ProjectNotFound, UnitNotFound
from tuijin.kernel.auth import Principal
from tuijin.kernel.upstream import Upstreams

BULK_MAX = 1000


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
        ref = None if refresh else await directory_repo.project(session, project_id)
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


async def recorder(state: Any, principal: Principal) -> tuple[str, str]:
    """Who records (the caller), as a record names them: (name, unit and post) of the caller's person in the
    registry; without a person, the account's display name and no post."""
    if principal.person_id is not None and principal.region_code:
        people = await state.upstreams.pages("registry", "/api/v1/people", {"region_code": principal.region_code},
                                             max_pages=50)
        person = next((p for p in people if p.get("id") == str(principal.person_id)), None)
        if person is not None:
            unit = ""
            if person.get("unit_id"):
                found = await state.directory.unit(state.upstreams, principal.region_code,
                                                   uuid.UUID(person["unit_id"]))
                unit = (found or {}).get("name", "")
            return person["name"], f"{unit}{person.get('title') or ''}"
    return principal.username or "", ""


async def require_unit(state: Any, region_code: str, unit_id: uuid.UUID, field: str) -> dict[str, Any]:
    """A unit of the region (from the registry), else a 422 ``unit_not_found`` naming ``field``."""
    unit = await state.directory.unit(state.upstreams, region_code, unit_id)
    if unit is None:
        raise UnitNotFound(f"No unit {unit_id} in region {region_code}.", field=field)
    return unit


async def require_units(state: Any, region_code: str, unit_ids: list[uuid.UUID] | None, field: str) -> None:
    """Each of ``unit_ids`` is a unit of the region, else a 422 ``unit_not_found`` naming ``field.<i>``."""
    for i, unit_id in enumerate(unit_ids or []):
        await require_unit(state, region_code, unit_id, f"{field}.{i}")


async def require_project(
    state: Any,
    session: AsyncSession,
    project_id: uuid.UUID,
    token: str | None,
    *,
    region_code: str | None = None,
    principal: Principal | None = None,
) -> ProjectRef:
    """The project read from the registry with the caller's ``token`` (and stored), in ``region_code`` when one
    is named and in a region ``principal`` sees; else a 422 ``project_not_found`` on ``body.project_id`` (a
    project the caller may not see is as a missing one)."""
    ref = (await state.directory.fetch_projects(session, state.upstreams, [project_id], token=token)).get(project_id)
    if (
        ref is None
        or (region_code is not None and ref.region_code != region_code)
        or (principal is not None and not principal.can_see_region(ref.region_code))
    ):
        raise ProjectNotFound("No such project, or not one you may see.", field="body.project_id")
    return ref
