"""A province-sized data set written straight into the migrated schemas (COPY through asyncpg, not the API).

Counties sit under one province (410000) and its prefectures; each county gets units, systems, projects with
their plan of the year and, when ``activity`` is asked for, a year of monthly reports (registry), problems with
their timeline and letters (issues), and meetings with attendance, minutes and decided items (meetings).

Rows are built from the services' own SQLAlchemy tables: a column the generator does not set takes the
model's default (or NULL), so a schema change either still fits or fails loudly here.
"""

from __future__ import annotations

import calendar
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
from sqlalchemy import JSON, Table

from tuijin.issues.models import Base as IssuesBase
from tuijin.meetings.models import Base as MeetingsBase
from tuijin.registry.models import Base as RegistryBase

YEAR = 2026
PROVINCE = "410000"
BY = "bench"
STAGES = ("new_start", "under_construction", "under_construction", "preliminary", "completed", "reserve")
CATEGORIES = ("procedures", "land", "funds", "demolition", "construction_environment", "utilities", "other")
LEVELS = ("team", "team", "system_meeting", "county_meeting", "leadership")
PROBLEM_STATUSES = ("awaiting_answer", "answered", "resolved", "closed", "closed")
ATTENDANCE = ("present", "present", "present", "present", "proxy", "on_leave", "absent")
MEETING_TYPES = ("system_meeting", "system_meeting", "county_meeting", "push_meeting", "coordination")


def _import_feature_models() -> None:
    """Register every feature table on the services' metadata (the models live in feature packages)."""
    import tuijin.issues.main
    import tuijin.meetings.main
    import tuijin.registry.main  # noqa: F401


_import_feature_models()


def table(base: Any, name: str) -> Table:
    return base.metadata.tables[name]


def _dsn(url: str) -> str:
    """asyncpg wants postgresql://, SQLAlchemy URLs say postgresql+asyncpg://."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _default(column: Any) -> Any:
    default = column.default
    if default is not None:
        if default.is_callable:
            return default.arg(None)
        if default.is_scalar:
            return default.arg
    if column.nullable or column.server_default is not None:
        return None
    raise ValueError(f"{column.table.name}.{column.name} needs a value and has no default")


@dataclass
class Rows:
    """Rows to write, per database and table name, in insertion order."""

    by_db: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)

    def add(self, db: str, name: str, row: dict[str, Any]) -> None:
        self.by_db.setdefault(db, {}).setdefault(name, []).append(row)

    def count(self) -> dict[str, int]:
        return {f"{db}.{name}": len(rows) for db, tables in self.by_db.items() for name, rows in tables.items()}


BASES = {"registry": RegistryBase, "issues": IssuesBase, "meetings": MeetingsBase}


async def write(conn: asyncpg.Connection, base: Any, name: str, rows: list[dict[str, Any]]) -> int:
    """COPY ``rows`` into table ``name``, filling the columns not given from the model's defaults."""
    if not rows:
        return 0
    t = table(base, name)
    columns = list(t.columns)
    names = [c.name for c in columns]
    json_cols = {c.name for c in columns if isinstance(c.type, JSON)}
    unknown = set().union(*(r.keys() for r in rows[:1])) - set(names)
    if unknown:
        raise ValueError(f"{name}: no such columns {sorted(unknown)}")
    defaults: dict[str, Any] = {}
    records = []
    for r in rows:
        rec = []
        for c in columns:
            if c.name in r:
                v = r[c.name]
            elif c.default is not None and c.default.is_callable:
                v = c.default.arg(None)
            else:
                if c.name not in defaults:
                    defaults[c.name] = _default(c)
                v = defaults[c.name]
            if c.name in json_cols and v is not None:
                v = json.dumps(v)
            rec.append(v)
        records.append(rec)
    await conn.copy_records_to_table(name, records=records, columns=names)
    return len(records)


def _at(d: date, hour: int = 9) -> datetime:
    return datetime.combine(d, time(hour), tzinfo=UTC)


def _month_end(month: int) -> date:
    return date(YEAR, month, calendar.monthrange(YEAR, month)[1])


@dataclass
class County:
    code: str
    name: str
    prefecture: str
    projects: int
    activity: bool


