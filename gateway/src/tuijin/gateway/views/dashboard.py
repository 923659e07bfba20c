"""The dashboard (挂图作战) of a region and year."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tuijin.gateway.views.compose import PAGE, not_found_is_missing, status_of, value_of
from tuijin.gateway.views.fanout import Fanout, Read
from tuijin.gateway.views.schemas import Dashboard, DutyStanding, KeyRates, RankingEnds
from tuijin.kernel.clock import today
from tuijin.kernel.errors import NotFound
from tuijin.kernel.upstream import Upstreams


class RegionNotFound(NotFound):
    """The registry does not know the region."""

    code = "region_not_found"


UPCOMING_DAYS = 14


async def dashboard(upstreams: Upstreams, token: str | None, deadline: float, region_code: str, year: int) -> Dashboard:
    """挂图作战 from aggregates and bulk reads only (a fixed number of calls whatever the region's size)."""
    fan = Fanout(upstreams, token, deadline)
    on = today()
    region = {"region_code": region_code}

    async def ranking() -> RankingEnds | None:
        # a failure here is the part's (listed in ``missing``), never the dashboard's: through the fan-out
        runs = await fan.read(Read("scoring", "/api/v1/scoring-runs",
                                   {**region, "status": "published", "limit": 1}))
        if not runs["items"]:
            return None
        run = runs["items"][0]
        lists = await fan.read(Read("scoring", f"/api/v1/scoring-runs/{run['id']}/lists"))
        return RankingEnds(run=run, praise=lists["praise"], criticism=lists["criticism"])

    reads = {
        "statistics": Read("registry", "/api/v1/statistics", {**region, "year": year}),
        "map_points": Read("registry", "/api/v1/statistics/map-points", {**region, "year": year}),
        "overdue_reports": Read("registry", "/api/v1/progress-reports/overdue", {**region, "limit": PAGE}),
        "problems": Read("issues", "/api/v1/problems/summary", region),
        "upcoming_meetings": Read(
            "meetings",
            "/api/v1/meetings",
            {
                **region,
                "from": on.isoformat(),
                "to": (on + timedelta(days=UPCOMING_DAYS)).isoformat(),
                "limit": PAGE,
            },
        ),
        "overdue_decided_items": Read(
            "meetings", "/api/v1/decided-items", {**region, "overdue": "true", "limit": PAGE}
        ),
        # this month's duties on the ground: how many people are behind (the rows themselves are the list's)
        "duties": Read("meetings", f"/api/v1/regions/{region_code}/duty-shortfalls", {"behind_only": "true"}),
    }
    calls = {name: (read.service, lambda r=read: fan.read(r)) for name, read in reads.items()}
    calls["ranking"] = ("scoring", ranking)
    got = await fan.run_calls(calls)
    statistics = got["statistics"]
    if statistics.error is not None and statistics.error.status == 404:
        raise RegionNotFound(statistics.error.detail or "No such region.")
    not_found_is_missing(fan, got, {**{n: r.service for n, r in reads.items()}, "ranking": "scoring"})
    meetings = fan.page_items("upcoming_meetings", got["upcoming_meetings"])
    return Dashboard(
        **status_of(fan),
        region_code=region_code,
        year=year,
        statistics=value_of(got["statistics"]),
        map_points=value_of(got["map_points"]),
        problems=value_of(got["problems"]),
        upcoming_meetings=None if meetings is None else [m for m in meetings if m.get("status") != "cancelled"],
        overdue_decided_items=fan.page_items("overdue_decided_items", got["overdue_decided_items"]),
        overdue_reports=fan.page_items("overdue_reports", got["overdue_reports"]),
        ranking=value_of(got["ranking"]),
        duties=_standing(value_of(got["duties"])),
        key_rates=key_rates(value_of(got["statistics"])),
    )


def _standing(shortfalls: dict | None) -> DutyStanding | None:
    """The counts of the month's duty shortfalls (null when the part is missing)."""
    if shortfalls is None:
        return None
    return DutyStanding(month=shortfalls["month"], as_of=shortfalls["as_of"], month_closed=shortfalls["month_closed"],
                        people_behind=shortfalls["people_behind"], units_behind=shortfalls["units_behind"])


def key_rates(statistics: dict[str, Any] | None) -> KeyRates | None:
    """The year's key rates lifted out of the registry's statistics (no read of their own)."""
    if statistics is None or "start_rate" not in statistics:
        return None
    return KeyRates(start_rate=statistics["start_rate"], procedure_completion=statistics["procedure_completion"],
                    funds_in_place=statistics["funds_in_place"], demolition_projects=len(statistics["demolition"]))
