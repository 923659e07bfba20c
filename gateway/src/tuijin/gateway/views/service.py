"""Composition of the views: which reads each view makes (all at once, in bulk, never one call per project
of a list) and how their answers are put together."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx

from tuijin.gateway.views.fanout import Fanout, Read
from tuijin.gateway.views.schemas import (
    Dashboard,
    Dossier,
    DossierCompletion,
    DossierProblem,
    LeaderProject,
    PublicOverview,
    RankingEnds,
    Todos,
)
from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.context import request_id_var
from tuijin.kernel.errors import BadGateway, Forbidden, NotFound, ProblemError, UpstreamUnavailable
from tuijin.kernel.upstream import Upstreams

PAGE = 200  # the services' largest page


class ProjectNotFound(NotFound):
    """The registry has no such project, or not one the caller may read."""

    code = "project_not_found"


class RegionNotFound(NotFound):
    """The registry does not know the region."""

    code = "region_not_found"

TIMELINES = 50  # timelines read for a dossier's open problems (the newest ones), in one call
COUNTED = {"submitted", "verified"}
UPCOMING_DAYS = 14
AHEAD = ("planned", "notice_sent", "agenda_frozen")  # meetings still to attend (or ask leave for)


def _status(fan: Fanout) -> dict[str, Any]:
    return {
        "as_of": utcnow(),
        "complete": fan.complete,
        "missing": fan.missing,
        "truncated": fan.truncated,
        "deadline_seconds": fan.deadline,
    }


def _value(outcome: Any) -> Any:
    return outcome.value if outcome.ok else None


# ---------------------------------------------------------------- dossier


async def dossier(upstreams: Upstreams, token: str | None, deadline: float, project_id: uuid.UUID) -> Dossier:
    """一项目一档案. 404 when the registry says the project does not exist (or the caller may not see it); 503
    ``upstream_unavailable`` naming the registry when it cannot say (down, failing or too slow)."""
    fan = Fanout(upstreams, token, deadline)
    pid = str(project_id)
    reads = {
        "letters": Read("issues", "/api/v1/letters", {"project_id": pid, "limit": 50}),
        "meetings": Read("meetings", "/api/v1/meetings", {"project_id": pid, "limit": 50}),
        "decided_items": Read("meetings", "/api/v1/decided-items", {"project_id": pid, "limit": PAGE}),
        "scores": Read("scoring", "/api/v1/scoring-runs/subject-results", {"subject_id": pid, "limit": 10}),
    }
    problems = _OpenProblems(fan, pid)
    # the registry's five parts (project, node plan, procedures, latest reports, lights) in one read; the
    # slowest part, so it is sent first (the reads start in this order)
    calls: dict[str, tuple[str, Any]] = {
        REGISTRY_PARTS: ("registry", lambda: fan.read(Read("registry", f"/api/v1/projects/{pid}/overview",
                                                            {"reports_limit": 12}))),
        "problems": ("issues", problems.read),
    }
    calls.update({name: (read.service, lambda r=read: fan.read(r)) for name, read in reads.items()})
    got = await fan.run_calls(calls)
    overview = got.pop(REGISTRY_PARTS)
    if overview.error is not None and overview.error.status == 404:
        raise ProjectNotFound("No such project.")
    if overview.error is not None and overview.error.status == 403:
        raise Forbidden(overview.error.detail or "This project is not yours to read.", code=overview.error.code)
    if not overview.ok:
        # without the registry's word nobody knows whether the project exists or is the caller's to read: the
        # other parts are not shown for an id nobody could check
        raise UpstreamUnavailable(
            "The registry service could not confirm the project (登记服务暂不可用，无法确认该项目，请稍后再试).",
            upstream="registry",
        )
    _split_registry_parts(fan)
    _not_found_is_missing(fan, got, {**{n: r.service for n, r in reads.items()}, "problems": "issues"})
    parts = overview.value if overview.ok else {}
    reports = parts.get("reports")
    return Dossier(
        **_status(fan),
        project_id=project_id,
        project=parts.get("project"),
        milestones=parts.get("milestones"),
        procedures=parts.get("procedures"),
        reports=reports,
        completion=_completion(reports),
        lights=parts.get("lights"),
        problems=problems.result(got["problems"]),
        letters=fan.page_items("letters", got["letters"]),
        meetings=fan.page_items("meetings", got["meetings"]),
        decided_items=fan.page_items("decided_items", got["decided_items"]),
        scores=_value(got["scores"]),
    )


REGISTRY_PARTS = "registry"
_REGISTRY_PART_NAMES = ("project", "milestones", "procedures", "reports", "lights")


def _split_registry_parts(fan: Fanout) -> None:
    """The registry's one read stands for five parts: a failure of it is listed as each of them missing."""
    for i, m in enumerate(list(fan.missing)):
        if m.part == REGISTRY_PARTS:
            fan.missing[i:i + 1] = [m.model_copy(update={"part": name}) for name in _REGISTRY_PART_NAMES]
            break