def county_rows(rows: Rows, county: County, rnd: random.Random) -> list[uuid.UUID]:
    """One county's rows in every database; returns its project ids."""
    code = county.code
    now = datetime(YEAR, 11, 20, 2, tzinfo=UTC)
    rows.add(
        "registry", "regions", {"code": code, "name": county.name, "level": "county", "parent_code": county.prefecture}
    )
    departments = [uuid.uuid4() for _ in range(10)]
    townships = [uuid.uuid4() for _ in range(5)]
    for i, uid in enumerate(departments):
        rows.add(
            "registry",
            "units",
            {
                "id": uid,
                "region_code": code,
                "name": f"{county.name}部门{i + 1:02d}",
                "short_name": f"部门{i + 1:02d}",
                "kind": "department",
            },
        )
    for i, uid in enumerate(townships):
        rows.add(
            "registry",
            "units",
            {
                "id": uid,
                "region_code": code,
                "name": f"{county.name}乡镇{i + 1:02d}",
                "short_name": f"乡镇{i + 1:02d}",
                "kind": "township",
            },
        )
    systems = [uuid.uuid4() for _ in range(5)]
    for i, sid in enumerate(systems):
        rows.add(
            "registry",
            "systems",
            {
                "id": sid,
                "region_code": code,
                "name": f"体系{i + 1}",
                "convening_unit_id": departments[i],
                "sort_order": i,
            },
        )
    project_ids = []
    units_of: dict[uuid.UUID, uuid.UUID] = {}
    for n in range(county.projects):
        pid = uuid.uuid4()
        project_ids.append(pid)
        unit = departments[n % len(departments)]
        units_of[pid] = unit
        total = Decimal(rnd.randrange(1_000, 500_000))
        rows.add(
            "registry",
            "projects",
            {
                "id": pid,
                "region_code": code,
                "code": f"P{code}-{n + 1:05d}",
                "name": f"{county.name}重点项目{n + 1}",
                "system_id": systems[n % len(systems)],
                "industry": "基础设施",
                "township_unit_id": townships[n % 5],
                "location": county.name,
                "latitude": Decimal("34.5") + Decimal(rnd.randrange(0, 100000)) / 100000,
                "longitude": Decimal("112.4") + Decimal(rnd.randrange(0, 100000)) / 100000,
                "stage": STAGES[n % len(STAGES)],
                "total_investment": total,
                "responsible_unit_id": unit,
                "owner_unit_id": unit,
                "created_at": now,
                "updated_at": now,
            },
        )
        plan = (total / 3).quantize(Decimal("0.0001"))
        rows.add(
            "registry",
            "year_plans",
            {
                "id": uuid.uuid4(),
                "project_id": pid,
                "region_code": code,
                "year": YEAR,
                "planned_investment": plan,
                "physical_target": "完成年度目标",
                "planned_start_date": date(YEAR, 3, 1),
                "planned_completion_date": date(YEAR + 2, 12, 31),
                "in_list": True,
                "created_at": now,
                "updated_at": now,
            },
        )
        if county.activity:
            for month in range(1, 13):
                start, end = date(YEAR, month, 1), _month_end(month)
                due = _at(end + timedelta(days=5))
                status = "verified" if month <= 10 else ("submitted" if month == 11 else "draft")
                late = rnd.random() < 0.1
                submitted = None if status == "draft" else due + (timedelta(days=2) if late else -timedelta(days=2))
                rows.add(
                    "registry",
                    "progress_reports",
                    {
                        "id": uuid.uuid4(),
                        "project_id": pid,
                        "region_code": code,
                        "period_kind": "monthly",
                        "period_start": start,
                        "period_end": end,
                        "year": YEAR,
                        "status": status,
                        "investment_completed": (plan / 12).quantize(Decimal("0.0001")),
                        "funds_in_place": (plan / 15).quantize(Decimal("0.0001")),
                        "physical_progress": "按计划推进",
                        "physical_percent": Decimal(min(100, month * 8)),
                        "due_at": due,
                        "first_submitted_at": submitted,
                        "submitted_at": submitted,
                        "verified_at": submitted + timedelta(days=1) if status == "verified" and submitted else None,
                        "created_by": BY,
                        "photos": [],
                        "created_at": now,
                        "updated_at": now,
                    },
                )
    if county.activity:
        _issues(rows, county, project_ids, units_of, systems, rnd)
        _meetings(rows, county, project_ids, departments, systems, rnd)
    return project_ids


