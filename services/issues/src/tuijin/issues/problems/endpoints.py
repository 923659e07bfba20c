"""Routes of the problem ledger (问题台账): raising, the list, the agenda the meetings service reads, figures for
scoring, the .xlsx ledger, one problem and its timeline. The steps of the ladder are
:mod:`~tuijin.issues.problems.step_routes`."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.issues.access import ScopeDep, bearer_token, ensure_region_reader
from tuijin.issues.deps import From, RegionCode, RegionFilter, To, VisibleProblem, check_range
from tuijin.issues.errors import InvalidRange, NotProjectMember, ProjectNotFound, Required, UnitNotFound
from tuijin.issues.problems import documents, metrics, service
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ProblemCategory, ProblemLevel, ProblemStatus
from tuijin.issues.problems.errors import DeadlineInPast, LevelNotInLadder, ProblemChanged, ProblemNotFound
from tuijin.issues.problems.evidence import register_attachments
from tuijin.issues.problems.ladder import ensure_in_ladder, ladder_policy
from tuijin.issues.problems.models import Problem, ProblemEvent
from tuijin.issues.problems.schemas import (
    AgendaItem,
    LevelOpenCounts,
    OpenProblemSummary,
    ProblemCreate,
    ProblemEventOut,
    ProblemMetrics,
    ProblemOut,
    ProblemStats,
    ProblemTimeline,
)
from tuijin.issues.problems.step_endpoints import register_steps
from tuijin.issues.problems.steps import Actor
from tuijin.issues.upstream import require_project, require_unit, require_units
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden, Role, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.downloads import XLSX_RESPONSE, attachment
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.errors import ServiceUnavailable, Unauthorized, problem_responses
from tuijin.kernel.etag import SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/problems", tags=["issues: problems"])

READ = problem_responses(Unauthorized)
REGION_READ = problem_responses(Unauthorized, RegionForbidden)
READ_ONE = problem_responses(Unauthorized, ProblemNotFound)
FIGURES = problem_responses(Unauthorized, RoleRequired, RegionForbidden, InvalidRange)
EXPORT_LIMIT = 5000


def ledger_filters(
    project_id: uuid.UUID | None = None,
    system_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="the unit asked to solve it")] = None,
    level: ProblemLevel | None = None,
    status: ProblemStatus | None = None,
    category: ProblemCategory | None = None,
    open_only: Annotated[bool, Query(description="only problems not yet resolved")] = False,
) -> repo.ProblemFilters:
    """The filters of the ledger, the same on the list and its export."""
    return repo.ProblemFilters(
        project_id=project_id,
        system_id=system_id,
        unit_id=unit_id,
        level=level.value if level else None,
        status=status.value if status else None,
        category=category.value if category else None,
        open_only=open_only,
    )


LedgerFilters = Annotated[repo.ProblemFilters, Depends(ledger_filters)]


# ---------------------------------------------------------------- ledger


@router.post(
    "",
    status_code=201,
    summary="Raise a problem",
    responses=problem_responses(
        Unauthorized, RoleRequired, NotProjectMember, ProjectNotFound, UnitNotFound, Required, DeadlineInPast,
        LevelNotInLadder, ProblemChanged, ServiceUnavailable,
    ),
)
async def raise_problem(
    etag: SendsETag, location: SendsLocation,
    body: ProblemCreate, request: Request, session: SessionDep, scope: ScopeDep
) -> ProblemOut:
    """Put a problem on the ledger (office, supervisors, the project's units and its leader). The project is
    read from the registry with the caller's token (a project the caller may not see is a 422 on
    ``body.project_id``). The responsible unit (default: the project's) must answer within the region's answer
    timer; the problem starts at a level of the region's ladder (422 ``level_not_in_ladder`` otherwise) and must
    be solved there by the level's rule, else it goes up to the ladder's next level. Send an
    ``Idempotency-Key``: a retry returns the first response and writes nothing."""
    principal = scope.principal
    if not principal.has_any(Role.office, Role.supervisor, Role.unit, Role.leader):
        raise RoleRequired("Your role may not raise problems.")
    state = request.app.state
    ref = await require_project(state, session, body.project_id, bearer_token(request), principal=principal)
    if not (scope.unrestricted or principal.has_any(Role.office, Role.supervisor)):
        if not (await scope.is_project_unit(session, ref.id) or scope.is_project_leader(ref.id)):
            raise NotProjectMember("Only the project's units and leader raise problems on it.")
    if body.responsible_unit_id is not None:
        await require_unit(state, ref.region_code, body.responsible_unit_id, "body.responsible_unit_id")
    await require_units(state, ref.region_code, body.co_unit_ids, "body.co_unit_ids")
    ensure_in_ladder(await ladder_policy(session, ref.region_code, today()), body.level, "body.level")
    cal = await state.calendar.get(session, ref.region_code)
    problem = await service.raise_problem(session, ref, body, Actor.of(principal), cal)
    location(f"/api/v1/problems/{problem.id}")
    etag(problem.version)
    return (await service.to_out(session, [problem]))[0]


@router.get("", summary="List problems (the ledger)", responses=READ)
async def list_problems(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    filters: LedgerFilters,
    region_code: RegionFilter = None,
) -> Page[ProblemOut]:
    """Problems the caller may see, newest first; keyset-paginated."""
    stmt = repo.list_query(replace(filters, region_code=region_code), repo.visibility(scope))
    rows, cursor = await paginate(session, stmt, order=[Problem.raised_at, Problem.id], params=page, descending=True)
    return Page(items=await service.to_out(session, rows), next_cursor=cursor, limit=page.limit)


@router.get("/timelines", summary="Timelines of a project's problems (bulk)", responses=READ)
async def problem_timelines(
    session: SessionDep,
    scope: ScopeDep,
    project_id: uuid.UUID,
    open_only: Annotated[bool, Query(description="only problems not yet resolved")] = False,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many problems, newest first")] = 50,
) -> list[ProblemTimeline]:
    """The timelines of the project's problems the caller may see (newest problem first, each timeline oldest
    step first), in two queries: what a project's dossier shows beside the problem list.

    Bounded: at most ``limit`` (≤ 200) problems of one project, each with its whole timeline."""
    filters = repo.ProblemFilters(project_id=project_id, open_only=open_only)
    ids = await repo.newest_ids(session, repo.list_query(filters, repo.visibility(scope)), limit)
    events = await repo.timelines(session, ids)
    return [
        ProblemTimeline(problem_id=i, events=[ProblemEventOut.model_validate(e) for e in evs])
        for i, evs in events.items()
    ]


AGENDA = problem_responses(Unauthorized, RoleRequired, RegionForbidden)


@router.get("/agenda", summary="Problems on a meeting's agenda", responses=AGENDA)
async def agenda(
    session: SessionDep,
    scope: ScopeDep,
    region_code: RegionCode,
    level: ProblemLevel,
    system_id: Annotated[uuid.UUID | None, Query(description="the system (体系) of a system meeting")] = None,
    on: Annotated[BusinessDate | None, Query(description="the meeting's date; today if omitted")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[AgendaItem]:
    """The open problems now at ``level`` (and in ``system_id``) raised by ``on``, oldest first: what the meeting
    of that level must take up (projects with no open problem do not come to the meeting). Read by the meetings
    service with a service token; the office and supervisors of the region may read it too.

    Bounded: one meeting's agenda, at most ``limit`` (≤ 1000) problems."""
    ensure_region_reader(scope.principal, region_code)
    rows = await repo.agenda(session, region_code, level, system_id, on or today(), limit)
    return [
        AgendaItem(
            problem_id=p.id,
            project_id=p.project_id,
            project_code=ref.code if ref else "",
            project_name=ref.name if ref else "",
            system_id=p.system_id,
            level=p.level,
            category=p.category,
            description=p.description,
            responsible_unit_id=p.responsible_unit_id,
            deadline=p.deadline,
            raised_at=p.raised_at,
            status=p.status,
        )
        for p, ref in rows
    ]


