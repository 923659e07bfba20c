"""My to-dos (我的待办): a unit user's duties, an office's checks, a scorer's sheets, a leader's projects,
meetings and interview candidates, and the duties on the ground they are behind on this month (site visits,
push meetings)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from tuijin.gateway.views.compose import PAGE, not_found_is_missing, status_of, value_of
from tuijin.gateway.views.dossier import completion_of
from tuijin.gateway.views.fanout import Fanout, Outcome, Read
from tuijin.gateway.views.schemas import LeaderMeeting, LeaderProject, TodoDeadline, Todos
from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import business_date, today, utcnow
from tuijin.kernel.upstream import Upstreams

AHEAD = ("planned", "notice_sent", "agenda_frozen")  # meetings still to attend (or ask leave for)
# the working-day calendar read around today: deadlines further away than this are counted in calendar days
CALENDAR_BEHIND, CALENDAR_AHEAD = timedelta(days=120), timedelta(days=240)


async def todos(upstreams: Upstreams, token: str | None, deadline: float, principal: Principal) -> Todos:
    """我的待办 for the caller: a unit user's duties, a scorer's sheets, a leader's projects."""
    fan = Fanout(upstreams, token, deadline)
    on = today()
    unit = principal.unit_id if Role.unit in principal.roles else None
    leader = Role.leader in principal.roles and principal.person_id is not None
    reads = _reads(principal, on, unit, leader)
    got = await fan.run(reads)
    not_found_is_missing(fan, got, {n: r.service for n, r in reads.items()})

    def items(name: str) -> list[dict[str, Any]] | None:
        return fan.page_items(name, got[name]) if name in got else None

    def responsible(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        # the responsible unit reports; an owner or co-organising unit sees the project but does not
        return None if rows is None else [r for r in rows if r.get("responsible_unit_id") == str(unit)]

    meetings = items("meetings")
    meetings = None if meetings is None else [m for m in meetings if m.get("status") in AHEAD]
    # the office dispatches every project of the region; a unit the projects it is responsible for
    dispatches = _bare_list(got.get("dispatches_due"))
    if Role.office not in principal.roles:
        dispatches = responsible(dispatches) if unit is not None else None
    leader_projects = leader_meetings = candidates = None
    if leader:
        projects = items("leader_projects")
        reports = await _latest_reports(fan, projects)
        leader_projects = _leader_projects(
            on, projects, items("leader_lights"), items("leader_problems"), reports
        )
        leader_meetings = _leader_meetings(items("leader_meetings"), principal.person_id)
        candidates = _bare_list(got.get("interview_candidates"))
    return Todos(
        **status_of(fan),
        user=principal.sub,
        roles=sorted(principal.roles),
        unit_id=principal.unit_id,
        person_id=principal.person_id,
        region_code=principal.region_code,
        today=on,
        reports_due=responsible(items("reports_due")),
        reports_overdue=responsible(items("reports_overdue")),
        reports_returned=items("reports_returned"),
        problems_to_answer=items("problems_to_answer"),
        problems_to_supply=_project_side(items("problems_to_supply"), unit),
        reports_to_verify=items("reports_to_verify"),
        problems_to_close=items("problems_to_close"),
        letters_to_reply=items("letters_to_reply"),
        decided_items_due=items("decided_items_due"),
        meetings=meetings,
        score_sheets=items("score_sheets"),
        dispatches_due=dispatches,
        leader_projects=leader_projects,
        deadlines=_deadlines(got, on, {
            "reports_due": responsible(items("reports_due")),
            "reports_overdue": responsible(items("reports_overdue")),
            "reports_returned": items("reports_returned"),
            "problems_to_answer": items("problems_to_answer"),
            "problems_to_supply": _project_side(items("problems_to_supply"), unit),
            "letters_to_reply": items("letters_to_reply"),
            "decided_items_due": items("decided_items_due"),
            "meetings": meetings,
            "dispatches_due": dispatches,
        }) if unit is not None else None,
        duty_shortfalls=value_of(got["duty_shortfalls"]) if "duty_shortfalls" in got else None,
        leader_meetings=leader_meetings,
        interview_candidates=candidates,
    )


# the field holding each part's deadline: a business date, or an instant (a report's due instant)
_DUE_FIELDS = {
    "reports_due": "due_at", "reports_overdue": "due_at", "reports_returned": "due_at",
    "problems_to_answer": "answer_due_on", "problems_to_supply": "documents_due_on",
    "letters_to_reply": "reply_due_on", "decided_items_due": "due_date", "meetings": "meeting_date",
    "dispatches_due": "due_on",
}


def _deadlines(
    got: dict[str, Any], on: date, parts: dict[str, list[dict[str, Any]] | None]
) -> list[TodoDeadline] | None:
    """Each dated to-do's deadline in working days, on the region's calendar (the registry's, with the office's
    调休 overrides); None when the calendar could not be read."""
    outcome = got.get("calendar")
    if outcome is None or not outcome.ok or not isinstance(outcome.value, list):
        return None
    working = {date.fromisoformat(d["day"]) for d in outcome.value if d.get("is_working_day")}
    first, last = on - CALENDAR_BEHIND, on + CALENDAR_AHEAD
    now = utcnow()

    def between(a: date, b: date) -> int:
        """Working days in (a, b]; days outside the calendar read count as calendar days."""
        n, day = 0, a + timedelta(days=1)
        while day <= b:
            n += 1 if (day in working or not first <= day <= last) else 0
            day += timedelta(days=1)
        return n

    out: list[TodoDeadline] = []
    for part, rows in parts.items():
        field = _DUE_FIELDS[part]
        for row in rows or []:
            raw = row.get(field)
            if not raw:
                continue
            overdue: bool
            if "T" in raw:  # an instant (a report's due instant, often the end of its day: midnight after it)
                instant = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                due_on, overdue = business_date(instant - timedelta(microseconds=1)), now > instant
            else:
                due_on = date.fromisoformat(raw)
                overdue = due_on < on
            if part == "reports_returned":
                overdue = overdue or row.get("is_overdue", False)
            left = between(on, due_on) if due_on >= on else -between(due_on, on)
            by_project = ("reports_due", "reports_overdue", "dispatches_due")
            record = row.get("project_id") if part in by_project else row.get("id")
            out.append(TodoDeadline(part=part, id=str(record), due_on=due_on, working_days_left=left, overdue=overdue))
    return out


def _project_side(rows: list[dict[str, Any]] | None, unit: uuid.UUID | None) -> list[dict[str, Any]] | None:
    """Problems waiting for documents that the caller's unit supplies: those about its projects, not those it
    was asked to solve (it listed the documents) or co-organises."""
    if rows is None or unit is None:
        return None
    u = str(unit)
    return [r for r in rows if r.get("responsible_unit_id") != u and u not in (r.get("co_unit_ids") or [])]


def _bare_list(outcome: Outcome | None) -> list[dict[str, Any]] | None:
    """A bounded list's answer (not a page), or null when it is missing."""
    return list(outcome.value) if outcome is not None and outcome.ok and isinstance(outcome.value, list) else None


async def _latest_reports(
    fan: Fanout, projects: list[dict[str, Any]] | None
) -> dict[str, list[dict[str, Any]]] | None:
    """The latest submitted or verified report of each of the leader's projects, in one bulk read after the
    projects are known (null when the registry did not answer: ``missing`` names ``leader_reports``)."""
    if not projects:
        return {}
    read = Read("registry", "/api/v1/progress-reports/latest", body={"project_ids": [p["id"] for p in projects]})
    got = await fan.run({"leader_reports": read})
    rows = _bare_list(got["leader_reports"])
    if rows is None:
        return None
    by_project: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_project.setdefault(str(r["project_id"]), []).append(r)
    return by_project


def _leader_meetings(rows: list[dict[str, Any]] | None, person: uuid.UUID | None) -> list[LeaderMeeting] | None:
    """Coming meetings (not cancelled or held) with the leader's part in each: chair or attendee."""
    if rows is None:
        return None
    me = str(person)
    return [LeaderMeeting(meeting=m, role="chair" if m.get("chair_person_id") == me else "attendee")
            for m in rows if m.get("status") in AHEAD]


def _days_at_level(on: date, problems: list[dict[str, Any]]) -> dict[str, int]:
    return {str(p["id"]): (on - date.fromisoformat(p["level_since"])).days for p in problems if p.get("level_since")}


def _leader_projects(
    on: date,
    projects: list[dict[str, Any]] | None,
    lights: list[dict[str, Any]] | None,
    problems: list[dict[str, Any]] | None,
    reports: dict[str, list[dict[str, Any]]] | None,
) -> list[LeaderProject] | None:
    """Join the bulk reads by project id (the lights, problems and completion are null where they were
    missing)."""
    if projects is None:  # already in ``missing``
        return None
    by_light: dict[str, list[dict[str, Any]]] = {}
    for light in lights or []:
        by_light.setdefault(light["project_id"], []).append(light)
    by_problem: dict[str, list[dict[str, Any]]] = {}
    for problem in problems or []:
        by_problem.setdefault(problem["project_id"], []).append(problem)
    return [
        LeaderProject(
            project=p,
            lights=None if lights is None else by_light.get(p["id"], []),
            open_problems=None if problems is None else by_problem.get(p["id"], []),
            completion=None if reports is None else completion_of(reports.get(str(p["id"]))),
            days_at_level=None if problems is None else _days_at_level(on, by_problem.get(p["id"], [])),
        )
        for p in projects
    ]


# ---------------------------------------------------------------- public


def _reads(principal: Principal, on: date, unit: uuid.UUID | None, leader: bool) -> dict[str, Read]:
    """The bulk reads of the caller's to-dos, by the roles it holds."""
    reads: dict[str, Read] = {
        "score_sheets": Read("scoring", "/api/v1/score-sheets", {"filled": "false", "limit": PAGE}),
    }
    if unit is not None:
        u = str(unit)
        if principal.region_code:
            region = {"region_code": principal.region_code, "limit": PAGE}
            reads["reports_due"] = Read("registry", "/api/v1/progress-reports/due", region)
            reads["reports_overdue"] = Read("registry", "/api/v1/progress-reports/overdue", region)
        reads["reports_returned"] = Read("registry", "/api/v1/progress-reports", {"status": "returned", "limit": PAGE})
        reads["problems_to_answer"] = Read(
            "issues", "/api/v1/problems", {"unit_id": u, "status": "awaiting_answer", "limit": PAGE}
        )
        # visible to a unit: its projects' problems and those it is asked to solve or co-organises
        reads["problems_to_supply"] = Read(
            "issues", "/api/v1/problems", {"status": "awaiting_documents", "limit": PAGE}
        )
        reads["letters_to_reply"] = Read("issues", "/api/v1/letters", {"unit_id": u, "status": "issued", "limit": PAGE})
        reads["decided_items_due"] = Read(
            "meetings", "/api/v1/decided-items", {"owner_unit_id": u, "status": "open", "limit": PAGE}
        )
        reads["meetings"] = Read(
            "meetings", "/api/v1/meetings", {"mine": "true", "from": on.isoformat(), "limit": PAGE}
        )
        # the region's working days around today, to count each deadline in working days
        calendar = {"from": (on - CALENDAR_BEHIND).isoformat(), "to": (on + CALENDAR_AHEAD).isoformat()}
        if principal.region_code:
            calendar["region_code"] = principal.region_code
        reads["calendar"] = Read("registry", "/api/v1/calendar/days", calendar)
    office = Role.office in principal.roles and principal.region_code is not None
    if principal.region_code and (office or unit is not None):
        # 调度 due today by the region's cadence by stage (a bounded list; empty where the region sets none)
        reads["dispatches_due"] = Read("registry", f"/api/v1/regions/{principal.region_code}/dispatches-due")
    if office:
        region = {"region_code": principal.region_code, "limit": PAGE}
        reads["reports_to_verify"] = Read("registry", "/api/v1/progress-reports", {**region, "status": "submitted"})
        reads["problems_to_close"] = Read("issues", "/api/v1/problems", {**region, "status": "resolved"})
    if leader:
        # the services limit a leader's reads to the projects of the posts they hold today
        reads["leader_projects"] = Read("registry", "/api/v1/projects", {"limit": PAGE})
        reads["leader_lights"] = Read("registry", "/api/v1/warning-lights", {"limit": PAGE})
        reads["leader_problems"] = Read("issues", "/api/v1/problems", {"open_only": "true", "limit": PAGE})
        if principal.region_code:
            # this month's duties the leader is behind on (site visits per project, push meetings)
            reads["duty_shortfalls"] = Read(
                "meetings", f"/api/v1/regions/{principal.region_code}/duty-shortfalls",
                {"person_id": str(principal.person_id), "behind_only": "true"},
            )
        mine = {"person_id": str(principal.person_id), "from": on.isoformat(), "limit": PAGE}
        reads["leader_meetings"] = Read("meetings", "/api/v1/meetings", mine)
        if principal.region_code:
            reads["interview_candidates"] = Read(
                "issues", "/api/v1/interviews/candidates", {"region_code": principal.region_code}
            )
    return reads
