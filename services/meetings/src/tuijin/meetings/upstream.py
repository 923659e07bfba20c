"""Reads from the other services, one class per service read: ``Directory`` (the registry: units, systems,
open procedures, statistics, a project; named like the issues service's reader of the registry) and
``IssuesUpstream`` (the issues service: the problems a meeting's agenda takes up). Unit lists are cached
briefly per region; an id not in the cache refetches once, so a unit registered a moment ago is found. An error
answer of another service is the kernel's 502 ``upstream_failed``; an outage stays 503/504."""

from __future__ import annotations

import time
import uuid
from datetime import date
from typing import Any

from tuijin.kernel.errors import ProblemError
from tuijin.kernel.upstream import Upstreams, raise_refusal
from tuijin.meetings.errors import UnknownUnit

UNIT_TTL_SECONDS = 60.0
MAX_PAGES = 100  # 200 rows a page: far more units or projects than any county has


async def _pages(upstreams: Upstreams, name: str, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of a keyset-paginated list of another service."""
    try:
        return await upstreams.pages(name, path, params, max_pages=MAX_PAGES)
    except ProblemError as exc:
        raise_refusal(exc, name)


class Directory:
    """Cached reads of the registry (one per app, in ``app.state.directory``)."""

    def __init__(self, upstreams: Upstreams) -> None:
        self.upstreams = upstreams
        self._units: dict[str, tuple[float, dict[uuid.UUID, dict[str, Any]]]] = {}
        self._lists: dict[tuple[str, str], tuple[float, dict[uuid.UUID, dict[str, Any]]]] = {}

    async def _region_list(self, path: str, region_code: str, fresh: bool) -> dict[uuid.UUID, dict[str, Any]]:
        """A region's rows of a registry list by id, cached like the units."""
        cached = self._lists.get((path, region_code))
        if not fresh and cached and time.monotonic() - cached[0] < UNIT_TTL_SECONDS:
            return cached[1]
        rows = await _pages(self.upstreams, "registry", path, {"region_code": region_code})
        found = {uuid.UUID(r["id"]): r for r in rows if r.get("region_code") == region_code}
        self._lists[(path, region_code)] = (time.monotonic(), found)
        return found

    async def people(self, region_code: str, *, fresh: bool = False) -> dict[uuid.UUID, dict[str, Any]]:
        """The region's people by id (id, name, unit_id, title)."""
        return await self._region_list("/api/v1/people", region_code, fresh)

    async def projects(self, region_code: str, *, fresh: bool = False) -> dict[uuid.UUID, dict[str, Any]]:
        """The region's projects by id (the registry's summaries: code, name, stage, responsible unit, leader
        post)."""
        return await self._region_list("/api/v1/projects", region_code, fresh)

    async def posts(self, region_code: str, *, fresh: bool = False) -> dict[uuid.UUID, dict[str, Any]]:
        """The region's posts by id, each with today's holder (``holder.person_id``)."""
        return await self._region_list("/api/v1/posts", region_code, fresh)

    async def missing(self, region_code: str, kind: str, refs: dict[str, uuid.UUID]) -> list[str]:
        """The fields of ``refs`` (field → id) naming no ``kind`` (people, projects) of the region; a miss
        refetches once (a record registered a moment ago is found)."""
        if not refs:
            return []
        read = self.people if kind == "people" else self.projects
        rows = await read(region_code)
        if any(v not in rows for v in refs.values()):
            rows = await read(region_code, fresh=True)
        return [f for f, v in refs.items() if v not in rows]

    async def units(self, region_code: str, *, fresh: bool = False) -> dict[uuid.UUID, dict[str, Any]]:
        """The region's units by id (id, name, short_name, kind, is_active)."""
        cached = self._units.get(region_code)
        if not fresh and cached and time.monotonic() - cached[0] < UNIT_TTL_SECONDS:
            return cached[1]
        rows = await _pages(self.upstreams, "registry", "/api/v1/units", {"region_code": region_code})
        units = {uuid.UUID(u["id"]): u for u in rows if u.get("region_code") == region_code}
        self._units[region_code] = (time.monotonic(), units)
        return units

    async def unit_names(self, region_code: str) -> dict[uuid.UUID, str]:
        return {k: v["name"] for k, v in (await self.units(region_code)).items()}

    async def ensure_units(self, region_code: str, refs: dict[str, uuid.UUID | None]) -> None:
        """Refuse references (field → unit id) to units that are not the region's, naming each field."""
        wanted = {f: u for f, u in refs.items() if u is not None}
        if not wanted:
            return
        units = await self.units(region_code)
        if any(u not in units for u in wanted.values()):
            units = await self.units(region_code, fresh=True)
        missing = [f for f, u in wanted.items() if u not in units]
        if missing:
            raise UnknownUnit(
                "No unit of this region with that id: " + ", ".join(missing),
                errors=[{"field": f, "message": f"no unit {wanted[f]} in region {region_code}",
                         "type": "unknown_unit"} for f in missing],
            )

    async def systems(self, region_code: str) -> list[dict[str, Any]]:
        """The region's systems (体系) in their order, each with its convening unit."""
        try:
            rows = await self.upstreams.get_json("registry", "/api/v1/systems", params={"region_code": region_code})
        except ProblemError as exc:
            raise_refusal(exc, "registry")
        return [s for s in rows if s.get("region_code") == region_code]

    async def open_procedures(self, region_code: str, system_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        """Projects with unfinished or overdue procedures (the joint approval agenda), all pages."""
        params: dict[str, Any] = {"region_code": region_code}
        if system_id is not None:
            params["system_id"] = str(system_id)
        return await _pages(self.upstreams, "registry", "/api/v1/procedures/open-by-project", params)

    async def statistics(self, region_code: str, year: int) -> dict[str, Any]:
        """The region's yearly-list statistics (the progress summary of the county meeting)."""
        try:
            return await self.upstreams.get_json("registry", "/api/v1/statistics",
                                                 params={"region_code": region_code, "year": year})
        except ProblemError as exc:
            raise_refusal(exc, "registry")

    async def project(self, project_id: uuid.UUID) -> dict[str, Any]:
        """One project of the registry (code, name, responsible unit…)."""
        try:
            return await self.upstreams.get_json("registry", f"/api/v1/projects/{project_id}")
        except ProblemError as exc:
            raise_refusal(exc, "registry")


class IssuesUpstream:
    """Reads of the issues service (one per app, in ``app.state.issues``)."""

    def __init__(self, upstreams: Upstreams) -> None:
        self.upstreams = upstreams

    async def problem_agenda(
        self, region_code: str, level: str, system_id: uuid.UUID | None, on: date
    ) -> list[dict[str, Any]]:
        """Open problems at ``level`` (and ``system_id``) that belong on a meeting on ``on``."""
        params: dict[str, Any] = {"region_code": region_code, "level": level, "on": on.isoformat()}
        if system_id is not None:
            params["system_id"] = str(system_id)
        try:
            rows = await self.upstreams.get_json("issues", "/api/v1/problems/agenda", params=params)
        except ProblemError as exc:
            raise_refusal(exc, "issues")
        return rows["items"] if isinstance(rows, dict) and "items" in rows else rows
