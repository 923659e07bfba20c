"""What every county's own period needs before its cycle starts, driven through the gateway only: its regions, its
office and units, its projects with this year's plan, its rules set, and the text of the documents it reads.

Each county's test (test_county_*.py) runs on five freshly started apps (the ``county_on_a_fresh_cluster`` fixture
of conftest.py), with the clocks moved by the test and background jobs run only when the test runs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.e2e.driver import JSON, Desk
from tests.fixtures import official_docx as official
from tuijin.kernel.clock import SHANGHAI

YEAR = 2026
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


# ---------------------------------------------------------------- a county set up as its office does, its list imported


@dataclass
class County:
    """What the set-up created, by the names the scenario uses."""

    desk: Desk
    region: str
    office: str
    units: dict[str, str] = field(default_factory=dict)  # short name → unit id
    people: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)  # post title → post id
    liaisons: dict[str, str] = field(default_factory=dict)  # short name of the unit → username
    projects: dict[str, JSON] = field(default_factory=dict)  # code → project

    def pid(self, code: str) -> str:
        return self.projects[code]["id"]

    def unit_name(self, unit_id: str) -> str:
        return next(k for k, v in self.units.items() if v == unit_id)


async def set_up(
    d: Desk,
    regions: list[tuple[str, str, str, str | None]],
    office: tuple[str, str, str],
    units: list[tuple[str, str, str]],
    posts: list[tuple[str, str]],
    liaisons: dict[str, str],
) -> County:
    """``regions``: (code, name, level, parent) from the top down, the last one the desk's; ``office``: (username,
    display name, short name of its unit); ``units``: (short name, full name, kind); ``posts``: (title, holder);
    ``liaisons``: short unit name → username."""
    await set_up_regions(d, tuple(regions))
    region = regions[-1][0]
    assert d.region == region, (d.region, region)
    username, display, office_unit = office
    c = County(desk=d, region=region, office=username)
    await d.account(username, ["office"], display_name=display)
    for key, name, kind in units:
        unit = await d.post("/api/v1/units", {"region_code": region, "name": name, "kind": kind}, who=username,
                            expect=201)
        c.units[key] = unit["id"]
    await d.call("PATCH", f"/api/v1/users/{d.users[username]['id']}", "admin",
                 json={"unit_id": c.units[office_unit]}, headers={"If-Match": "*"})
    for title, holder in posts:
        c.people[holder] = (await d.post("/api/v1/people", {"region_code": region, "name": holder}, who=username,
                                         expect=201))["id"]
        c.posts[title] = (await d.post("/api/v1/posts", {"region_code": region, "title": title}, who=username,
                                       expect=201))["id"]
        await d.call("PUT", f"/api/v1/posts/{c.posts[title]}/holder", username,
                     json={"person_id": c.people[holder], "start_date": "2025-01-01"}, headers={"If-Match": "*"})
    for key, user in liaisons.items():
        await d.account(user, ["unit"], unit_id=c.units[key], display_name=f"{key} 联络员")
        c.liaisons[key] = user
    return c


def fill_template(template: bytes, title: str, rows: list[dict[str, Any]]) -> bytes:
    """The downloaded template's columns with ``rows`` (column header → value) under a title row."""
    wb = load_workbook(BytesIO(template))
    ws = wb.worksheets[0]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=5) if any(c.value == "项目名称" for c in r))
    columns = {c.value: c.column for c in header_row if c.value}
    headers = sorted(columns, key=columns.get)
    out = Workbook()
    sheet = out.active
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        missing = set(row) - set(headers)
        assert not missing, f"the template lacks the columns {missing}"
        sheet.append([row.get(h) for h in headers])
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


async def import_list(c: County, year: int, title: str, rows: list[dict[str, Any]]) -> None:
    """The year's list (一览表) imported from the filled template; the other services learn of it by the outbox."""
    d = c.desk
    resp = await d.call("GET", "/api/v1/project-lists/import-template.xlsx", c.office, params={"region_code": c.region})
    assert resp.headers["content-type"].startswith(XLSX)
    content = fill_template(resp.content, title, rows)
    imported = await d.post(f"/api/v1/project-lists/{c.region}/{year}/imports", who=c.office, expect=201,
                            files={"file": (f"{title}.xlsx", content, XLSX)})
    assert imported["created_count"] == len(rows), imported
    c.projects = {p["code"]: p for p in await d.items("/api/v1/projects", c.office, region_code=c.region)}
    assert sorted(c.projects) == sorted(r["项目编号"] for r in rows), sorted(c.projects)
    await d.settle()


async def report(c: County, code: str, period: str, who: str, amount: str, **fields: Any) -> JSON:
    """A progress report of ``period`` written and submitted at once by ``who``."""
    body = {"period": period, "physical_progress": fields.pop("physical_progress", "按计划推进"),
            "investment_completed": amount, "submit": True, **fields}
    return await c.desk.post(f"/api/v1/projects/{c.pid(code)}/progress-reports", body, who=who, expect=201)


def at_end_of(day: str) -> datetime:
    """24:00 of ``day`` Asia/Shanghai, the instant a due rule without a time of day ends on."""
    return datetime.fromisoformat(f"{day}T00:00:00").replace(tzinfo=SHANGHAI) + timedelta(days=1)


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))

