"""The dossier (一项目一档案): a project's registry parts, open problems with their timelines, letters, meetings,
decided items and scores, read at once."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from tuijin.gateway.views.compose import PAGE, not_found_is_missing, status_of, value_of
from tuijin.gateway.views.fanout import Fanout, Read
from tuijin.gateway.views.schemas import Dossier, DossierCompletion, DossierProblem
from tuijin.kernel.errors import Forbidden, NotFound, ProblemError, UpstreamUnavailable
from tuijin.kernel.upstream import Upstreams


class ProjectNotFound(NotFound):
    """The registry has no such project, or not one the caller may read."""

    code = "project_not_found"


TIMELINES = 50  # timelines read for a dossier's open problems (the newest ones), in one call
COUNTED = {"submitted", "verified"}


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
    not_found_is_missing(fan, got, {**{n: r.service for n, r in reads.items()}, "problems": "issues"})
    parts = overview.value if overview.ok else {}
    reports = parts.get("reports")
    return Dossier(
        **status_of(fan),
        project_id=project_id,
        project=parts.get("project"),
        milestones=parts.get("milestones"),
        procedures=parts.get("procedures"),
        reports=reports,
        completion=completion_of(reports),
        lights=parts.get("lights"),
        problems=problems.result(got["problems"]),
        letters=fan.page_items("letters", got["letters"]),
        meetings=fan.page_items("meetings", got["meetings"]),
        decided_items=fan.page_items("decided_items", got["decided_items"]),
        scores=value_of(got["scores"]),
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


def completion_of(reports: list[dict[str, Any]] | None) -> DossierCompletion | None:
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
