"""A county (or prefecture) as its office sets it up through the gateway: its regions, its office, units, leaders'
posts, the units' liaison accounts, and its yearly list imported from the downloaded .xlsx template. The seed
counties' end-to-end tests (test_county_*.py) build on it; tests/e2e/month.py keeps its own 栾川 month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.e2e.driver import JSON, Desk
from tuijin.kernel.clock import SHANGHAI

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    for code, name, level, parent in regions:
        body = {"code": code, "name": name, "level": level, "parent_code": parent}
        await d.post("/api/v1/regions", body, who="admin", expect=201)
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


# the apps as test_one_month runs them: clocks moved by the scenario, background jobs run only when it runs them
CLUSTER_ENV = {
    "TUIJIN_CLOCK_CONTROL": "true",
    "TUIJIN_BACKGROUND_JOBS": "false",
    "TUIJIN_OUTBOX_BACKOFF_BASE_SECONDS": "1",
    "TUIJIN_OUTBOX_BACKOFF_MAX_SECONDS": "60",
}


async def apply_region_profile(d: Desk, who: str, region: str, profile: str, year: int) -> JSON:
    """Apply a shipped region profile to ``region`` for ``year`` (``POST /api/v1/regions/{code}/profile``) and
    deliver the outboxes until the issues, meetings and scoring services have applied their parts."""
    applied = await d.post(f"/api/v1/regions/{region}/profile", {"profile": profile, "year": year}, who=who,
                           expect=200, headers={"Idempotency-Key": f"profile-{region}-{profile}-{year}"})
    assert (applied["region_code"], applied["profile"], applied["year"]) == (region, profile, year), applied
    assert sorted(applied["requested_from"]) == ["issues", "meetings", "scoring"], applied
    await d.settle()
    return applied


def at_end_of(day: str) -> datetime:
    """24:00 of ``day`` Asia/Shanghai, the instant a due rule without a time of day ends on."""
    return datetime.fromisoformat(f"{day}T00:00:00").replace(tzinfo=SHANGHAI) + timedelta(days=1)


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))

