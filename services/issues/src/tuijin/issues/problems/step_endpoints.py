"""The steps of the ladder as routes, one table: ``POST /api/v1/problems/{problem_id}/<step>``. Every step
reads the problem the caller may see, checks the caller's right (:mod:`~tuijin.issues.problems.access`), the
units it names (from the registry), then locks the problem's row (PostgreSQL), honours ``If-Match`` when sent,
takes the step and answers the problem with its new ETag."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.access import ScopeDep
from tuijin.issues.deps import VisibleProblem
from tuijin.issues.errors import UnitNotFound
from tuijin.issues.problems import ladder, service
from tuijin.issues.problems.access import ensure_may
from tuijin.issues.problems.enums import ProblemAction
from tuijin.issues.problems.errors import (
    AlreadyAtTopLevel,
    DeadlineInPast,
    DocumentsAlreadyRequested,
    LevelNotInLadder,
    NotALowerLevel,
    ProblemChanged,
    ProblemNotFound,
    StepForbidden,
    StepNotAllowed,
)
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.schemas import (
    AnswerIn,
    AssignIn,
    DocumentsRequestIn,
    NoteIn,
    ProblemOut,
    ReasonIn,
    ResolveIn,
    SendDownIn,
)
from tuijin.issues.problems.steps import Actor
from tuijin.issues.upstream import require_unit, require_units
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.db import SessionDep, is_postgres
from tuijin.kernel.errors import PreconditionFailed, ProblemError, Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag

Take = Callable[[AsyncSession, Problem, Any, Actor, WorkingCalendar], Awaitable[Any]]
Check = Callable[[Any, Problem, Any], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    """One step route: its path segment, route name (so its operationId, ``problems_<name in camelCase>``),
    the action whose right it needs, its body, its service call, the domain problems it may answer with, and
    what it checks before the problem's row is locked (the units it names, read from the registry)."""

    path: str
    name: str
    action: ProblemAction
    body: type[BaseModel]
    summary: str
    description: str
    take: Take
    errors: tuple[type[ProblemError], ...] = ()
    check: Check | None = None


