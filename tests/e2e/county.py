"""What every county's own period needs before its cycle starts, driven through the gateway only: its regions, its
office and units, its projects with this year's plan, its rules set, and the text of the documents it reads.

Each county's test (test_county_*.py) runs on five freshly started apps (the ``county_on_a_fresh_cluster`` fixture
of conftest.py), with the clocks moved by the test and background jobs run only when the test runs them."""

from __future__ import annotations

from typing import Any

from tests.e2e.driver import JSON, Desk
from tests.fixtures import official_docx as official

YEAR = 2026
# the same settings as the month's run (test_one_month.py): clocks moved by the test, jobs run on demand
ENV = {
    "TUIJIN_CLOCK_CONTROL": "true",
    "TUIJIN_BACKGROUND_JOBS": "false",
    "TUIJIN_OUTBOX_BACKOFF_BASE_SECONDS": "1",
    "TUIJIN_OUTBOX_BACKOFF_MAX_SECONDS": "60",
}


async def set_up_regions(d: Desk, chain: tuple[tuple[str, str, str, str | None], ...]) -> None:
    """The province, the prefecture and the county (code, name, level, parent), made by the gateway's admin."""
    for code, name, level, parent in chain:
        body = {"code": code, "name": name, "level": level, "parent_code": parent}
        await d.post("/api/v1/regions", body, who="admin", expect=201)


async def set_up_units(
    d: Desk, office: str, office_unit: str, units: tuple[tuple[str, str, str], ...]
) -> dict[str, str]:
    """The office's account (重点办, placed in ``office_unit``) and the county's units (key, name, kind): key → id."""
    await d.account(office, ["office"], display_name=f"{office} 重点项目办")
    ids: dict[str, str] = {}
    for key, name, kind in units:
        unit = await d.post("/api/v1/units", {"region_code": d.region, "name": name, "kind": kind}, who=office,
                            expect=201)
        ids[key] = unit["id"]
    await d.call("PATCH", f"/api/v1/users/{d.users[office]['id']}", "admin", json={"unit_id": ids[office_unit]},
                 headers={"If-Match": "*"})
    return ids


async def register_projects(
    d: Desk, office: str, units: dict[str, str], projects: tuple[tuple[str, str, str, int, int, str, str], ...]
) -> dict[str, JSON]:
    """Each project (code, name, stage, 总投资, 年度计划投资, responsible unit key, planned start) registered with its
    plan for the year; the other services learn of them through the registry's outbox. code → project."""
    out: dict[str, JSON] = {}
    for code, name, stage, total, planned, unit, start in projects:
        project = await d.post(
            "/api/v1/projects",
            {"region_code": d.region, "code": code, "name": name, "stage": stage, "total_investment": str(total),
             "responsible_unit_id": units[unit], "content": f"{name}工程"},
            who=office, expect=201,
        )
        await d.call("PUT", f"/api/v1/projects/{project['id']}/year-plans/{YEAR}", office,
                     json={"planned_investment": str(planned), "planned_start_date": start,
                           "planned_completion_date": "2027-12-31"})
        out[code] = project
    await d.settle()
    return out


async def docx_text(d: Desk, path: str, who: str, **params: Any) -> str:
    """The whole text of a Word document the county downloads (body and tables)."""
    resp = await d.call("GET", path, who, params=params)
    return official.all_text(official.read(resp.content))


async def apply_region_profile(d: Desk, office: str, profile: str) -> JSON:
    """Apply a shipped region profile to the county for the year (``POST /api/v1/regions/{code}/profile``): the
    registry sets its policies at once and sends ``region.profile_applied`` through its outbox; issues, meetings and
    scoring apply their parts when it reaches them, so the outboxes are delivered until they settle."""
    applied = await d.post(f"/api/v1/regions/{d.region}/profile", {"profile": profile, "year": YEAR}, who=office,
                           expect=200)
    assert (applied["profile"], applied["year"], applied["event"]) == (profile, YEAR, "region.profile_applied")
    assert sorted(applied["requested_from"]) == ["issues", "meetings", "scoring"], applied
    await d.settle()
    return applied
