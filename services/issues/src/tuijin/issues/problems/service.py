"""Rules of the problem ledger: raising a problem and the steps people (and meetings' minutes) take on it from
each state; moving it along the ladder is :mod:`~tuijin.issues.problems.ladder`. Services never commit: the
request's unit of work (or the job's transaction) does."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as directory_repo
from tuijin.issues.directory.models import ProjectRef
from tuijin.issues.errors import Required
from tuijin.issues.events import (
    PROBLEM_ASSIGNED,
    PROBLEM_CLOSED,
    PROBLEM_RAISED,
    PROBLEM_REOPENED,
    PROBLEM_RESOLVED,
    emit,
)
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ProblemAction, ProblemStatus
from tuijin.issues.problems.errors import DocumentsAlreadyRequested
from tuijin.issues.problems.ladder import ask_unit, flag_answer_overdue, ladder_policy, level_deadline
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.schemas import (
    AnswerIn,
    AssignIn,
    DocumentsRequestIn,
    ProblemCreate,
    ProblemOut,
    ResolveIn,
)
from tuijin.issues.problems.steps import (
    JOB_ACTOR,
    Actor,
    check_deadline,
    ensure_allowed,
    event_payload,
    flush_step,
    record,
)
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow


def _answer_late(problem: Problem, day: date) -> bool:
    due = problem.answer_due_on
    return problem.status == ProblemStatus.awaiting_answer and due is not None and day > due


# ---------------------------------------------------------------- raise


async def raise_problem(
    session: AsyncSession, ref: ProjectRef, body: ProblemCreate, actor: Actor, cal: WorkingCalendar,
    *, details: dict[str, Any] | None = None,
) -> Problem:
    """Put a problem on the ledger: the responsible unit is asked at once, its answer due within the region's
    answer timer, the problem due at its level by the level's rule (both in working days). ``details`` go on the
    timeline's first step (an inspection's finding names its inspection there)."""
    day = today()
    check_deadline(body.deadline, day)
    responsible = body.responsible_unit_id or ref.responsible_unit_id
    if responsible is None:
        raise Required("The project has no responsible unit; name one.", field="body.responsible_unit_id")
    policy = await ladder_policy(session, ref.region_code, day)
    problem = Problem(
        region_code=ref.region_code,
        project_id=ref.id,
        system_id=ref.system_id,
        category=body.category.value,
        description=body.description,
        raised_by=actor.sub,
        raised_by_unit_id=actor.unit_id,
        raised_at=utcnow(),
        raised_on=day,
        responsible_unit_id=responsible,
        level=body.level.value,
        level_since=day,
        deadline=body.deadline or level_deadline(policy, body.level, day, cal),
    )
    ask_unit(problem, day, policy, cal)
    session.add(problem)
    await session.flush()
    await repo.replace_co_units(session, problem.id, problem.responsible_unit_id, body.co_unit_ids)
    record(
        session,
        problem,
        ProblemAction.raise_,
        actor,
        on=day,
        from_status=None,
        from_level=None,
        reason=body.description[:2000],
        deadline=problem.deadline,
        details={"answer_due_on": problem.answer_due_on.isoformat(), **(details or {})},
    )
    await flush_step(session)
    await emit(session, PROBLEM_RAISED, event_payload(problem), problem.region_code)
    return problem


# ---------------------------------------------------------------- steps


async def assign(
    session: AsyncSession,
    problem: Problem,
    body: AssignIn,
    actor: Actor,
    cal: WorkingCalendar,
    *,
    past_deadline_ok: bool = False,
) -> Problem:
    """交办: the unit is asked to solve the problem by the deadline (default: the level's rule from today); its
    answer is due within the answer timer, missing documents within the documents timer. (A meeting's decision
    may carry a deadline already past when its minutes arrive late: ``past_deadline_ok``.)"""
    ensure_allowed(problem, ProblemAction.assign)
    day = today()
    if not past_deadline_ok:
        check_deadline(body.deadline, day)
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    problem.responsible_unit_id = body.unit_id
    ask_unit(problem, day, policy, cal)
    problem.answer = ""
    problem.answered_at = None
    problem.deadline = body.deadline or level_deadline(policy, problem.level, day, cal)
    problem.deadline_overdue_on = None
    if body.co_unit_ids is not None:
        await repo.replace_co_units(session, problem.id, problem.responsible_unit_id, body.co_unit_ids)
    record(
        session,
        problem,
        ProblemAction.assign,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=body.reason,
        deadline=problem.deadline,
        details={"answer_due_on": problem.answer_due_on.isoformat()},
    )
    await flush_step(session)
    await emit(
        session,
        PROBLEM_ASSIGNED,
        event_payload(problem, answer_due_on=problem.answer_due_on.isoformat()),
        problem.region_code,
    )
    return problem


async def answer(session: AsyncSession, problem: Problem, body: AnswerIn, actor: Actor) -> Problem:
    """The asked unit answers (解决思路和时限). A late answer is recorded as late, and the overdue answer is
    counted even if the timer job had not noticed it yet."""
    ensure_allowed(problem, ProblemAction.answer)
    day = today()
    late = problem.answer_due_on is not None and day > problem.answer_due_on
    if late:
        await flag_answer_overdue(session, problem, day, JOB_ACTOR)
    before = problem.status
    problem.status = ProblemStatus.answered.value
    problem.answer = body.answer
    problem.answered_at = utcnow()
    details = {"answer": body.answer}
    if body.planned_resolution_on:
        details["planned_resolution_on"] = body.planned_resolution_on.isoformat()
    record(
        session,
        problem,
        ProblemAction.answer,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        late=late,
        deadline=problem.answer_due_on,
        details=details,
    )
    await flush_step(session)
    return problem


async def request_documents(session: AsyncSession, problem: Problem, body: DocumentsRequestIn, actor: Actor) -> Problem:
    """The asked unit lists every missing document at once (一次性告知); a second list for the same request is
    refused. The answer timer waits until the documents are supplied."""
    ensure_allowed(problem, ProblemAction.request_documents)
    if problem.documents_requested:
        raise DocumentsAlreadyRequested(
            "Missing documents are listed all at once: they were already listed for this request.",
            field="body.documents",
        )
    day = today()
    late = problem.documents_due_on is not None and day > problem.documents_due_on
    before = problem.status
    problem.status = ProblemStatus.awaiting_documents.value
    problem.documents_requested = True
    problem.answer_due_on = None
    record(
        session,
        problem,
        ProblemAction.request_documents,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=body.note,
        late=late,
        deadline=problem.documents_due_on,
        details={"documents": body.documents},
    )
    await flush_step(session)
    return problem


async def supply_documents(
    session: AsyncSession, problem: Problem, note: str, actor: Actor, cal: WorkingCalendar
) -> Problem:
    """The documents are supplied: the asked unit's answer is due within the answer timer from today."""
    ensure_allowed(problem, ProblemAction.supply_documents)
    day = today()
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    problem.status = ProblemStatus.awaiting_answer.value
    problem.answer_due_on = cal.add_working_days(day, policy.answer_working_days)
    problem.answer_overdue_on = None
    record(
        session,
        problem,
        ProblemAction.supply_documents,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=note,
        deadline=problem.answer_due_on,
    )
    await flush_step(session)
    return problem


async def resolve(session: AsyncSession, problem: Problem, body: ResolveIn, actor: Actor) -> Problem:
    """Solved (possibly by a meeting's decision): it waits for the office to verify and close it."""
    ensure_allowed(problem, ProblemAction.resolve)
    day = today()
    before = problem.status
    meeting_id = body.meeting_id or actor.meeting_id
    problem.status = ProblemStatus.resolved.value
    problem.resolution = body.resolution
    problem.resolved_on = day
    problem.resolved_meeting_id = meeting_id
    details: dict[str, Any] = {"resolution": body.resolution}
    if meeting_id:
        details["meeting_id"] = str(meeting_id)
    record(
        session,
        problem,
        ProblemAction.resolve,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=body.resolution,
        details=details,
    )
    await flush_step(session)
    extra = {"meeting_id": str(meeting_id) if meeting_id else None, "resolution": body.resolution}
    await emit(session, PROBLEM_RESOLVED, event_payload(problem, **extra), problem.region_code)
    return problem


async def close(session: AsyncSession, problem: Problem, note: str, actor: Actor, cal: WorkingCalendar) -> Problem:
    """The office verifies the resolution and closes the problem (销号); the timeline keeps the working days
    it was open and spent at its last level."""
    ensure_allowed(problem, ProblemAction.close)
    day = today()
    before = problem.status
    problem.status = ProblemStatus.closed.value
    problem.closed_on = day
    days_open = cal.working_days_between(problem.raised_on, day)
    record(
        session,
        problem,
        ProblemAction.close,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=note,
        days_at_level=cal.working_days_between(problem.level_since, day),
        days_open=days_open,
    )
    await flush_step(session)
    await emit(session, PROBLEM_CLOSED, event_payload(problem, days_open=days_open), problem.region_code)
    return problem


async def reopen(session: AsyncSession, problem: Problem, reason: str, actor: Actor, cal: WorkingCalendar) -> Problem:
    """Not solved after all: the responsible unit is asked again and the level's timer starts again."""
    ensure_allowed(problem, ProblemAction.reopen)
    day = today()
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    ask_unit(problem, day, policy, cal)
    problem.resolved_on = None
    problem.resolved_meeting_id = None
    problem.closed_on = None
    problem.level_since = day
    problem.deadline = level_deadline(policy, problem.level, day, cal)
    problem.deadline_overdue_on = None
    record(
        session,
        problem,
        ProblemAction.reopen,
        actor,
        on=day,
        from_status=before,
        from_level=problem.level,
        reason=reason,
        deadline=problem.deadline,
    )
    await flush_step(session)
    await emit(session, PROBLEM_REOPENED, event_payload(problem, reason=reason), problem.region_code)
    return problem


# ---------------------------------------------------------------- views


async def to_out(session: AsyncSession, problems: list[Problem]) -> list[ProblemOut]:
    """Views of many problems with a fixed number of queries."""
    ids = [p.id for p in problems]
    co = await repo.co_units(session, ids)
    refs = await directory_repo.projects(session, {p.project_id for p in problems})
    day = today()
    ladders = {region: await ladder_policy(session, region, day) for region in {p.region_code for p in problems}}
    out = []
    for p in problems:
        ref = refs.get(p.project_id)
        data = {c: getattr(p, c) for c in ProblemOut.model_fields if hasattr(p, c)}
        data.update(
            level_name=ladders[p.region_code].name_of(p.level),
            co_unit_ids=co.get(p.id, []),
            project_code=ref.code if ref else "",
            project_name=ref.name if ref else "",
            answer_overdue=p.answer_overdue_on is not None or _answer_late(p, today()),
        )
        out.append(ProblemOut.model_validate(data))
    return out
