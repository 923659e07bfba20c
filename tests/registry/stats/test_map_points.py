"""The yearly list as map points (挂图作战): the projects the statistics count, with their coordinates when
recorded and their lights, the worst one in ``light``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from tuijin.kernel.clock import SHANGHAI, clock

REGION = "410324"
SEVERITY = {"green": 1, "yellow": 2, "red": 3}


def _at(stack, county, month: int, day: int) -> None:
    """Move the clock (Asia/Shanghai, 10:00) and give the office a token issued at that time."""
    clock.set(datetime(2026, month, day, 10, tzinfo=SHANGHAI), frozen=True)
    county.office = stack.auth("office", region=REGION)


async def test_map_points_are_the_years_list_with_coordinates_and_the_worst_light(county, stack):
    _at(stack, county, 1, 5)
    located = await county.project("A", location="栾川县城关镇", longitude="111.615", latitude="33.785")
    plain = await county.project("B")
    await county.project("C")  # in the library, on no yearly list: not a point
    for project in (located, plain):
        resp = await county.client.put(
            f"/api/v1/projects/{project['id']}/year-plans/2026",
            headers=county.office,
            json={"planned_investment": "100", "planned_start_date": "2026-02-01"},
        )
        assert resp.status_code == 200, resp.text
    url = f"/api/v1/statistics/map-points?region_code={REGION}&year=2026"
    points = (await county.client.get(url, headers=county.office)).json()
    assert [(p["code"], p["light"], p["lights"]) for p in points] == [("A", None, []), ("B", None, [])]
    assert (Decimal(points[0]["longitude"]), Decimal(points[0]["latitude"])) == (Decimal("111.615"), Decimal("33.785"))
    assert points[0]["location"] == "栾川县城关镇" and points[1]["longitude"] is None

    _at(stack, county, 7, 1)
    resp = await county.client.post(f"/api/v1/warning-lights/recompute?region_code={REGION}", headers=county.office)
    assert resp.status_code == 200, resp.text
    points = (await county.client.get(url, headers=county.office)).json()
    stats = (
        await county.client.get(f"/api/v1/statistics?region_code={REGION}&year=2026", headers=county.office)
    ).json()
    assert len(points) == stats["totals"]["projects"] == 2
    for point in points:
        assert point["lights"], point
        assert point["light"] == max((x["colour"] for x in point["lights"]), key=SEVERITY.__getitem__)
    assert {p["light"] for p in points} == {"red"}  # planned to start in February, not started by July


async def test_map_points_are_for_readers_of_the_region(county, stack):
    url = f"/api/v1/statistics/map-points?region_code={REGION}"
    assert (await county.client.get(url, headers=stack.auth("unit", region=REGION))).status_code == 403
    assert (await county.client.get(url, headers=stack.auth("office", region="410325"))).status_code == 403
