"""A run's input snapshot: per subject its name, stage, amounts (万元, strings) and event counts, built from
the reads of :class:`tuijin.scoring.upstream.Upstream`. Nothing is written here, so a source that is down
fails the run before any row exists."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tuijin.kernel.clock import business_date
from tuijin.kernel.numbers import money_text
from tuijin.kernel.upstream import Upstreams
from tuijin.scoring.runs.periods import Period
from tuijin.scoring.schemes.enums import RatioInput, ScoredEvent, SubjectKind
from tuijin.scoring.upstream import Upstream

Subjects = dict[str, dict[str, Any]]


def _count(subjects: Subjects, rows: list[dict[str, Any]], key: str, event: str, field: str) -> None:
    """Set each ranked subject's ``event`` count from a stats read's rows (``key`` names the subject)."""
    for row in rows:
        if row[key] in subjects:
            subjects[row[key]]["events"][event] = int(row[field])


def _amounts(total: Decimal, plan: Decimal, completed: Decimal, projects: int,
             funds: Decimal = Decimal(0)) -> dict[str, str]:
    """A subject's amounts in the snapshot: 万元 with their scale ("800.00"), as every answer carries money."""
    return {RatioInput.total_investment.value: money_text(total), RatioInput.annual_plan.value: money_text(plan),
            RatioInput.investment_completed.value: money_text(completed), RatioInput.projects.value: str(projects),
            RatioInput.funds_in_place.value: money_text(funds)}


def _zero_events() -> dict[str, int]:
    return {e.value: 0 for e in ScoredEvent}


async def _year_totals(up: Upstream, region_code: str, period: Period) -> list[dict[str, Any]]:
    """The region's projects on the year's list with their year-to-date sums (one call; not a page of reports
    per month)."""
    rows = await up.year_totals(region_code, period.year_to_date_months()[-1], period.month_labels()[0])
    return sorted(rows, key=lambda p: p["code"])


def _late_or_missing(p: dict[str, Any]) -> int:
    """A project's reports of the period submitted late plus those never submitted by their due instant, in the
    region's own cadence (a weekly region's weeks, a monthly region's months), as the registry counts them."""
    return int(p["late_reports"]) + int(p.get("missing_reports", 0))


async def _project_subjects(projects: list[dict[str, Any]]) -> Subjects:
    """Each project of the list, with its amounts and its late reports (late ones, and those never submitted by
    the due instant, counted alike)."""
    subjects: Subjects = {}
    for p in projects:
        pid = p["project_id"]
        subjects[pid] = {"code": p["code"], "name": p["name"], "stage": p["stage"],
                         "unit_id": p["responsible_unit_id"], "events": _zero_events(),
                         "amounts": _amounts(Decimal(p["total_investment"]), Decimal(p["planned_investment"]),
                                             Decimal(p["investment_completed"]), 1,
                                             Decimal(p.get("funds_in_place") or 0))}
        subjects[pid]["events"]["late_report"] = _late_or_missing(p)
    return subjects


async def _unit_subjects(up: Upstream, region_code: str, kind: SubjectKind,
                         projects: list[dict[str, Any]]) -> Subjects:
    """The region's active units of ``kind`` (departments or townships), each with the sums of the projects it
    is responsible for (a township: those in it)."""
    subjects: Subjects = {}
    for u in sorted(await up.units(region_code), key=lambda u: u["name"]):
        if u["kind"] == kind.value and u.get("is_active", True) and u["region_code"] == region_code:
            subjects[u["id"]] = {"code": u.get("short_name") or u["name"], "name": u["name"], "stage": None,
                                 "unit_id": u["id"], "events": _zero_events(), "amounts": {}}
    key = "township_unit_id" if kind == SubjectKind.township else "responsible_unit_id"
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for p in projects:
        owner = p.get(key)
        if owner:
            sums[owner]["total_investment"] += Decimal(p["total_investment"])
            sums[owner]["annual_plan"] += Decimal(p["planned_investment"])
            sums[owner]["investment_completed"] += Decimal(p["investment_completed"])
            sums[owner]["funds_in_place"] += Decimal(p.get("funds_in_place") or 0)
            sums[owner]["projects"] += 1
    for sid, s in subjects.items():
        own = sums[sid]
        s["amounts"] = _amounts(own["total_investment"], own["annual_plan"], own["investment_completed"],
                                int(own["projects"]), own["funds_in_place"])
    return subjects


def _accountability(subjects: Subjects, records: list[dict[str, Any]], *,
                    is_project: bool) -> dict[str, list[dict[str, str]]]:
    """Per ranked subject, the accountability records it counts (id, sanction, decision date), earliest first."""
    used: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rec in records:
        if is_project:
            subject = rec.get("project_id")
        else:
            subject = rec.get("unit_id") if rec.get("target_kind") == "unit" else None
        if subject in subjects:
            used[subject].append({"id": rec["id"], "sanction": rec["sanction"], "decided_on": rec["decided_on"]})
    for rows in used.values():
        rows.sort(key=lambda r: (r["decided_on"], r["id"]))
    return dict(used)


