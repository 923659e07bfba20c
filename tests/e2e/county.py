"""What every county's own period needs before its cycle starts, driven through the gateway only: its regions, its
office and units, its projects with this year's plan, its rules set, and the text of the documents it reads.

Each county's test (test_county_*.py) runs on five freshly started apps (the ``county_on_a_fresh_cluster`` fixture
of conftest.py), with the clocks moved by the test and background jobs run only when the test runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

import tuijin.kernel
from tests.e2e.driver import JSON, Desk
from tests.fixtures import official_docx as official

YEAR = 2026
PROFILES = Path(tuijin.kernel.__file__).parent / "profiles"
# each service's policy route (PUT /api/v1/<route>/{region_code}/{name})
POLICY_ROUTES = {"registry": "policies", "issues": "issue-policies", "meetings": "meeting-policies"}
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


async def set_policy(d: Desk, office: str, route: str, name: str, value: dict[str, Any]) -> JSON:
    """Set the county's value of one policy for the year through a service's policy route (``route``:
    ``policies``, ``issue-policies`` or ``meeting-policies``): the office of the region, its first value of the
    year, so no If-Match."""
    resp = await d.call("PUT", f"/api/v1/{route}/{d.region}/{name}", office, json=value, params={"year": YEAR})
    return resp.json()


async def docx_text(d: Desk, path: str, who: str, **params: Any) -> str:
    """The whole text of a Word document the county downloads (body and tables)."""
    resp = await d.call("GET", path, who, params=params)
    return official.all_text(official.read(resp.content))


def profile_schemes(profile: str) -> list[JSON]:
    """The scoring schemes a shipped region profile names (``<profile>/scoring/schemes.yaml``)."""
    path = PROFILES / profile / "scoring" / "schemes.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["schemes"] if path.exists() else []


async def put_profile_files(d: Desk, office: str, profile: str) -> list[str]:
    """The rules of a shipped region profile put in place through the existing routes, as the county's office would
    copy them: every policy file's whole value PUT through its service's policy route, and every scoring scheme of
    the profile created (unless the county has it). Returns the policies set, as ``service/name``."""
    done = []
    for service, route in POLICY_ROUTES.items():
        for path in sorted((PROFILES / profile / service).glob("*.yaml")):
            value = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))["value"], default=str))
            await set_policy(d, office, route, path.stem, value)
            done.append(f"{service}/{path.stem}")
    have = {s["code"] for s in await d.items("/api/v1/scoring-schemes", office, region_code=d.region)}
    for scheme in profile_schemes(profile):
        if scheme["code"] not in have:
            await d.post("/api/v1/scoring-schemes", {"region_code": d.region, **scheme}, who=office, expect=201)
    await d.settle()
    return done