@router.get("/summary", summary="Open problems by level", responses=REGION_READ)
async def open_summary(session: SessionDep, scope: ScopeDep, region_code: RegionCode) -> OpenProblemSummary:
    """The region's open problems the caller may see (a unit: its own), by level of the region's ladder (each
    under the region's name of it; a level the ladder has left out only while problems are still there): how
    many, how many past their level's deadline, how many with an overdue answer. For dashboards; counted in
    SQL."""
    ensure_region(scope.principal, region_code)
    on = today()
    rows = {level: (n, late, answer) for level, n, late, answer in
            await repo.open_by_level(session, region_code, repo.visibility(scope), on)}
    policy = await ladder_policy(session, region_code, on)
    by_level = [
        LevelOpenCounts(level=level, name=policy.name_of(level), open=n, past_deadline=late, answer_overdue=answer)
        for level in metrics.shown_levels(policy, (lv for lv, (n, _, _) in rows.items() if n))
        for n, late, answer in [rows.get(level.value, (0, 0, 0))]
    ]
    return OpenProblemSummary(
        region_code=region_code, as_of=on, open=sum(c.open for c in by_level),
        past_deadline=sum(c.past_deadline for c in by_level), answer_overdue=sum(c.answer_overdue for c in by_level),
        by_level=by_level,
    )


