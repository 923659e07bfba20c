"""The escalation ladder and its working-day timers: the deadline at each level, asking a unit (again) with its
answer and documents timers, moving a problem up or down a level (by hand, by a meeting's minutes or by the
timer job) and marking what is overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from tuijin.issues.events import PROBLEM_ESCALATED, PROBLEM_OVERDUE, PROBLEM_SENT_DOWN, emit
from tuijin.issues.policies.service import load_policy
from tuijin.issues.policies.values import LadderPolicy
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ProblemAction, ProblemLevel, ProblemStatus, level_rank
from tuijin.issues.problems.errors import AlreadyAtTopLevel, LevelNotInLadder, NotALowerLevel
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.schemas import SendDownIn
from tuijin.issues.problems.steps import (
    Actor,
    check_deadline,
    ensure_allowed,
    event_payload,
    flush_step,
    record,
)
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


async def ladder_policy(session: AsyncSession, region_code: str, day: date) -> LadderPolicy:
    return await load_policy(session, region_code, day.year, LadderPolicy)


def ensure_in_ladder(policy: LadderPolicy, level: ProblemLevel | str, field: str) -> None:
    """A problem only ever moves to (or starts at) a level of the region's ladder."""
    if not policy.has(level):
        names = " → ".join(r.name for r in policy.levels)
        raise LevelNotInLadder(f"The region's ladder has no level {ProblemLevel(level).value} ({names}).", field=field)


def level_deadline(policy: LadderPolicy, level: ProblemLevel | str, start: date, cal: WorkingCalendar) -> date | None:
    """The day a problem reaching ``level`` on ``start`` must be solved by (None: no rule, e.g. leadership)."""
    days = policy.working_days_at(level)
    return cal.add_working_days(start, days) if days else None


def ask_unit(problem: Problem, day: date, policy: LadderPolicy, cal: WorkingCalendar) -> None:
    """The responsible unit is asked (again) from ``day``: its answer is due within the answer timer, missing
    documents within the documents timer, none listed yet and nothing overdue (assigning, reopening and sending
    down to another unit all start here)."""
    problem.status = ProblemStatus.awaiting_answer.value
    problem.answer_due_on = cal.add_working_days(day, policy.answer_working_days)
    problem.documents_due_on = cal.add_working_days(day, policy.documents_working_days)
    problem.documents_requested = False
    problem.answer_overdue_on = None


async def flag_answer_overdue(session: AsyncSession, problem: Problem, day: date, actor: Actor) -> bool:
    """Mark the answer late once (a conditional update: a job and a late answer never both mark it) and say so on
    the timeline and in an event. The version stays: the flag does not stale a user's ETag."""
    if not await repo.mark_answer_overdue(session, problem.id, day):
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
        details={"answer_due_on": _iso(problem.answer_due_on)},
    )
    payload = event_payload(problem, kind="answer", due_on=_iso(problem.answer_due_on))
    await emit(session, PROBLEM_OVERDUE, payload, problem.region_code)
    return True


async def flag_deadline_overdue(session: AsyncSession, problem: Problem, day: date, actor: Actor) -> bool:
    """At the last level nothing is above: the passed deadline is marked once and announced."""
    if problem.deadline_overdue_on is not None or problem.deadline is None:
        return False
    if not await repo.mark_deadline_overdue(session, problem.id, problem.deadline, day):
        return False
    set_committed_value(problem, "deadline_overdue_on", day)
    record(
        session,
        problem,
        ProblemAction.deadline_overdue,
        actor,
        on=day,
        from_status=problem.status,
        from_level=problem.level,
        deadline=problem.deadline,
    )
    payload = event_payload(problem, kind="deadline", due_on=problem.deadline.isoformat())
    await emit(session, PROBLEM_OVERDUE, payload, problem.region_code)
    return True


async def change_level(
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
    details: dict[str, Any] | None = None,
    claim: bool = False,
) -> bool:
    """Move the problem to ``target`` from ``day`` (its deadline: ``deadline`` or the level's rule), record the
    step with the working days spent at the level it leaves, and announce it (``problem.escalated`` up,
    ``problem.sent_down`` down). With ``claim`` (the timer job, on several replicas) the move is one conditional
    UPDATE on the problem's level and version: False when another run or a person moved it first."""
    from_level = problem.level
    days_at_level = cal.working_days_between(problem.level_since, day)
    values: dict[str, Any] = {
        "level": target.value,
        "level_since": day,
        "deadline": deadline or level_deadline(policy, target, day, cal),
        "deadline_overdue_on": None,
    }
    if claim:
        if not await repo.claim_level_change(session, problem, values):
            return False
        for key, value in values.items():
            set_committed_value(problem, key, value)
    else:
        for key, value in values.items():
            setattr(problem, key, value)
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
        details=details,
    )
    await flush_step(session)
    event = PROBLEM_ESCALATED if level_rank(target) > level_rank(from_level) else PROBLEM_SENT_DOWN
    payload = event_payload(problem, from_level=from_level, reason=reason, source=actor.source.value)
    await emit(session, event, payload, problem.region_code)
    return True


async def escalate(session: AsyncSession, problem: Problem, reason: str, actor: Actor, cal: WorkingCalendar) -> Problem:
    """Send the problem up to the region's next level by hand (with the reason); leadership is the last level."""
    ensure_allowed(problem, ProblemAction.escalate)
    day = today()
    policy = await ladder_policy(session, problem.region_code, day)
    target = policy.next_level(problem.level)
    if target is None:
        raise AlreadyAtTopLevel("The problem is already at leadership, the last level of the ladder.", field="level")
    await change_level(session, problem, target, ProblemAction.escalate, actor, day, cal, policy, reason=reason)
    return problem


async def send_down(
    session: AsyncSession, problem: Problem, body: SendDownIn, actor: Actor, cal: WorkingCalendar
) -> Problem:
    """Send the problem back down to a lower level of the region's ladder (default: the one just below), to be
    solved there by the deadline (else it comes back up); sent to another unit, that unit is asked afresh."""
    ensure_allowed(problem, ProblemAction.send_down)
    day = today()
    check_deadline(body.deadline, day)
    rank = level_rank(problem.level)
    policy = await ladder_policy(session, problem.region_code, day)
    target = body.to_level or policy.lower_level(problem.level)
    if target is None or level_rank(target) >= rank:
        raise NotALowerLevel("The problem can only be sent down to a lower level.", field="body.to_level")
    ensure_in_ladder(policy, target, "body.to_level")
    before = problem.status
    if body.unit_id is not None and body.unit_id != problem.responsible_unit_id:
        problem.responsible_unit_id = body.unit_id
        ask_unit(problem, day, policy, cal)
    await change_level(
        session, problem, target, ProblemAction.send_down, actor, day, cal, policy,
        reason=body.reason, deadline=body.deadline, before_status=before,
    )
    return problem
