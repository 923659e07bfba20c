"""Routes of the problem ledger (问题台账): raising, the steps of the ladder, the timeline, the agenda the
meetings service reads, figures for scoring and the .xlsx ledger."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.access import Scope, ScopeDep, bearer_token, ensure_region_reader
from tuijin.issues.directory.service import require_unit
from tuijin.issues.problems import export, metrics, service
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ProblemAction, ProblemCategory, ProblemLevel, ProblemStatus
from tuijin.issues.problems.models import Problem, ProblemEvent
from tuijin.issues.problems.schemas import (
    AgendaItem,
    AnswerIn,
    AssignIn,
    DocumentsRequestIn,
    LevelOpenCounts,
    NoteIn,
    OpenProblemSummary,
    ProblemCreate,
    ProblemEventOut,
    ProblemMetrics,
    ProblemOut,
    ProblemStats,
    ProblemTimeline,
    ReasonIn,
    ResolveIn,
    SendDownIn,
)
from tuijin.issues.problems.service import Actor
from tuijin.kernel.auth import Role, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep, is_postgres
from tuijin.kernel.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.etag import ETagSender, IfMatch, IfMatchOptional, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/problems", tags=["issues: problems"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
FIGURES = problem_responses(Unauthorized, Forbidden, BadRequest)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, ServiceUnavailable)
STEP = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable, PreconditionFailed)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]
From = Annotated[BusinessDate, Query(alias="from", description="first business date, e.g. 2026-10-01")]
To = Annotated[BusinessDate, Query(alias="to", description="last business date (included)")]


def _check_range(start: date, end: date) -> None:
    if end < start or (end - start).days > 1830:
        raise BadRequest(
            "`to` must be on or after `from`, at most five years later.",
            code="invalid_range",
            errors=[{"field": "query.to", "message": "range", "type": "invalid_range"}],
        )


async def visible_problem(problem_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Problem:
    """Dependency: the problem, if it exists and the caller may see it (else 404, never a hint)."""
    problem = await repo.get_visible(session, problem_id, scope)
    if problem is None:
        raise NotFound("No such problem.", code="problem_not_found")
    return problem


VisibleProblem = Annotated[Problem, Depends(visible_problem)]


async def _may(scope: Scope, session: AsyncSession, problem: Problem, action: ProblemAction) -> None:
    """Who may take which step: the office every step; the unit asked to solve it answers, lists missing
    documents and resolves; the project's units supply documents and send it up; the project's leader
    assigns, resolves and sends it up. Closing, reopening and sending down are the office's."""
    if scope.unrestricted or scope.is_office:
        return
    asked = scope.unit_id is not None and scope.unit_id == problem.responsible_unit_id
    leader = scope.is_project_leader(problem.project_id)
    project_unit = await scope.is_project_unit(session, problem.project_id)
    raiser = scope.unit_id is not None and scope.unit_id == problem.raised_by_unit_id
    allowed = {
        ProblemAction.assign: leader,
        ProblemAction.answer: asked,
        ProblemAction.request_documents: asked,
        ProblemAction.supply_documents: project_unit or raiser,
        ProblemAction.resolve: asked or leader,
        ProblemAction.escalate: asked or project_unit or leader,
    }.get(action, False)
    if not allowed:
        raise Forbidden(
            f"You may not take the step {action.value} ({action.label}) on this problem.", code="step_forbidden"
        )


async def _prepare(
    if_match: IfMatch, session: AsyncSession, scope: Scope, problem: Problem, action: ProblemAction
) -> None:
    """Lock the problem's row (PostgreSQL), honour If-Match when sent, and check the caller's right."""
    if is_postgres(session):
        await session.refresh(problem, with_for_update=True)
    if_match.check(problem.version)
    await _may(scope, session, problem, action)


async def _out(session: AsyncSession, etag: ETagSender, problem: Problem) -> ProblemOut:
    etag(problem.version)
    return (await service.to_out(session, [problem]))[0]


# ---------------------------------------------------------------- ledger


