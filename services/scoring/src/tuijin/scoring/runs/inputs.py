"""Gathering a run's inputs from the registry, issues and meetings: in bulk (a paged list, a bulk read, or one
stats call per source and period), never one call per subject. Nothing is written here, so a source that is
down fails the run before any row exists."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, NoReturn

from tuijin.kernel.errors import ProblemError
from tuijin.kernel.numbers import money_text
from tuijin.kernel.upstream import Upstreams
from tuijin.scoring.enums import RatioInput, ScoredEvent, SubjectKind
from tuijin.scoring.periods import Period

PAGE = 200
MAX_PAGES = 500  # 100 000 rows: more than any province's list


class BadGateway(ProblemError):
    """Another service answered with an error the run cannot pass on as its own."""

    status, code = 502, "upstream_error"


def reraise(exc: ProblemError, name: str) -> NoReturn:
    if exc.status in (503, 504):
        raise exc
    raise BadGateway(f"The {name} service refused a scoring input read: {exc.detail}", upstream=name,
                     upstream_status=exc.status, upstream_code=exc.code) from exc


class Gatherer:
    """Reads of one run, each recorded in ``calls`` for the snapshot."""

    def __init__(self, upstreams: Upstreams) -> None:
        self.upstreams = upstreams
        self.calls: list[str] = []

    async def get(self, name: str, path: str, params: dict[str, Any]) -> Any:
        self.calls.append(f"{name} GET {path} {sorted(params.items())}")
        try:
            return await self.upstreams.get_json(name, path, params=params, deadline=15.0)
        except ProblemError as exc:
            reraise(exc, name)

    async def post(self, name: str, path: str, body: Any) -> Any:
        self.calls.append(f"{name} POST {path}")
        try:
            return await self.upstreams.read_json(name, path, body, deadline=15.0)
        except ProblemError as exc:
            reraise(exc, name)

    async def pages(self, name: str, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = None
        for _ in range(MAX_PAGES):
            page = await self.get(name, path, {**params, "limit": PAGE, **({"cursor": cursor} if cursor else {})})
            items.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items


def _count(subjects: dict[str, Any], rows: list[dict[str, Any]], key: str, event: str, field: str) -> None:
    """Set each ranked subject's ``event`` count from a stats read's rows (``key`` names the subject)."""
    for row in rows:
        if row[key] in subjects:
            subjects[row[key]]["events"][event] = int(row[field])


def _amounts(total: Decimal, plan: Decimal, completed: Decimal, projects: int) -> dict[str, str]:
    """A subject's amounts in the snapshot: 万元 with their scale ("800.00"), as every answer carries money."""
    return {RatioInput.total_investment.value: money_text(total), RatioInput.annual_plan.value: money_text(plan),
            RatioInput.investment_completed.value: money_text(completed), RatioInput.projects.value: str(projects)}


def _zero_events() -> dict[str, int]:
    return {e.value: 0 for e in ScoredEvent}


async def _year_totals(g: Gatherer, region_code: str, period: Period) -> list[dict[str, Any]]:
    """The region's projects on the year's list, each with its plan of the year, its submitted or verified monthly
    reports summed from January through the period's last month, and its late reports within the period: one call,
    summed by the registry in SQL (not a page of reports per month)."""
    rows = await g.get("registry", "/api/v1/progress-reports/year-totals",
                       {"region_code": region_code, "through": period.year_to_date_months()[-1],
                        "late_from": period.month_labels()[0]})
    return sorted(rows, key=lambda p: p["code"])


