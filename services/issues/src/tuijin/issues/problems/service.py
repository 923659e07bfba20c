"""Rules of the problem ledger: raising a problem, the steps a problem may take from each state, the
ladder with its working-day timers, and the timeline every step leaves. Services never commit: the
request's unit of work (or the job's transaction) does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.directory.models import ProjectRef
from tuijin.issues.outbox import emit
from tuijin.issues.policies.rules import LadderPolicy
from tuijin.issues.policies.service import load_policy
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import (
    LADDER,
    OPEN_STATUSES,
    ActionSource,
    ProblemAction,
    ProblemLevel,
    ProblemStatus,
    level_rank,
    next_level,
)
from tuijin.issues.problems.models import Problem, ProblemCoUnit, ProblemEvent
from tuijin.issues.problems.schemas import (
    AnswerIn,
    AssignIn,
    DocumentsRequestIn,
    ProblemCreate,
    ProblemOut,
    ResolveIn,
    SendDownIn,
)
from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import Conflict, Unprocessable, invalid_field


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a person (by token subject and unit), a background job or a meeting's minutes."""

    sub: str
    source: ActionSource = ActionSource.user
    unit_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(sub=principal.sub, unit_id=principal.unit_id)


JOB_ACTOR = Actor(sub="job:problem-timers", source=ActionSource.job)

# action → statuses it may be taken from; anything else is refused and the timeline stays as it was
ALLOWED_FROM: dict[ProblemAction, frozenset[str]] = {
    ProblemAction.assign: OPEN_STATUSES,
    ProblemAction.answer: frozenset({ProblemStatus.awaiting_answer}),
    ProblemAction.request_documents: frozenset({ProblemStatus.awaiting_answer}),
    ProblemAction.supply_documents: frozenset({ProblemStatus.awaiting_documents}),
    ProblemAction.resolve: OPEN_STATUSES,
    ProblemAction.close: frozenset({ProblemStatus.resolved}),
    ProblemAction.reopen: frozenset({ProblemStatus.resolved, ProblemStatus.closed}),
    ProblemAction.escalate: OPEN_STATUSES,
    ProblemAction.send_down: OPEN_STATUSES,
}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _answer_late(problem: Problem, day: date) -> bool:
    due = problem.answer_due_on
    return problem.status == ProblemStatus.awaiting_answer and due is not None and day > due


def ensure_allowed(problem: Problem, action: ProblemAction) -> None:
    """Refuse a step the problem's state does not allow (422 ``transition_not_allowed``)."""
    allowed = ALLOWED_FROM[action]
    if problem.status not in allowed:
        status = ProblemStatus(problem.status)
        message = (
            f"A problem that is {status.value} ({status.label}) cannot take the step {action.value} "
            f"({action.label}); allowed from: {', '.join(sorted(allowed))}."
        )
        raise Unprocessable(
            message,
            code="transition_not_allowed",
            errors=[{"field": "status", "message": message, "type": "transition_not_allowed"}],
            current_status=status.value,
        )


async def ladder_policy(session: AsyncSession, region_code: str, day: date) -> LadderPolicy:
    return await load_policy(session, region_code, day.year, LadderPolicy)


def level_deadline(policy: LadderPolicy, level: ProblemLevel | str, start: date, cal: WorkingCalendar) -> date | None:
    """The day a problem reaching ``level`` on ``start`` must be solved by (None: no rule, e.g. leadership)."""
    days = policy.working_days_at(level)
    return cal.add_working_days(start, days) if days else None


def event_payload(problem: Problem, **extra: Any) -> dict[str, Any]:
    return {
        "problem_id": str(problem.id),
        "project_id": str(problem.project_id),
        "region_code": problem.region_code,
        "system_id": str(problem.system_id) if problem.system_id else None,
        "level": problem.level,
        "status": problem.status,
        "category": problem.category,
        "unit_id": str(problem.responsible_unit_id),
        "deadline": problem.deadline.isoformat() if problem.deadline else None,
        **extra,
    }


def record(
    session: AsyncSession,
    problem: Problem,
    action: ProblemAction,
    actor: Actor,
    *,
    on: date,
    from_status: str | None,
    from_level: str | None,
    reason: str = "",
    deadline: date | None = None,
    late: bool = False,
    days_at_level: int | None = None,
    days_open: int | None = None,
    details: dict[str, Any] | None = None,
) -> ProblemEvent:
    """Append a step to the timeline (the problem's state after the step is read from ``problem``)."""
    event = ProblemEvent(
        problem_id=problem.id,
        region_code=problem.region_code,
        project_id=problem.project_id,
        action=action.value,
        source=actor.source.value,
        actor=actor.sub,
        actor_unit_id=actor.unit_id,
        at=utcnow(),
        occurred_on=on,
        reason=reason,
        from_status=from_status,
        to_status=problem.status,
        from_level=from_level,
        to_level=problem.level,
        unit_id=problem.responsible_unit_id,
        deadline=deadline,
        late=late,
        days_at_level=days_at_level,
        days_open=days_open,
        meeting_id=actor.meeting_id,
        details=details or {},
    )
    session.add(event)
    return event


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise Conflict("The problem changed meanwhile; reload it and try again.", code="problem_changed") from exc