@router.post("", status_code=201, summary="Raise a problem", responses=WRITE)
async def raise_problem(
    etag: SendsETag, location: SendsLocation,
    body: ProblemCreate, request: Request, session: SessionDep, scope: ScopeDep
) -> ProblemOut:
    """Put a problem on the ledger (office, supervisors, the project's units and its leader). The project is
    read from the registry with the caller's token (a project the caller may not see is a 422 on
    ``body.project_id``). The responsible unit (default: the project's) must answer within the region's answer
    timer; the problem must be solved at its level by the level's rule, else it goes up. Send an
    ``Idempotency-Key``: a retry returns the first response and writes nothing."""
    principal = scope.principal
    if not principal.has_any(Role.office, Role.supervisor, Role.unit, Role.leader):
        raise Forbidden("Your role may not raise problems.", code="role_required")
    state = request.app.state
    refs = await state.directory.fetch_projects(
        session, state.upstreams, [body.project_id], token=bearer_token(request)
    )
    ref = refs.get(body.project_id)
    if ref is None or not principal.can_see_region(ref.region_code):  # another region's: as a missing one
        message = "No such project, or not one you may see."
        raise Unprocessable(
            message,
            code="project_not_found",
            errors=[{"field": "body.project_id", "message": message, "type": "project_not_found"}],
        )
    if not (scope.unrestricted or principal.has_any(Role.office, Role.supervisor)):
        if not (await scope.is_project_unit(session, ref.id) or scope.is_project_leader(ref.id)):
            raise Forbidden("Only the project's units and leader raise problems on it.", code="not_project_member")
    if body.responsible_unit_id is not None:
        await require_unit(state, ref.region_code, body.responsible_unit_id, "body.responsible_unit_id")
    for i, unit_id in enumerate(body.co_unit_ids):
        await require_unit(state, ref.region_code, unit_id, f"body.co_unit_ids.{i}")
    cal = await state.calendar.get(session, ref.region_code)
    problem = await service.raise_problem(session, ref, body, Actor.of(principal), cal)
    location(f"/api/v1/problems/{problem.id}")
    return await _out(session, etag, problem)


@router.get("", summary="List problems (the ledger)", responses=READ)
async def list_problems(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    project_id: uuid.UUID | None = None,
    system_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="the unit asked to solve it")] = None,
    level: ProblemLevel | None = None,
    status: ProblemStatus | None = None,
    category: ProblemCategory | None = None,
    open_only: Annotated[bool, Query(description="only problems not yet resolved")] = False,
) -> Page[ProblemOut]:
    """Problems the caller may see, newest first; keyset-paginated."""
    filters = repo.ProblemFilters(
        region_code=region_code,
        project_id=project_id,
        system_id=system_id,
        unit_id=unit_id,
        level=level.value if level else None,
        status=status.value if status else None,
        category=category.value if category else None,
        open_only=open_only,
    )
    stmt = repo.list_query(filters, repo.visibility(scope))
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
    step first), in two queries: what a project's dossier shows beside the problem list."""
    filters = repo.ProblemFilters(project_id=project_id, open_only=open_only)
    stmt = repo.list_query(filters, repo.visibility(scope)).order_by(Problem.raised_at.desc(), Problem.id.desc())
    ids = list((await session.scalars(stmt.with_only_columns(Problem.id).limit(limit))).all())
    events: dict[uuid.UUID, list[ProblemEventOut]] = {i: [] for i in ids}
    if ids:
        rows = await session.scalars(
            select(ProblemEvent).where(ProblemEvent.problem_id.in_(ids)).order_by(ProblemEvent.at, ProblemEvent.id)
        )
        for e in rows:
            events[e.problem_id].append(ProblemEventOut.model_validate(e))
    return [ProblemTimeline(problem_id=i, events=evs) for i, evs in events.items()]