async def gather(upstreams: Upstreams, *, region_code: str, subject_kind: SubjectKind, period: Period,
                 needs_amounts: bool, events: set[str]) -> dict[str, Any]:
    """The snapshot a run computes from: per subject its name, stage, amounts (万元, strings) and event counts,
    and the calls made."""
    g = Gatherer(upstreams)
    window = {"region_code": region_code, "from": period.start.isoformat(), "to": period.end.isoformat()}
    is_project = subject_kind == SubjectKind.project
    need_projects = is_project or needs_amounts
    projects = await _year_totals(g, region_code, period) if need_projects else []
    missing_by_project: dict[str, int] = defaultdict(int)

    if is_project and ScoredEvent.late_report.value in events:
        for month in period.month_labels():  # never submitted by the due instant: counted like a late one
            for row in await g.pages("registry", "/api/v1/progress-reports/overdue",
                                     {"region_code": region_code, "period": month}):
                missing_by_project[row["project_id"]] += 1

    completed = {p["project_id"]: Decimal(p["investment_completed"]) for p in projects}
    late_by_project = {p["project_id"]: int(p["late_reports"]) for p in projects}

    subjects: dict[str, dict[str, Any]] = {}
    if is_project:
        for p in projects:
            pid = p["project_id"]
            subjects[pid] = {"code": p["code"], "name": p["name"], "stage": p["stage"],
                             "unit_id": p["responsible_unit_id"], "events": _zero_events(),
                             "amounts": _amounts(Decimal(p["total_investment"]), Decimal(p["planned_investment"]),
                                                 completed[pid], 1)}
            subjects[pid]["events"]["late_report"] = late_by_project[pid] + missing_by_project[pid]
    else:
        units = await g.pages("registry", "/api/v1/units", {"region_code": region_code})
        for u in sorted(units, key=lambda u: u["name"]):
            if u["kind"] == subject_kind.value and u.get("is_active", True) and u["region_code"] == region_code:
                subjects[u["id"]] = {"code": u.get("short_name") or u["name"], "name": u["name"], "stage": None,
                                     "unit_id": u["id"], "events": _zero_events(), "amounts": {}}
        key = "township_unit_id" if subject_kind == SubjectKind.township else "responsible_unit_id"
        sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for p in projects:
            owner = p.get(key)
            if owner:
                sums[owner]["total_investment"] += Decimal(p["total_investment"])
                sums[owner]["annual_plan"] += Decimal(p["planned_investment"])
                sums[owner]["investment_completed"] += completed[p["project_id"]]
                sums[owner]["projects"] += 1
        for sid, s in subjects.items():
            own = sums[sid]
            s["amounts"] = _amounts(own["total_investment"], own["annual_plan"], own["investment_completed"],
                                    int(own["projects"]))

    raw: dict[str, Any] = {}
    key = "project_id" if is_project else "unit_id"
    if "overdue_problem" in events:
        raw["problems"] = stats = await g.get("issues", "/api/v1/problems/stats", window)
        _count(subjects, stats["by_project" if is_project else "by_unit"], key, "overdue_problem", "overdue_answers")
    if "letter_received" in events:  # a project counts the letters naming it; a unit those addressed to it
        raw["letters"] = stats = await g.get("issues", "/api/v1/letters/stats", window)
        _count(subjects, stats["by_project" if is_project else "by_unit"], key, "letter_received", "total")
    if "overdue_decided_item" in events:  # a project counts the decided items about it; a unit those it owns
        raw["decided_items"] = stats = await g.get("meetings", "/api/v1/decided-items/stats", window)
        _count(subjects, stats["projects" if is_project else "units"], key, "overdue_decided_item", "overdue")
    if "unexcused_absence" in events:  # meetings invite units: a project counts its responsible unit's absences
        stats = await g.get("meetings", "/api/v1/attendance/stats", window)
        raw["attendance"] = stats
        absent = {row["unit_id"]: int(row["absent"]) for row in stats["units"]}
        for subject in subjects.values():
            subject["events"]["unexcused_absence"] = absent.get(subject["unit_id"], 0)
    if not is_project:
        if "late_report" in events:
            raw["timeliness"] = []
            for month in period.month_labels():
                stats = await g.get("registry", "/api/v1/progress-reports/timeliness",
                                    {"region_code": region_code, "period": month})
                raw["timeliness"].append(stats)
                for row in stats["units"]:
                    if row["unit_id"] in subjects:
                        subjects[row["unit_id"]]["events"]["late_report"] += int(row["late"]) + int(row["missing"])
    return {"region_code": region_code, "period": period.label, "subject_kind": subject_kind.value,
            "calls": g.calls, "subjects": subjects, "sources": raw}