def _check_deadline(deadline: date | None, day: date, field: str = "body.deadline") -> None:
    if deadline is not None and deadline < day:
        raise invalid_field(field, "The deadline is in the past.", "deadline_in_past")


async def _replace_co_units(session: AsyncSession, problem: Problem, unit_ids: list[uuid.UUID]) -> None:
    await session.execute(delete(ProblemCoUnit).where(ProblemCoUnit.problem_id == problem.id))
    for unit_id in dict.fromkeys(unit_ids):
        if unit_id != problem.responsible_unit_id:
            session.add(ProblemCoUnit(problem_id=problem.id, unit_id=unit_id))


# ---------------------------------------------------------------- raise


async def raise_problem(
    session: AsyncSession, ref: ProjectRef, body: ProblemCreate, actor: Actor, cal: WorkingCalendar
) -> Problem:
    """Put a problem on the ledger: the responsible unit is asked at once, its answer due within the region's
    answer timer, the problem due at its level by the level's rule (both in working days)."""
    day = today()
    _check_deadline(body.deadline, day)
    responsible = body.responsible_unit_id or ref.responsible_unit_id
    if responsible is None:
        raise invalid_field("body.responsible_unit_id", "The project has no responsible unit; name one.", "required")
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
        status=ProblemStatus.awaiting_answer.value,
        answer_due_on=cal.add_working_days(day, policy.answer_working_days),
        documents_due_on=cal.add_working_days(day, policy.documents_working_days),
    )
    session.add(problem)
    await session.flush()
    await _replace_co_units(session, problem, body.co_unit_ids)
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
        details={"answer_due_on": problem.answer_due_on.isoformat()},
    )
    await _flush(session)
    await emit(session, "problem.raised", event_payload(problem), problem.region_code)
    return problem


# ---------------------------------------------------------------- steps