@router.get("/agenda", summary="Problems on a meeting's agenda", responses=READ)
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
    service with a service token; the office and supervisors of the region may read it too."""
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


@router.get("/summary", summary="Open problems by level", responses=READ)
async def open_summary(session: SessionDep, scope: ScopeDep, region_code: RegionCode) -> OpenProblemSummary:
    """The region's open problems the caller may see (a unit: its own), by level: how many, how many past
    their level's deadline, how many with an overdue answer. For dashboards; counted in SQL."""
    ensure_region(scope.principal, region_code)
    on = today()
    rows = {level: (n, late, answer) for level, n, late, answer in
            await repo.open_by_level(session, region_code, repo.visibility(scope), on)}
    by_level = [
        LevelOpenCounts(level=level, open=n, past_deadline=late, answer_overdue=answer)
        for level in ProblemLevel
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
    _check_range(start, end)
    return await metrics.stats(session, region_code, start, end)


@router.get("/metrics", summary="Time at each level, days to close, overdue answers", responses=FIGURES)
async def problem_metrics(
    session: SessionDep, scope: ScopeDep, region_code: RegionCode, start: From, end: To
) -> ProblemMetrics:
    """Figures from the timeline for steps in [from, to]: average working days spent at each level, working
    days from raise to close, overdue answers; in total, by unit and by project."""
    ensure_region_reader(scope.principal, region_code)
    _check_range(start, end)
    return await metrics.metrics(session, region_code, start, end)


@router.get(
    "/export",
    summary="The ledger as .xlsx",
    responses={**READ, 200: {"content": {export.XLSX: {}}, "description": "the ledger workbook"}},
    response_class=Response,
)
async def export_ledger(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    region_code: RegionCode,
    level: ProblemLevel | None = None,
    status: ProblemStatus | None = None,
    open_only: bool = False,
) -> Response:
    """The problems of the region the caller may see (up to 5000, newest first) as an Excel workbook (问题台账)."""
    ensure_region(scope.principal, region_code)
    filters = repo.ProblemFilters(
        region_code=region_code,
        level=level.value if level else None,
        status=status.value if status else None,
        open_only=open_only,
    )
    stmt = repo.list_query(filters, repo.visibility(scope)).order_by(Problem.raised_at.desc(), Problem.id).limit(5000)
    problems = list((await session.scalars(stmt)).all())
    views = await service.to_out(session, problems)
    state = request.app.state
    unit_ids = {v.responsible_unit_id for v in views}
    names = await state.directory.unit_names(state.upstreams, region_code, unit_ids) if unit_ids else {}
    content = export.ledger_workbook(views, names)
    filename = f"problems-{region_code}-{today().isoformat()}.xlsx"
    return Response(
        content, media_type=export.XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# ---------------------------------------------------------------- one problem


@router.get("/{problem_id}", summary="Read a problem", responses=READ)
async def get_problem(etag: SendsETag, problem: VisibleProblem, session: SessionDep) -> ProblemOut:
    """The problem with its state, level, deadlines and co-units; the ETag is its version."""
    return await _out(session, etag, problem)


@router.get("/{problem_id}/timeline", summary="A problem's timeline", responses=READ)
async def problem_timeline(problem: VisibleProblem, session: SessionDep, page: PageParamsDep) -> Page[ProblemEventOut]:
    """Every step, oldest first (append-only): who, when, what, why, from which state and level to which."""
    stmt = select(ProblemEvent).where(ProblemEvent.problem_id == problem.id)
    rows, cursor = await paginate(session, stmt, order=[ProblemEvent.at, ProblemEvent.id], params=page)
    return Page(items=[ProblemEventOut.model_validate(e) for e in rows], next_cursor=cursor, limit=page.limit)


@router.post("/{problem_id}/assign", summary="Assign to a unit with a deadline (交办)", responses=STEP)
async def assign(
    problem: VisibleProblem,
    body: AssignIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The office (or the project's leader) asks a unit to solve the problem by ``deadline``; the unit's answer
    is due within the answer timer. Not allowed once resolved or closed."""
    await _may(scope, session, problem, ProblemAction.assign)
    state = request.app.state
    await require_unit(state, problem.region_code, body.unit_id, "body.unit_id")
    for i, unit_id in enumerate(body.co_unit_ids or []):
        await require_unit(state, problem.region_code, unit_id, f"body.co_unit_ids.{i}")
    await _prepare(if_match, session, scope, problem, ProblemAction.assign)
    cal = await state.calendar.get(session, problem.region_code)
    await service.assign(session, problem, body, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)


@router.post("/{problem_id}/answer", summary="Answer (答复)", responses=STEP)
async def answer(
    problem: VisibleProblem,
    body: AnswerIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The asked unit answers how and by when the problem will be solved. A late answer is recorded as late."""
    await _prepare(if_match, session, scope, problem, ProblemAction.answer)
    await service.answer(session, problem, body, Actor.of(scope.principal))
    return await _out(session, etag, problem)


@router.post("/{problem_id}/document-requests", summary="List missing documents at once", responses=STEP)
async def request_documents(
    problem: VisibleProblem,
    body: DocumentsRequestIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The asked unit lists every missing document at once (一次性告知), due within the documents timer; only one
    list per request. The answer timer waits until the documents are supplied."""
    await _prepare(if_match, session, scope, problem, ProblemAction.request_documents)
    await service.request_documents(session, problem, body, Actor.of(scope.principal))
    return await _out(session, etag, problem)


@router.post("/{problem_id}/documents-supplied", summary="Missing documents supplied", responses=STEP)
async def supply_documents(
    problem: VisibleProblem,
    body: NoteIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The project's side supplied the listed documents: the answer is due within the answer timer from today."""
    await _prepare(if_match, session, scope, problem, ProblemAction.supply_documents)
    cal = await request.app.state.calendar.get(session, problem.region_code)
    await service.supply_documents(session, problem, body.note, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)


@router.post("/{problem_id}/resolve", summary="Resolve", responses=STEP)
async def resolve(
    problem: VisibleProblem,
    body: ResolveIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """Record the resolution (possibly citing a meeting); the office then verifies and closes it."""
    await _prepare(if_match, session, scope, problem, ProblemAction.resolve)
    await service.resolve(session, problem, body, Actor.of(scope.principal))
    return await _out(session, etag, problem)


@router.post("/{problem_id}/close", summary="Verify and close (销号)", responses=STEP)
async def close(
    problem: VisibleProblem,
    body: NoteIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The office verifies a resolved problem and closes it; an unresolved one cannot be closed."""
    await _prepare(if_match, session, scope, problem, ProblemAction.close)
    cal = await request.app.state.calendar.get(session, problem.region_code)
    await service.close(session, problem, body.note, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)


@router.post("/{problem_id}/reopen", summary="Reopen", responses=STEP)
async def reopen(
    problem: VisibleProblem,
    body: ReasonIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The office reopens a resolved or closed problem (with the reason); the unit is asked again."""
    await _prepare(if_match, session, scope, problem, ProblemAction.reopen)
    cal = await request.app.state.calendar.get(session, problem.region_code)
    await service.reopen(session, problem, body.reason, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)


@router.post("/{problem_id}/escalate", summary="Send up a level by hand", responses=STEP)
async def escalate(
    problem: VisibleProblem,
    body: ReasonIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """Send an open problem to the next level (with the reason); leadership is the last level
    (422 ``already_at_top_level``)."""
    await _prepare(if_match, session, scope, problem, ProblemAction.escalate)
    cal = await request.app.state.calendar.get(session, problem.region_code)
    await service.escalate(session, problem, body.reason, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)


@router.post("/{problem_id}/send-down", summary="Send back down with a deadline", responses=STEP)
async def send_down(
    problem: VisibleProblem,
    body: SendDownIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    scope: ScopeDep,
) -> ProblemOut:
    """The office sends an open problem to a lower level (default one down), to be solved there by ``deadline``;
    optionally to another unit. Past the deadline it comes back up."""
    await _may(scope, session, problem, ProblemAction.send_down)
    if body.unit_id is not None:
        await require_unit(request.app.state, problem.region_code, body.unit_id, "body.unit_id")
    await _prepare(if_match, session, scope, problem, ProblemAction.send_down)
    cal = await request.app.state.calendar.get(session, problem.region_code)
    await service.send_down(session, problem, body, Actor.of(scope.principal), cal)
    return await _out(session, etag, problem)