async def _assign(s: AsyncSession, p: Problem, b: AssignIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.assign(s, p, b, a, c)


async def _answer(s: AsyncSession, p: Problem, b: AnswerIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.answer(s, p, b, a)


async def _request_documents(s: AsyncSession, p: Problem, b: DocumentsRequestIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.request_documents(s, p, b, a)


async def _supply_documents(s: AsyncSession, p: Problem, b: NoteIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.supply_documents(s, p, b.note, a, c)


async def _resolve(s: AsyncSession, p: Problem, b: ResolveIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.resolve(s, p, b, a)


async def _close(s: AsyncSession, p: Problem, b: NoteIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.close(s, p, b.note, a, c)


async def _reopen(s: AsyncSession, p: Problem, b: ReasonIn, a: Actor, c: WorkingCalendar) -> Any:
    return await service.reopen(s, p, b.reason, a, c)


async def _escalate(s: AsyncSession, p: Problem, b: ReasonIn, a: Actor, c: WorkingCalendar) -> Any:
    return await ladder.escalate(s, p, b.reason, a, c)


async def _send_down(s: AsyncSession, p: Problem, b: SendDownIn, a: Actor, c: WorkingCalendar) -> Any:
    return await ladder.send_down(s, p, b, a, c)


async def _assign_units(state: Any, problem: Problem, body: AssignIn) -> None:
    """The unit asked and the co-units are units of the problem's region."""
    await require_unit(state, problem.region_code, body.unit_id, "body.unit_id")
    await require_units(state, problem.region_code, body.co_unit_ids, "body.co_unit_ids")


async def _send_down_unit(state: Any, problem: Problem, body: SendDownIn) -> None:
    """The unit it is sent to, if any, is a unit of the problem's region."""
    if body.unit_id is not None:
        await require_unit(state, problem.region_code, body.unit_id, "body.unit_id")


STEPS: tuple[Step, ...] = (
    Step("assign", "assign", ProblemAction.assign, AssignIn, "Assign to a unit with a deadline (交办)",
         "The office (or the project's leader) asks a unit to solve the problem by ``deadline``; the unit's answer "
         "is due within the answer timer. Not allowed once resolved or closed.",
         _assign, (UnitNotFound, DeadlineInPast), check=_assign_units),
    Step("answer", "answer", ProblemAction.answer, AnswerIn, "Answer (答复)",
         "The asked unit answers how and by when the problem will be solved. A late answer is recorded as late.",
         _answer),
    Step("document-requests", "request_documents", ProblemAction.request_documents, DocumentsRequestIn,
         "List missing documents at once",
         "The asked unit lists every missing document at once (一次性告知), due within the documents timer; only "
         "one list per request. The answer timer waits until the documents are supplied.",
         _request_documents, (DocumentsAlreadyRequested,)),
    Step("documents-supplied", "supply_documents", ProblemAction.supply_documents, NoteIn,
         "Missing documents supplied",
         "The project's side supplied the listed documents: the answer is due within the answer timer from today.",
         _supply_documents),
    Step("resolve", "resolve", ProblemAction.resolve, ResolveIn, "Resolve",
         "Record the resolution (possibly citing a meeting); the office then verifies and closes it.", _resolve),
    Step("close", "close", ProblemAction.close, NoteIn, "Verify and close (销号)",
         "The office verifies a resolved problem and closes it; an unresolved one cannot be closed.", _close),
    Step("reopen", "reopen", ProblemAction.reopen, ReasonIn, "Reopen",
         "The office reopens a resolved or closed problem (with the reason); the unit is asked again.", _reopen),
    Step("escalate", "escalate", ProblemAction.escalate, ReasonIn, "Send up a level by hand",
         "Send an open problem to the region's next level (its ladder's next rung, with the reason); leadership "
         "is the last level "
         "(422 ``already_at_top_level``).",
         _escalate, (AlreadyAtTopLevel,)),
    Step("send-down", "send_down", ProblemAction.send_down, SendDownIn, "Send back down with a deadline",
         "The office sends an open problem to a lower level of the region's ladder (default one down, 422 "
         "``level_not_in_ladder`` for a level the ladder leaves out), to be solved there by "
         "``deadline``; optionally to another unit. Past the deadline it comes back up.",
         _send_down, (NotALowerLevel, LevelNotInLadder, DeadlineInPast, UnitNotFound), check=_send_down_unit),
)

COMMON_ERRORS = (Unauthorized, PreconditionFailed, ProblemNotFound, StepForbidden, StepNotAllowed, ProblemChanged)


def _route(step: Step) -> Callable[..., Awaitable[ProblemOut]]:
    async def take_step(
        problem: VisibleProblem,
        body: BaseModel,
        request: Request,
        if_match: IfMatchOptional,
        etag: SendsETag,
        session: SessionDep,
        scope: ScopeDep,
    ) -> ProblemOut:
        state = request.app.state
        if step.check is not None:  # refuse before asking the registry about the units
            await ensure_may(scope, session, problem, step.action)
            await step.check(state, problem, body)
        if is_postgres(session):
            await session.refresh(problem, with_for_update=True)
        if_match.check(problem.version)
        await ensure_may(scope, session, problem, step.action)
        cal = await state.calendar.get(session, problem.region_code)
        await step.take(session, problem, body, Actor.of(scope.principal), cal)
        etag(problem.version)
        return (await service.to_out(session, [problem]))[0]

    take_step.__annotations__["body"] = step.body
    take_step.__doc__ = step.description
    return take_step


def register_steps(router: APIRouter) -> None:
    """Add every step of :data:`STEPS` to the problems router."""
    for step in STEPS:
        router.add_api_route(
            f"/{{problem_id}}/{step.path}",
            _route(step),
            methods=["POST"],
            name=step.name,
            summary=step.summary,
            description=step.description,
            response_model=ProblemOut,
            responses=problem_responses(*COMMON_ERRORS, *step.errors),
        )