def _issues(
    rows: Rows,
    county: County,
    project_ids: list[uuid.UUID],
    units_of: dict[uuid.UUID, uuid.UUID],
    systems: list[uuid.UUID],
    rnd: random.Random,
) -> None:
    code = county.code
    serial = 0
    for n, pid in enumerate(project_ids):
        for k in range(3):
            prob = uuid.uuid4()
            raised = date(YEAR, 1 + (n + k * 4) % 11, 1 + (n * 7 + k) % 27)
            status = PROBLEM_STATUSES[(n + k) % len(PROBLEM_STATUSES)]
            level = LEVELS[(n * 3 + k) % len(LEVELS)]
            unit = units_of[pid]
            rows.add(
                "issues",
                "problems",
                {
                    "id": prob,
                    "region_code": code,
                    "project_id": pid,
                    "system_id": systems[n % len(systems)],
                    "category": CATEGORIES[(n + k) % len(CATEGORIES)],
                    "description": f"问题{n + 1}-{k + 1}",
                    "raised_by": BY,
                    "raised_by_unit_id": unit,
                    "raised_at": _at(raised),
                    "raised_on": raised,
                    "responsible_unit_id": unit,
                    "level": level,
                    "level_since": raised,
                    "deadline": raised + timedelta(days=14),
                    "status": status,
                    "answer_due_on": raised + timedelta(days=5) if status == "awaiting_answer" else None,
                    "answer": "" if status == "awaiting_answer" else "已协调解决",
                    "resolved_on": raised + timedelta(days=10) if status in ("resolved", "closed") else None,
                    "closed_on": raised + timedelta(days=12) if status == "closed" else None,
                    "created_at": _at(raised),
                    "updated_at": _at(raised),
                },
            )
            rows.add(
                "issues",
                "problem_events",
                {
                    "id": uuid.uuid4(),
                    "problem_id": prob,
                    "region_code": code,
                    "project_id": pid,
                    "action": "raise",
                    "source": "user",
                    "actor": BY,
                    "at": _at(raised),
                    "occurred_on": raised,
                    "to_status": "awaiting_answer",
                    "to_level": "team",
                    "unit_id": unit,
                    "deadline": raised + timedelta(days=14),
                    "details": {},
                },
            )
            if status != "awaiting_answer":
                rows.add(
                    "issues",
                    "problem_events",
                    {
                        "id": uuid.uuid4(),
                        "problem_id": prob,
                        "region_code": code,
                        "project_id": pid,
                        "action": "answer",
                        "source": "user",
                        "actor": BY,
                        "at": _at(raised + timedelta(days=3)),
                        "occurred_on": raised + timedelta(days=3),
                        "from_status": "awaiting_answer",
                        "to_status": "answered",
                        "unit_id": unit,
                        "details": {},
                    },
                )
            if level != "team":
                rows.add(
                    "issues",
                    "problem_events",
                    {
                        "id": uuid.uuid4(),
                        "problem_id": prob,
                        "region_code": code,
                        "project_id": pid,
                        "action": "auto_escalate",
                        "source": "job",
                        "actor": "job",
                        "at": _at(raised + timedelta(days=15)),
                        "occurred_on": raised + timedelta(days=15),
                        "from_level": "team",
                        "to_level": level,
                        "unit_id": unit,
                        "days_at_level": 10,
                        "details": {},
                    },
                )
            if k == 0 and n % 2 == 0:
                serial += 1
                issued = raised + timedelta(days=8)
                rows.add(
                    "issues",
                    "letters",
                    {
                        "id": uuid.uuid4(),
                        "region_code": code,
                        "year": YEAR,
                        "serial": serial,
                        "number": f"重项办提〔{YEAR}〕{serial}号",
                        "grade": "reminder",
                        "reason": "answer_overdue",
                        "source": "rule",
                        "subject_kind": "problem",
                        "problem_id": prob,
                        "project_id": pid,
                        "project_code": f"P{code}-{n + 1:05d}",
                        "unit_id": unit,
                        "unit_name": "责任单位",
                        "title": "督办函",
                        "body": "请按期答复。",
                        "issued_at": _at(issued),
                        "issued_on": issued,
                        "issued_by": BY,
                        "reply_due_on": issued + timedelta(days=5),
                        "status": "replied" if n % 4 == 0 else "issued",
                        "trigger_key": f"bench:{prob}",
                    },
                )
    rows.add("issues", "document_counters",
             {"region_code": code, "kind": "letter_reminder", "year": YEAR, "last_serial": serial})