@router.get("/stats", summary="Problem counts by unit and project", responses=FIGURES)
async def stats(session: SessionDep, scope: ScopeDep, region_code: RegionCode, start: From, end: To) -> ProblemStats:
    """Steps in [from, to] counted in SQL: raised, escalated, resolved, closed, reopened, overdue answers and
    late answers, in total, by the unit responsible at the step and by project (what scoring reads)."""
    ensure_region_reader(scope.principal, region_code)
    check_range(start, end)
    return await metrics.stats(session, region_code, start, end)


@router.get("/metrics", summary="Time at each level, days to close, overdue answers", responses=FIGURES)
async def problem_metrics(
    session: SessionDep, scope: ScopeDep, region_code: RegionCode, start: From, end: To
) -> ProblemMetrics:
    """Figures from the timeline for steps in [from, to]: average working days spent at each level, working
    days from raise to close, overdue answers; in total, by unit and by project."""
    ensure_region_reader(scope.principal, region_code)
    check_range(start, end)
    return await metrics.metrics(session, region_code, start, end)


@router.get(
    "/export.xlsx",
    summary="The ledger as .xlsx",
    responses={**REGION_READ, **XLSX_RESPONSE},
    response_class=Response,
)
async def export_ledger(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    filters: LedgerFilters,
    region_code: RegionCode,
) -> Response:
    """The problems of the region the caller may see (up to 5000, newest first) as an Excel workbook (问题台账),
    with the list's filters."""
    ensure_region(scope.principal, region_code)
    stmt = repo.list_query(replace(filters, region_code=region_code), repo.visibility(scope))
    problems = await repo.newest(session, stmt, EXPORT_LIMIT)
    views = await service.to_out(session, problems)
    state = request.app.state
    unit_ids = {v.responsible_unit_id for v in views}
    names = await state.directory.unit_names(state.upstreams, region_code, unit_ids) if unit_ids else {}
    region, on = await region_name(state.upstreams, region_code), today()
    content = await run_in_threadpool(documents.ledger_workbook, views, names, region=region, on=on)
    return attachment(content, f"{region}重点项目问题台账{on.isoformat()}.xlsx",
                      f"problems-{region_code}-{on.isoformat()}.xlsx")


# ---------------------------------------------------------------- one problem


@router.get("/{problem_id}", summary="Read a problem", responses=READ_ONE)
async def get_problem(etag: SendsETag, problem: VisibleProblem, session: SessionDep) -> ProblemOut:
    """The problem with its state, level, deadlines and co-units; the ETag is its version."""
    etag(problem.version)
    return (await service.to_out(session, [problem]))[0]


@router.get("/{problem_id}/timeline", summary="A problem's timeline", responses=READ_ONE)
async def problem_timeline(problem: VisibleProblem, session: SessionDep, page: PageParamsDep) -> Page[ProblemEventOut]:
    """Every step, oldest first (append-only): who, when, what, why, from which state and level to which."""
    stmt = repo.timeline_query(problem.id)
    rows, cursor = await paginate(session, stmt, order=[ProblemEvent.at, ProblemEvent.id], params=page)
    return Page(items=[ProblemEventOut.model_validate(e) for e in rows], next_cursor=cursor, limit=page.limit)


register_steps(router)
register_attachments(router)
