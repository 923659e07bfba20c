"""The public overview (阳光行动) of a region and year."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tuijin.gateway.views.compose import PAGE
from tuijin.gateway.views.schemas import PublicOverview
from tuijin.kernel.clock import utcnow
from tuijin.kernel.context import request_id_var
from tuijin.kernel.errors import BadGateway, UpstreamUnavailable
from tuijin.kernel.upstream import Upstreams


async def public_overview(upstreams: Upstreams, deadline: float, region_code: str, year: int) -> PublicOverview:
    """阳光行动 from the registry's public pages (no token is sent: only what anyone may see)."""
    rid = request_id_var.get()
    try:
        page = await asyncio.wait_for(
            upstreams.client("registry").get(
                "/api/v1/public/projects",
                params={"region_code": region_code, "year": year, "limit": PAGE},
                headers={"x-request-id": rid} if rid else None,
            ),
            timeout=deadline,
        )
    except (httpx.TransportError, TimeoutError) as exc:
        raise UpstreamUnavailable("The registry service is unavailable.", upstream="registry") from exc
    if page.status_code >= 500:
        raise UpstreamUnavailable(_detail(page), upstream="registry")
    if page.status_code >= 400:  # the gateway validated what it sends: a refusal is the two disagreeing
        raise BadGateway(_detail(page), upstream="registry", upstream_status=page.status_code)
    body = page.json()
    projects = body["items"]
    quarters: dict[str, int] = {}
    for p in projects:
        for q in p.get("quarterly_progress", []):
            quarters[q["quarter"]] = quarters.get(q["quarter"], 0) + 1
    return PublicOverview(
        as_of=utcnow(),
        region_code=region_code,
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