class _OpenProblems:
    """The dossier's open problems and their timelines, read at once (two calls to the issues service, alongside
    the other parts, under the same deadline). If the timelines fail or come too late, the problems are shown
    and only their timelines are missing."""

    def __init__(self, fan: Fanout, project_id: str) -> None:
        self.fan = fan
        self.project_id = project_id
        self.items: list[dict[str, Any]] | None = None
        self.timelines: dict[str, list[dict[str, Any]]] = {}

    async def _list(self) -> None:
        page = await self.fan.read(
            Read("issues", "/api/v1/problems", {"project_id": self.project_id, "open_only": "true", "limit": PAGE})
        )
        self.items = list(page["items"])
        if page.get("next_cursor"):
            self.fan.truncated.append("problems")
        if len(self.items) > TIMELINES:
            self.fan.truncated.append("problems.timeline")

    async def read(self) -> None:
        timelines = asyncio.create_task(self.fan.read(Read(
            "issues", "/api/v1/problems/timelines",
            {"project_id": self.project_id, "open_only": "true", "limit": TIMELINES})))
        try:
            await self._list()
        except BaseException:  # the list failed or the deadline fell: its timelines are not wanted either
            timelines.cancel()
            await asyncio.gather(timelines, return_exceptions=True)
            raise
        try:
            rows = await timelines
        except ProblemError as exc:
            self.fan.mark_failed("problems.timeline", "issues", exc)
        else:
            self.timelines = {str(t["problem_id"]): list(t["events"]) for t in rows}

    def result(self, outcome: Any) -> list[DossierProblem] | None:
        if self.items is None:  # the list itself is missing (already in ``missing``)
            return None
        if not outcome.ok and not outcome.error:  # cut off by the deadline after the list arrived
            for m in self.fan.missing:
                if m.part == "problems":
                    m.part = "problems.timeline"
        return [DossierProblem(problem=p, timeline=self.timelines.get(str(p["id"]))) for p in self.items]


def _completion(reports: list[dict[str, Any]] | None) -> DossierCompletion | None:
    latest = next((r for r in reports or [] if r.get("status") in COUNTED), None)
    if latest is None:
        return None
    c = latest["computed"]
    return DossierCompletion(
        period=latest["period"],
        report_status=latest["status"],
        year_to_date_completed=c["year_to_date_completed"],
        year_planned_investment=c.get("year_planned_investment"),
        year_plan_rate=c.get("year_plan_rate"),
        total_investment_rate=c.get("total_investment_rate"),
        time_progress=c["time_progress"],
        behind_points=c.get("behind_points"),
    )


# ---------------------------------------------------------------- dashboard


async def dashboard(upstreams: Upstreams, token: str | None, deadline: float, region_code: str, year: int) -> Dashboard:
    """挂图作战 from aggregates and bulk reads only (a fixed number of calls whatever the region's size)."""
    fan = Fanout(upstreams, token, deadline)
    on = today()
    region = {"region_code": region_code}

    async def ranking() -> RankingEnds | None:
        # a failure here is the part's (listed in ``missing``), never the dashboard's: through the fan-out
        runs = await fan.read(Read("scoring", "/api/v1/scoring-runs",
                                   {**region, "status": "published", "limit": 1}))
        if not runs["items"]:
            return None
        run = runs["items"][0]
        lists = await fan.read(Read("scoring", f"/api/v1/scoring-runs/{run['id']}/lists"))
        return RankingEnds(run=run, praise=lists["praise"], criticism=lists["criticism"])

    reads = {
        "statistics": Read("registry", "/api/v1/statistics", {**region, "year": year}),
        "map_points": Read("registry", "/api/v1/statistics/map-points", {**region, "year": year}),
        "overdue_reports": Read("registry", "/api/v1/progress-reports/overdue", {**region, "limit": PAGE}),
        "problems": Read("issues", "/api/v1/problems/summary", region),
        "upcoming_meetings": Read(
            "meetings",
            "/api/v1/meetings",
            {
                **region,
                "from": on.isoformat(),
                "to": (on + timedelta(days=UPCOMING_DAYS)).isoformat(),
                "limit": PAGE,
            },
        ),
        "overdue_decided_items": Read(
            "meetings", "/api/v1/decided-items", {**region, "overdue": "true", "limit": PAGE}
        ),
    }
    calls = {name: (read.service, lambda r=read: fan.read(r)) for name, read in reads.items()}
    calls["ranking"] = ("scoring", ranking)
    got = await fan.run_calls(calls)
    statistics = got["statistics"]
    if statistics.error is not None and statistics.error.status == 404:
        raise RegionNotFound(statistics.error.detail or "No such region.")
    _not_found_is_missing(fan, got, {**{n: r.service for n, r in reads.items()}, "ranking": "scoring"})
    meetings = fan.page_items("upcoming_meetings", got["upcoming_meetings"])
    return Dashboard(
        **_status(fan),
        region_code=region_code,
        year=year,
        statistics=_value(got["statistics"]),
        map_points=_value(got["map_points"]),
        problems=_value(got["problems"]),
        upcoming_meetings=None if meetings is None else [m for m in meetings if m.get("status") != "cancelled"],
        overdue_decided_items=fan.page_items("overdue_decided_items", got["overdue_decided_items"]),
        overdue_reports=fan.page_items("overdue_reports", got["overdue_reports"]),
        ranking=_value(got["ranking"]),
    )


