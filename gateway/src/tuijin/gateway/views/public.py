"""The public overview (阳光行动) of a region and year."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tuijin.gateway.views.compose import PAGE
from tuijin.gateway.views.schemas import PublicOverview
from tuijin.kernel.clock import utcnow
from tuijin.kernel.context import request_id_var
from tuijin.kernel.errors import BadGateway, NotFound, UpstreamUnavailable
from tuijin.kernel.upstream import Upstreams


class PublicRegionNotFound(NotFound):
    """The public page of a region the registry does not know."""

    code = "region_not_found"


async def public_overview(upstreams: Upstreams, deadline: float, region_code: str, year: int) -> PublicOverview:
    """阳光行动 from the registry's public pages (no token is sent: only what anyone may see): the region's name
    and its published projects, read together."""
    rid = request_id_var.get()
    headers = {"x-request-id": rid} if rid else None
    registry = upstreams.client("registry")
    try:
        region, page = await asyncio.wait_for(asyncio.gather(
            registry.get(f"/api/v1/public/regions/{region_code}", headers=headers),
            registry.get("/api/v1/public/projects", params={"region_code": region_code, "year": year, "limit": PAGE},
                         headers=headers),
        ), timeout=deadline)
    except (httpx.TransportError, TimeoutError) as exc:
        raise UpstreamUnavailable("The registry service is unavailable.", upstream="registry") from exc
    for answer in (region, page):
        if answer.status_code >= 500:
            raise UpstreamUnavailable(_detail(answer), upstream="registry")
    if region.status_code == 404:
        raise PublicRegionNotFound(f"No region {region_code}.")
    for answer in (region, page):
        if answer.status_code >= 400:  # the gateway validated what it sends: a refusal is the two disagreeing
            raise BadGateway(_detail(answer), upstream="registry", upstream_status=answer.status_code)
    body = page.json()
    projects = body["items"]
    quarters: dict[str, int] = {}
    for p in projects:
        for q in p.get("quarterly_progress", []):
            quarters[q["quarter"]] = quarters.get(q["quarter"], 0) + 1
    return PublicOverview(
        as_of=utcnow(),
        region_code=region_code,
        region_name=region.json()["name"],
        year=year,
        projects=projects,
        project_count=len(projects),
        with_leader=sum(1 for p in projects if p.get("leader") and p["leader"].get("holder_name")),
        quarters_reported=dict(sorted(quarters.items())),
        next_cursor=body.get("next_cursor"),
    )


def _detail(resp: Any) -> str:
    try:
        return str(resp.json().get("detail") or resp.reason_phrase)
    except ValueError:
        return resp.reason_phrase