async def _count_events(up: Upstream, subjects: Subjects, projects: list[dict[str, Any]], *, region_code: str,
                        period: Period, is_project: bool, events: set[str]) -> dict[str, Any]:
    """Count the scored events of each subject from one stats read per source; returns the raw reads."""
    window = {"region_code": region_code, "from": period.start.isoformat(), "to": period.end.isoformat()}
    raw: dict[str, Any] = {}
    key = "project_id" if is_project else "unit_id"
    if "overdue_problem" in events:
        raw["problems"] = stats = await up.problem_stats(window)
        _count(subjects, stats["by_project" if is_project else "by_unit"], key, "overdue_problem", "overdue_answers")
    if "letter_received" in events:  # a project counts the letters naming it; a unit those addressed to it
        raw["letters"] = stats = await up.letter_stats(window)
        _count(subjects, stats["by_project" if is_project else "by_unit"], key, "letter_received", "total")
    if "overdue_decided_item" in events:  # a project counts the decided items about it; a unit those it owns
        raw["decided_items"] = stats = await up.decided_item_stats(window)
        _count(subjects, stats["projects" if is_project else "units"], key, "overdue_decided_item", "overdue")
    if events & {"unexcused_absence", "proxy_attendance"}:  # meetings invite units: a project counts its
        raw["attendance"] = stats = await up.attendance_stats(window)  # responsible unit's absences and proxies
        for event, field in (("unexcused_absence", "absent"), ("proxy_attendance", "proxy")):
            if event in events:
                counts = {row["unit_id"]: int(row[field]) for row in stats["units"]}
                for subject in subjects.values():
                    subject["events"][event] = counts.get(subject["unit_id"], 0)
    if "duty_shortfall" in events:
        # each month of the period, the site visits owed and not made: a project counts those of its leader and
        # its responsible unit, a unit its own on-site duties (push meetings are a leader's, no subject's here)
        raw["duties"] = reads = [await up.duty_shortfalls(region_code, m) for m in period.month_labels()]
        for read in reads:
            for row in read["items"]:
                subject = row["project_id"] if is_project else row.get("unit_id")
                if subject in subjects:
                    subjects[subject]["events"]["duty_shortfall"] += int(row["shortfall"])
    if "accountability" in events:
        # the records decided in the period: a unit counts those against it, a project those naming it; a record
        # against a post carries no unit and counts for no unit (docs/scoring-deductions.md)
        records = await up.accountability_records(window)
        raw["accountability"] = used = _accountability(subjects, records, is_project=is_project)
        for subject_id, rows in used.items():
            subjects[subject_id]["events"]["accountability"] = len(rows)
            subjects[subject_id]["accountability"] = rows
    if not is_project and "late_report" in events:  # a unit: the late and missing reports of its projects
        late: dict[str, int] = defaultdict(int)
        for p in projects:
            late[p["responsible_unit_id"]] += _late_or_missing(p)
        for uid, count in late.items():
            if uid in subjects:
                subjects[uid]["events"]["late_report"] += count
        raw["timeliness"] = dict(late)
    return raw


def _on_or_before(instant: str | None, end: date) -> bool:
    """Whether an instant the registry served (ISO, UTC) falls on or before the business date ``end``."""
    return instant is not None and business_date(datetime.fromisoformat(instant.replace("Z", "+00:00"))) <= end


def _reserve_by_unit(entries: list[dict[str, Any]], period: Period) -> dict[str, dict[str, Any]]:
    """Per proposing unit, its reserve library as it stood at the period's end: the entries proposed for the period's
    year or the next (the library built by September is next year's, seed 003 §1 "于当年9月上旬前汇总形成全县
    重点建设项目综合滚动储备库"; our choice to count both years) by level, and those of them promoted into a list
    by then."""
    years = {period.year, period.year + 1}
    units: dict[str, dict[str, Any]] = {}
    for e in sorted(entries, key=lambda e: (e["proposed_year"], e["project_code"], e["id"])):
        if e["proposed_year"] not in years or not _on_or_before(e.get("created_at"), period.end):
            continue
        unit = units.setdefault(e["proposing_unit_id"], {"by_level": {}, "promoted": 0, "entries": []})
        unit["by_level"][e["level"]] = unit["by_level"].get(e["level"], 0) + 1
        promoted = e["status"] == "promoted" and _on_or_before(e.get("promoted_at"), period.end)
        unit["promoted"] += int(promoted)
        unit["entries"].append({"id": e["id"], "project_code": e["project_code"], "level": e["level"],
                                "proposed_year": e["proposed_year"], "promoted": promoted})
    return units


def _secured_by_project(needs: list[dict[str, Any]]) -> dict[str, dict[str, Decimal]]:
    """Per project, the financing of the year secured (已落实) by channel, 万元."""
    secured: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for n in needs:
        if n["status"] == "secured":
            secured[n["project_id"]][n["channel"]] += Decimal(n["amount"])
    return secured


