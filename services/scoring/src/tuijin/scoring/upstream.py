"""The scoring service's reads of the other services (registry, issues, meetings), one method per read.

Scoring pulls: a run takes a snapshot of its inputs at the moment it computes (in bulk: a paged list, a bulk
read, or one stats call per source and period, never one call per subject), so it keeps no copy of other
services' records and handles no event of theirs. Each read is recorded in ``calls`` for the run's snapshot.
A refusal by another service becomes the kernel's 502 ``upstream_failed`` naming it; 503/504 pass on as they
are (the source is down or slow)."""

from __future__ import annotations

import uuid
from typing import Any

from tuijin.kernel.errors import ProblemError
from tuijin.kernel.upstream import Upstreams, collect_pages, raise_refusal

PAGE = 200
MAX_PAGES = 500  # 100 000 rows: more than any province's list
RUN_DEADLINE = 15.0  # seconds for one read of a run's inputs (a stats call sums a region's quarter)


class Upstream:
    """Reads of one request (a run or a new round) from the other services, each recorded in ``calls``."""

    def __init__(self, upstreams: Upstreams, *, deadline: float = RUN_DEADLINE) -> None:
        self.upstreams = upstreams
        self.deadline = deadline
        self.calls: list[str] = []

    async def get(self, name: str, path: str, params: dict[str, Any]) -> Any:
        self.calls.append(f"{name} GET {path} {sorted(params.items())}")
        try:
            return await self.upstreams.get_json(name, path, params=params, deadline=self.deadline)
        except ProblemError as exc:
            raise_refusal(exc, name, "a scoring read")

    async def post(self, name: str, path: str, body: Any) -> Any:
        self.calls.append(f"{name} POST {path}")
        try:
            return await self.upstreams.read_json(name, path, body, deadline=self.deadline)
        except ProblemError as exc:
            raise_refusal(exc, name, "a scoring read")

    async def pages(self, name: str, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item of a paginated list, each page read (and recorded) with :meth:`get`."""
        return await collect_pages(lambda query: self.get(name, path, query), params, max_pages=MAX_PAGES,
                                   limit=PAGE)

    # ------------------------------------------------------------ registry

    async def projects(self, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
        """The projects of ``ids`` that exist (id, name, region_code…), in one bulk read."""
        return await self.post("registry", "/api/v1/projects/bulk", {"ids": [str(p) for p in ids]})

    async def year_totals(self, region_code: str, through: str, late_from: str) -> list[dict[str, Any]]:
        """The region's projects on the year's list, each with its plan of the year, its submitted or verified
        reports summed from January through ``through``, and its reports late or missing from ``late_from``, in the
        region's own cadence (monthly or weekly): one call, summed by the registry."""
        return await self.get("registry", "/api/v1/progress-reports/year-totals",
                              {"region_code": region_code, "through": through, "late_from": late_from})

    async def units(self, region_code: str) -> list[dict[str, Any]]:
        return await self.pages("registry", "/api/v1/units", {"region_code": region_code})

    async def reserve_entries(self, region_code: str) -> list[dict[str, Any]]:
        """The region's reserve library (储备库): every entry of every level and year, in and promoted out, every
        page of the registry's keyset list (a county's library, read once per run)."""
        return await self.pages("registry", "/api/v1/reserve-entries", {"region_code": region_code})

    async def financing_needs(self, region_code: str, year: int) -> list[dict[str, Any]]:
        """The region's financing needs of ``year`` (融资需求: channel, amount, status), every page."""
        return await self.pages("registry", "/api/v1/financing-needs", {"region_code": region_code, "year": year})

    async def milestones(self, region_code: str) -> list[dict[str, Any]]:
        """The node plans (时间节点) of the region's projects: every node, planned and actual dates, every page."""
        return await self.pages("registry", "/api/v1/milestones", {"region_code": region_code})

    # ------------------------------------------------------------ issues and meetings: one stats call each

    async def problem_stats(self, window: dict[str, str]) -> dict[str, Any]:
        return await self.get("issues", "/api/v1/problems/stats", window)

    async def letter_stats(self, window: dict[str, str]) -> dict[str, Any]:
        return await self.get("issues", "/api/v1/letters/stats", window)

    async def decided_item_stats(self, window: dict[str, str]) -> dict[str, Any]:
        return await self.get("meetings", "/api/v1/decided-items/stats", window)

    async def attendance_stats(self, window: dict[str, str]) -> dict[str, Any]:
        return await self.get("meetings", "/api/v1/attendance/stats", window)

    async def accountability_records(self, window: dict[str, str]) -> list[dict[str, Any]]:
        """The region's accountability records (问责) decided in the window, every page of the issues service's
        keyset list (a run's whole period in one paged read, not one call per subject)."""
        return await self.pages("issues", "/api/v1/accountability-records", window)

    async def duty_shortfalls(self, region_code: str, month: str) -> dict[str, Any]:
        """Who is behind on a duty in ``month`` (the rows with a shortfall only)."""
        return await self.get("meetings", f"/api/v1/regions/{region_code}/duty-shortfalls",
                              {"month": month, "behind_only": "true"})
