"""My to-dos (我的待办): a unit user's duties, an office's checks, a scorer's sheets, a leader's projects,
meetings and interview candidates."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from tuijin.gateway.views.compose import PAGE, not_found_is_missing, status_of
from tuijin.gateway.views.dossier import completion_of
from tuijin.gateway.views.fanout import Fanout, Outcome, Read
from tuijin.gateway.views.schemas import LeaderMeeting, LeaderProject, Todos
from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today
from tuijin.kernel.upstream import Upstreams

AHEAD = ("planned", "notice_sent", "agenda_frozen")  # meetings still to attend (or ask leave for)


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
        meetings=None if meetings is None else [m for m in meetings if m.get("status") in AHEAD],
        score_sheets=items("score_sheets"),
        leader_projects=leader_projects,
        leader_meetings=leader_meetings,
        interview_candidates=candidates,
    )


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
    office = Role.office in principal.roles and principal.region_code is not None
    if office:
        region = {"region_code": principal.region_code, "limit": PAGE}
        reads["reports_to_verify"] = Read("registry", "/api/v1/progress-reports", {**region, "status": "submitted"})
        reads["problems_to_close"] = Read("issues", "/api/v1/problems", {**region, "status": "resolved"})
    if leader:
        # the services limit a leader's reads to the projects of the posts they hold today
        reads["leader_projects"] = Read("registry", "/api/v1/projects", {"limit": PAGE})
        reads["leader_lights"] = Read("registry", "/api/v1/warning-lights", {"limit": PAGE})
        reads["leader_problems"] = Read("issues", "/api/v1/problems", {"open_only": "true", "limit": PAGE})
        mine = {"person_id": str(principal.person_id), "from": on.isoformat(), "limit": PAGE}
        reads["leader_meetings"] = Read("meetings", "/api/v1/meetings", mine)
        if principal.region_code:
            reads["interview_candidates"] = Read(
                "issues", "/api/v1/interviews/candidates", {"region_code": principal.region_code}
            )
    return reads
