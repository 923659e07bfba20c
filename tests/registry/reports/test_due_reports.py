"""Reports still to do (待报): the projects expected to report the next period due that have not submitted
it yet, so a unit sees what to report before it is late (the gateway's to-dos read this)."""

from __future__ import annotations

from tests.registry.reports.clerk import Clerk

URL = "/api/v1/progress-reports/due?region_code=410324"


async def _codes(clerk: Clerk, url: str, headers: dict[str, str]) -> list[tuple[str, str]]:
    resp = await clerk.client.get(url, headers=headers)
    assert resp.status_code == 200, resp.text
    return [(i["project_code"], i["period"]) for i in resp.json()["items"]]


async def test_the_next_period_due_lists_the_projects_that_have_not_submitted_it(clerk: Clerk):
    a = await clerk.project("LC-A")
    b = await clerk.project("LC-B")
    await clerk.project("LC-C", responsible_unit_id=clerk.county.units["发改委"])
    await clerk.project("LC-R", stage="reserve")  # not expected to report
    clerk.at("2026-05-20T10:00:00+08:00")
    await clerk.submitted(b, "2026-05")
    # May is due on the 22nd (栾川's default rule): A and C still have to report it
    assert await _codes(clerk, URL, clerk.office) == [("LC-A", "2026-05"), ("LC-C", "2026-05")]
    resp = await clerk.client.get(URL, headers=clerk.office)
    assert resp.json()["items"][0]["due_at"] == "2026-05-22T16:00:00Z"  # the end of the 22nd, Asia/Shanghai
    assert await _codes(clerk, URL, clerk.unit("交通局")) == [("LC-A", "2026-05")]  # a unit: its own only

    clerk.at("2026-05-23T09:00:00+08:00")  # May is late now (see the overdue list); June is next
    assert await _codes(clerk, URL, clerk.office) == [("LC-A", "2026-06"), ("LC-B", "2026-06"), ("LC-C", "2026-06")]
    assert await _codes(clerk, URL + "&period=2026-05", clerk.office) == [("LC-A", "2026-05"), ("LC-C", "2026-05")]
    clerk.at("2026-06-02T09:00:00+08:00")  # June has begun: it can be reported
    await clerk.submitted(a, "2026-06")
    assert [c for c, _ in await _codes(clerk, URL, clerk.office)] == ["LC-B", "LC-C"]


async def test_reports_due_of_another_region_are_refused(clerk: Clerk):
    assert (await clerk.client.get(URL, headers=clerk.other_office)).status_code == 403