async def flag_answer_overdue(session: AsyncSession, problem: Problem, day: date, actor: Actor) -> bool:
    """Mark the answer late once (a conditional update: a job and a late answer never both mark it) and say so on
    the timeline and to the subscribers. The version stays: the flag does not stale a user's ETag."""
    result = await session.execute(
        update(Problem)
        .where(Problem.id == problem.id, Problem.answer_overdue_on.is_(None))
        .values(answer_overdue_on=day)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(problem, "answer_overdue_on", day)
    record(
        session,
        problem,
        ProblemAction.answer_overdue,
        actor,
        on=day,
        from_status=problem.status,
        from_level=problem.level,
        deadline=problem.answer_due_on,
        details={"answer_due_on": problem.answer_due_on.isoformat() if problem.answer_due_on else None},
    )
    await emit(
        session,
        "problem.overdue",
        event_payload(problem, kind="answer", due_on=_iso(problem.answer_due_on)),
        problem.region_code,
    )
    return True


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
        _check_deadline(body.deadline, day)
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    problem.responsible_unit_id = body.unit_id
    problem.status = ProblemStatus.awaiting_answer.value
    problem.answer_due_on = cal.add_working_days(day, policy.answer_working_days)
    problem.documents_due_on = cal.add_working_days(day, policy.documents_working_days)
    problem.documents_requested = False
    problem.answer_overdue_on = None
    problem.answer = ""
    problem.answered_at = None
    problem.deadline = body.deadline or level_deadline(policy, problem.level, day, cal)
    problem.deadline_overdue_on = None
    if body.co_unit_ids is not None:
        await _replace_co_units(session, problem, body.co_unit_ids)
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
    await _flush(session)
    await emit(
        session,
        "problem.assigned",
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
    await _flush(session)
    return problem


async def request_documents(session: AsyncSession, problem: Problem, body: DocumentsRequestIn, actor: Actor) -> Problem:
    """The asked unit lists every missing document at once (一次性告知); a second list for the same request is
    refused. The answer timer waits until the documents are supplied."""
    ensure_allowed(problem, ProblemAction.request_documents)
    if problem.documents_requested:
        raise invalid_field(
            "body.documents",
            "Missing documents are listed all at once: they were already listed for this request.",
            "documents_already_requested",
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
    await _flush(session)
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
    await _flush(session)
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
    await _flush(session)
    extra = {"meeting_id": str(meeting_id) if meeting_id else None, "resolution": body.resolution}
    await emit(session, "problem.resolved", event_payload(problem, **extra), problem.region_code)
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
    await _flush(session)
    await emit(session, "problem.closed", event_payload(problem, days_open=days_open), problem.region_code)
    return problem


async def reopen(session: AsyncSession, problem: Problem, reason: str, actor: Actor, cal: WorkingCalendar) -> Problem:
    """Not solved after all: the responsible unit is asked again and the level's timer starts again."""
    ensure_allowed(problem, ProblemAction.reopen)
    day = today()
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    problem.status = ProblemStatus.awaiting_answer.value
    problem.answer_due_on = cal.add_working_days(day, policy.answer_working_days)
    problem.documents_due_on = cal.add_working_days(day, policy.documents_working_days)
    problem.documents_requested = False
    problem.answer_overdue_on = None
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
    await _flush(session)
    await emit(session, "problem.reopened", event_payload(problem, reason=reason), problem.region_code)
    return problem


async def escalate(session: AsyncSession, problem: Problem, reason: str, actor: Actor, cal: WorkingCalendar) -> Problem:
    """Send the problem up one level by hand (with the reason); leadership is the last level."""
    ensure_allowed(problem, ProblemAction.escalate)
    target = next_level(problem.level)
    if target is None:
        raise Unprocessable(
            "The problem is already at leadership, the last level of the ladder.",
            code="already_at_top_level",
            errors=[{"field": "level", "message": "no level above leadership", "type": "already_at_top_level"}],
        )
    day = today()
    policy = await ladder_policy(session, problem.region_code, day)
    await _change_level(session, problem, target, ProblemAction.escalate, actor, day, cal, policy, reason=reason)
    return problem


async def send_down(
    session: AsyncSession, problem: Problem, body: SendDownIn, actor: Actor, cal: WorkingCalendar
) -> Problem:
    """Send the problem back down to a lower level, to be solved there by the deadline (else it comes back up)."""
    ensure_allowed(problem, ProblemAction.send_down)
    day = today()
    _check_deadline(body.deadline, day)
    rank = level_rank(problem.level)
    target = body.to_level or (LADDER[rank - 1] if rank > 0 else None)
    if target is None or level_rank(target) >= rank:
        raise invalid_field("body.to_level", "The problem can only be sent down to a lower level.", "not_a_lower_level")
    policy = await ladder_policy(session, problem.region_code, day)
    before = problem.status
    if body.unit_id is not None and body.unit_id != problem.responsible_unit_id:
        problem.responsible_unit_id = body.unit_id
        problem.status = ProblemStatus.awaiting_answer.value
        problem.answer_due_on = cal.add_working_days(day, policy.answer_working_days)
        problem.documents_due_on = cal.add_working_days(day, policy.documents_working_days)
        problem.documents_requested = False
        problem.answer_overdue_on = None
    await _change_level(
        session,
        problem,
        target,
        ProblemAction.send_down,
        actor,
        day,
        cal,
        policy,
        reason=body.reason,
        deadline=body.deadline,
        before_status=before,
    )
    return problem


async def _change_level(
    session: AsyncSession,
    problem: Problem,
    target: ProblemLevel,
    action: ProblemAction,
    actor: Actor,
    day: date,
    cal: WorkingCalendar,
    policy: LadderPolicy,
    *,
    reason: str,
    deadline: date | None = None,
    before_status: str | None = None,
) -> None:
    from_level = problem.level
    days_at_level = cal.working_days_between(problem.level_since, day)
    problem.level = target.value
    problem.level_since = day
    problem.deadline = deadline or level_deadline(policy, target, day, cal)
    problem.deadline_overdue_on = None
    record(
        session,
        problem,
        action,
        actor,
        on=day,
        from_status=before_status or problem.status,
        from_level=from_level,
        reason=reason,
        deadline=problem.deadline,
        days_at_level=days_at_level,
    )
    await _flush(session)
    event = "problem.escalated" if level_rank(target) > level_rank(from_level) else "problem.sent_down"
    await emit(
        session,
        event,
        event_payload(problem, from_level=from_level, reason=reason, source=actor.source.value),
        problem.region_code,
    )


# ---------------------------------------------------------------- views


async def to_out(session: AsyncSession, problems: list[Problem]) -> list[ProblemOut]:
    """Views of many problems with a fixed number of queries."""
    ids = [p.id for p in problems]
    co = await repo.co_units(session, ids)
    refs = await repo.project_refs(session, [p.project_id for p in problems])
    out = []
    for p in problems:
        ref = refs.get(p.project_id)
        data = {c: getattr(p, c) for c in ProblemOut.model_fields if hasattr(p, c)}
        data.update(
            co_unit_ids=co.get(p.id, []),
            project_code=ref.code if ref else "",
            project_name=ref.name if ref else "",
            answer_overdue=p.answer_overdue_on is not None or _answer_late(p, today()),
        )
        out.append(ProblemOut.model_validate(data))
    return out