def _not_found_is_missing(fan: Fanout, got: dict[str, Any], services: dict[str, str]) -> None:
    for name, outcome in got.items():
        if outcome.error is not None and outcome.error.status == 404:
            fan.mark_missing(name, services[name], "error", outcome.error.detail or "not found")


# ---------------------------------------------------------------- to-dos


async def todos(upstreams: Upstreams, token: str | None, deadline: float, principal: Principal) -> Todos:
    """我的待办 for the caller: a unit user's duties, a scorer's sheets, a leader's projects."""
    fan = Fanout(upstreams, token, deadline)
    on = today()
    unit = principal.unit_id if Role.unit in principal.roles else None
    leader = Role.leader in principal.roles and principal.person_id is not None
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
    got = await fan.run(reads)
    _not_found_is_missing(fan, got, {n: r.service for n, r in reads.items()})

    def items(name: str) -> list[dict[str, Any]] | None:
        return fan.page_items(name, got[name]) if name in got else None

    def responsible(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        # the responsible unit reports; an owner or co-organising unit sees the project but does not
        return None if rows is None else [r for r in rows if r.get("responsible_unit_id") == str(unit)]

    meetings = items("meetings")
    leader_projects = None
    if leader:
        leader_projects = _leader_projects(
            fan, items("leader_projects"), items("leader_lights"), items("leader_problems")
        )
    return Todos(
        **_status(fan),
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
    )


def _project_side(rows: list[dict[str, Any]] | None, unit: uuid.UUID | None) -> list[dict[str, Any]] | None:
    """Problems waiting for documents that the caller's unit supplies: those about its projects, not those it
    was asked to solve (it listed the documents) or co-organises."""
    if rows is None or unit is None:
        return None
    u = str(unit)
    return [r for r in rows if r.get("responsible_unit_id") != u and u not in (r.get("co_unit_ids") or [])]


def _leader_projects(
    fan: Fanout,
    projects: list[dict[str, Any]] | None,
    lights: list[dict[str, Any]] | None,
    problems: list[dict[str, Any]] | None,
) -> list[LeaderProject] | None:
    """Join the three bulk reads by project id (the lights and problems are null where they were missing)."""
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
        )
        for p in projects
    ]


# ---------------------------------------------------------------- public


async def public_overview(upstreams: Upstreams, deadline: float, region_code: str, year: int) -> PublicOverview:
    """阳光行动 from the registry's public pages (no token is sent: only what anyone may see)."""
    rid = request_id_var.get()
    try:
        page = await asyncio.wait_for(
            upstreams.client("registry").get(
                "/api/v1/public/projects",
                params={"region_code": region_code, "year": year, "limit": PAGE},
                headers={"x-request-id": rid} if rid else None,
            ),
            timeout=deadline,
        )
    except (httpx.TransportError, TimeoutError) as exc:
        raise UpstreamUnavailable("The registry service is unavailable.", upstream="registry") from exc
    if page.status_code >= 500:
        raise UpstreamUnavailable(_detail(page), upstream="registry")
    if page.status_code >= 400:  # the gateway validated what it sends: a refusal is the two disagreeing
        raise BadGateway(_detail(page), upstream="registry", upstream_status=page.status_code)
    body = page.json()
    projects = body["items"]
    quarters: dict[str, int] = {}
    for p in projects:
        for q in p.get("quarterly_progress", []):
            quarters[q["quarter"]] = quarters.get(q["quarter"], 0) + 1
    return PublicOverview(
        as_of=utcnow(),
        region_code=region_code,
        year=year,
        projects=projects,
        project_count=len(projects),
        with_leader=sum(1 for p in projects if p.get("leader") and p["leader"].get("holder_name")),
        quarters_reported=dict(sorted(quarters.items())),
        next_cursor=body.get("next_cursor"),
    )


def _detail(resp: Any) -> str:
    try:
        return str(resp.json().get("detail") or resp.reason_phrase)
    except ValueError:
        return resp.reason_phrase