def _meetings(
    rows: Rows,
    county: County,
    project_ids: list[uuid.UUID],
    departments: list[uuid.UUID],
    systems: list[uuid.UUID],
    rnd: random.Random,
) -> None:
    code = county.code
    for m in range(30):
        mid = uuid.uuid4()
        day = date(YEAR, 1 + m % 12, 3 + (m * 5) % 24)
        held = day < date(YEAR, 11, 15)
        starts = _at(day, 1)
        rows.add(
            "meetings",
            "meetings",
            {
                "id": mid,
                "region_code": code,
                "meeting_type": MEETING_TYPES[m % len(MEETING_TYPES)],
                "title": f"{county.name}第{m + 1}次推进会",
                "system_id": systems[m % len(systems)],
                "convener_unit_id": departments[m % len(departments)],
                "chair_name": "县长",
                "place": "县政府",
                "meeting_date": day,
                "start_time": time(9),
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "status": "minutes_published" if held else "planned",
                "held_at": starts if held else None,
                "created_by": BY,
                "created_at": starts - timedelta(days=7),
                "updated_at": starts,
            },
        )
        for u, unit in enumerate(departments):
            rows.add(
                "meetings",
                "meeting_invitations",
                {"id": uuid.uuid4(), "meeting_id": mid, "unit_id": unit, "kind": "fixed"},
            )
            if held:
                rows.add(
                    "meetings",
                    "attendance_records",
                    {
                        "id": uuid.uuid4(),
                        "meeting_id": mid,
                        "region_code": code,
                        "meeting_date": day,
                        "unit_id": unit,
                        "status": ATTENDANCE[(m + u) % len(ATTENDANCE)],
                        "recorded_by": BY,
                        "recorded_at": starts,
                    },
                )
        if held:
            minutes = uuid.uuid4()
            rows.add(
                "meetings",
                "minutes",
                {
                    "id": minutes,
                    "meeting_id": mid,
                    "region_code": code,
                    "summary": "会议纪要",
                    "distribution": [],
                    "extra_items": [],
                    "status": "published",
                    "published_at": starts + timedelta(days=1),
                    "published_by": BY,
                    "created_by": BY,
                    "created_at": starts,
                    "updated_at": starts,
                },
            )
            for s in range(3):
                pid = project_ids[(m * 3 + s) % len(project_ids)]
                due = day + timedelta(days=20)
                rows.add(
                    "meetings",
                    "decided_items",
                    {
                        "id": uuid.uuid4(),
                        "region_code": code,
                        "meeting_id": mid,
                        "minutes_id": minutes,
                        "seq": s + 1,
                        "title": f"议定事项{s + 1}",
                        "owner_unit_id": departments[(m + s) % len(departments)],
                        "project_id": pid,
                        "due_date": due,
                        "status": ("open", "done", "verified")[(m + s) % 3],
                        "created_at": starts,
                        "updated_at": starts,
                    },
                )


def plan_counties(prefix: str, first: int, count: int, projects: int, activity: bool) -> list[County]:
    """``count`` counties numbered from ``first`` under prefectures ``<prefix>NN00`` (20 counties each)."""
    out = []
    for i in range(first, first + count):
        prefecture = f"{prefix}{1 + i // 20:02d}00"
        out.append(
            County(
                code=f"{prefecture[:4]}{1 + i % 20:02d}",
                name=f"县{prefecture[2:4]}{1 + i % 20:02d}",
                prefecture=prefecture,
                projects=projects,
                activity=activity,
            )
        )
    return out


async def generate(urls: dict[str, str], counties: list[County], *, seed: int = 7) -> dict[str, Any]:
    """Write the counties (and their province and prefectures when missing); VACUUM and ANALYZE (so that the
    autovacuum of the fresh rows does not run during the measurements); return row counts and the counties'
    project ids."""
    rnd = random.Random(seed + len(counties))
    rows = Rows()
    project_ids: dict[str, list[uuid.UUID]] = {}
    for county in counties:
        project_ids[county.code] = county_rows(rows, county, rnd)
    reg = await asyncpg.connect(_dsn(urls["registry"]))
    try:
        known = {r["code"] for r in await reg.fetch("SELECT code FROM regions")}
        parents = (
            [{"code": PROVINCE, "name": "河南省", "level": "province", "parent_code": None}]
            if (PROVINCE not in known)
            else []
        )
        for pref in sorted({c.prefecture for c in counties} - known):
            parents.append({"code": pref, "name": f"市{pref[2:4]}", "level": "prefecture", "parent_code": PROVINCE})
        rows.by_db["registry"]["regions"][:0] = parents
    finally:
        await reg.close()
    for db, tables in rows.by_db.items():
        conn = await asyncpg.connect(_dsn(urls[db]))
        try:
            async with conn.transaction():
                for name, table_rows in tables.items():
                    await write(conn, BASES[db], name, table_rows)
            await conn.execute("VACUUM (ANALYZE)")
        finally:
            await conn.close()
    return {"rows": rows.count(), "project_ids": project_ids}