def _project_schedule(nodes: list[dict[str, Any]], project: dict[str, Any], period: Period) -> dict[str, Any]:
    """A project's node plan against the period's end: the nodes due by then (planned on or before it and not
    already reached before the year began), reached on time (on or before the planned date), reached late, and still
    open; its latest 形象进度 % and the % its plan expects at the period's end (the share of the time from the planned
    start node to the planned completion node that has passed; none without both nodes)."""
    year_start = date(period.year, 1, 1)
    due = on_time = late = still_open = 0
    late_nodes: list[str] = []
    start = completion = None
    for n in nodes:
        planned = date.fromisoformat(n["planned_date"])
        actual = date.fromisoformat(n["actual_date"]) if n.get("actual_date") else None
        if n["kind"] == "start":
            start = planned
        elif n["kind"] == "completion":
            completion = planned
        if planned > period.end or (actual is not None and actual < year_start):
            continue
        due += 1
        if actual is not None and actual <= planned:
            on_time += 1
        elif actual is not None and actual <= period.end:
            late += 1
            late_nodes.append(f"{n['name']}（计划 {planned.isoformat()}，{actual.isoformat()} 完成）")
        else:
            still_open += 1
            late_nodes.append(f"{n['name']}（计划 {planned.isoformat()}，未完成）")
    expected = None
    if start is not None and completion is not None and completion > start:
        passed = min(max((period.end - start).days, 0), (completion - start).days)
        expected = Decimal(100) * passed / (completion - start).days
    percent = project.get("physical_percent")
    return {"nodes": len(nodes), "due": due, "on_time": on_time, "late": late, "open": still_open,
            "late_nodes": late_nodes, "physical_percent": percent,
            "expected_percent": str(expected.quantize(Decimal("0.01"))) if expected is not None else None}


async def _plan_inputs(up: Upstream, subjects: Subjects, projects: list[dict[str, Any]], *, region_code: str,
                       period: Period, subject_kind: SubjectKind, kinds: set[str]) -> dict[str, Any]:
    """The inputs of the reserve, funds and schedule dimensions (清水's 谋划储备, 资金争取, 实施进度): one paged read of
    the region's reserve library, financing needs of the year and node plans each, only those a dimension needs."""
    raw: dict[str, Any] = {}
    is_project = subject_kind == SubjectKind.project
    owner_key = "township_unit_id" if subject_kind == SubjectKind.township else "responsible_unit_id"
    if "reserve" in kinds:
        raw["reserve"] = by_unit = _reserve_by_unit(await up.reserve_entries(region_code), period)
        for subject in subjects.values():  # a project: its responsible unit's library
            subject["reserve"] = by_unit.get(subject["unit_id"], {"by_level": {}, "promoted": 0, "entries": []})
    if "funds" in kinds:
        secured = _secured_by_project(await up.financing_needs(region_code, period.year))
        raw["secured"] = {pid: {c: money_text(a) for c, a in by.items()} for pid, by in secured.items()}
        for p in projects:
            sid = p["project_id"] if is_project else p.get(owner_key)
            if sid in subjects:
                mine = subjects[sid].setdefault("secured", {})
                for channel, amount in secured.get(p["project_id"], {}).items():
                    mine[channel] = money_text(Decimal(mine.get(channel, "0")) + amount)
    if "schedule" in kinds:
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in await up.milestones(region_code):
            nodes[n["project_id"]].append(n)
        raw["milestones"] = sum(len(v) for v in nodes.values())
        for p in projects:
            plan = _project_schedule(nodes.get(p["project_id"], []), p, period)
            if is_project:
                subjects[p["project_id"]]["schedule"] = plan
            elif p.get(owner_key) in subjects:
                subjects[p[owner_key]].setdefault("project_schedules", []).append({"code": p["code"], **plan})
    return raw


async def gather(upstreams: Upstreams, *, region_code: str, subject_kind: SubjectKind, period: Period,
                 needs_amounts: bool, events: set[str], kinds: set[str] | None = None) -> dict[str, Any]:
    """The snapshot a run computes from: per subject its name, stage, amounts (万元, strings) and event counts,
    and the calls made."""
    up = Upstream(upstreams)
    is_project = subject_kind == SubjectKind.project
    kinds = kinds or set()
    reads_projects = bool(kinds & {"funds", "schedule"})
    wanted = is_project or needs_amounts or reads_projects or ScoredEvent.late_report.value in events
    projects = await _year_totals(up, region_code, period) if wanted else []
    if is_project:
        subjects = await _project_subjects(projects)
    else:
        subjects = await _unit_subjects(up, region_code, subject_kind, projects)
    raw = await _count_events(up, subjects, projects, region_code=region_code, period=period, is_project=is_project,
                              events=events)
    raw.update(await _plan_inputs(up, subjects, projects, region_code=region_code, period=period,
                                  subject_kind=subject_kind, kinds=kinds))
    return {"region_code": region_code, "period": period.label, "subject_kind": subject_kind.value,
            "calls": up.calls, "subjects": subjects, "sources": raw}
