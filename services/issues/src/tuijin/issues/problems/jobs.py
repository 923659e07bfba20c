"""The ladder's timers (run now: POST /api/v1/admin/issues/jobs/problem-timers/run): a problem not solved
by its deadline goes up a level, an answer not given in time is marked overdue. Safe to run twice and on
several replicas: every change is a conditional UPDATE (``WHERE level = old AND version = n``), so a
problem another run has already moved is left alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from tuijin.issues.outbox import emit
from tuijin.issues.policies.rules import LadderPolicy
from tuijin.issues.problems.enums import OPEN_STATUSES, ProblemAction, ProblemLevel, ProblemStatus, next_level
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.service import (
    JOB_ACTOR,
    event_payload,
    flag_answer_overdue,
    ladder_policy,
    level_deadline,
    record,
)
from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.jobs import Job


async def sweep(session: AsyncSession, calendars: RegionalCalendars, day: date | None = None) -> dict[str, int]:
    """Escalate every open problem past its deadline one level (at leadership, mark the deadline overdue), and
    mark every answer past its due day overdue, each on its region's working calendar. Returns the counts of what
    this run changed."""
    day = day or today()
    counts = {"escalated": 0, "deadlines_overdue": 0, "answers_overdue": 0}
    policies: dict[str, LadderPolicy] = {}
    due = await session.scalars(
        select(Problem)
        .where(Problem.status.in_(OPEN_STATUSES), Problem.deadline < day)
        .order_by(Problem.raised_at, Problem.id)
    )
    for problem in due.all():
        target = next_level(problem.level)
        if target is None:
            counts["deadlines_overdue"] += await _flag_deadline_overdue(session, problem, day)
            continue
        if problem.region_code not in policies:
            policies[problem.region_code] = await ladder_policy(session, problem.region_code, day)
        counts["escalated"] += await _auto_escalate(session, problem, target, day,
                                                    calendars.of(problem.region_code), policies[problem.region_code])
    late = await session.scalars(
        select(Problem)
        .where(
            Problem.status == ProblemStatus.awaiting_answer.value,
            Problem.answer_due_on < day,
            Problem.answer_overdue_on.is_(None),
        )
        .order_by(Problem.raised_at, Problem.id)
    )
    for problem in late.all():
        counts["answers_overdue"] += await flag_answer_overdue(session, problem, day, JOB_ACTOR)
    await session.flush()
    return counts


async def _auto_escalate(
    session: AsyncSession,
    problem: Problem,
    target: ProblemLevel,
    day: date,
    cal: WorkingCalendar,
    policy: LadderPolicy,
) -> int:
    from_level, since, missed = problem.level, problem.level_since, problem.deadline
    new_deadline = level_deadline(policy, target, day, cal)
    values: dict[str, Any] = {
        "level": target.value,
        "level_since": day,
        "deadline": new_deadline,
        "deadline_overdue_on": None,
        "version": problem.version + 1,
    }
    result = await session.execute(
        update(Problem)
        .where(
            Problem.id == problem.id,
            Problem.level == from_level,
            Problem.version == problem.version,
            Problem.status.in_(OPEN_STATUSES),
        )
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return 0  # another run (or a person) moved it first
    for key, value in values.items():
        set_committed_value(problem, key, value)
    label = ProblemLevel(from_level).label
    reason = f"{label}解决期限{missed.isoformat() if missed else ''}已过仍未解决，自动提交{target.label}"
    record(
        session,
        problem,
        ProblemAction.auto_escalate,
        JOB_ACTOR,
        on=day,
        from_status=problem.status,
        from_level=from_level,
        reason=reason,
        deadline=new_deadline,
        days_at_level=cal.working_days_between(since, day),
        details={"missed_deadline": missed.isoformat() if missed else None},
    )
    await emit(
        session,
        "problem.escalated",
        event_payload(problem, from_level=from_level, reason=reason, source=JOB_ACTOR.source.value),
        problem.region_code,
    )
    return 1


async def _flag_deadline_overdue(session: AsyncSession, problem: Problem, day: date) -> int:
    """At the last level nothing is above: the passed deadline is marked once and announced."""
    if problem.deadline_overdue_on is not None:
        return 0
    result = await session.execute(
        update(Problem)
        .where(Problem.id == problem.id, Problem.deadline_overdue_on.is_(None), Problem.deadline == problem.deadline)
        .values(deadline_overdue_on=day)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return 0
    set_committed_value(problem, "deadline_overdue_on", day)
    record(
        session,
        problem,
        ProblemAction.deadline_overdue,
        JOB_ACTOR,
        on=day,
        from_status=problem.status,
        from_level=problem.level,
        deadline=problem.deadline,
    )
    await emit(
        session,
        "problem.overdue",
        event_payload(problem, kind="deadline", due_on=problem.deadline.isoformat()),
        problem.region_code,
    )
    return 1


async def timers_job(app: Any) -> dict[str, Any]:
    """Background job: the ladder's timers."""
    async with app.state.sessionmaker() as session, session.begin():
        return await sweep(session, await app.state.calendar.regional(session))


JOBS = [Job("problem-timers", timers_job, 600.0, "escalate problems past their deadline; mark overdue answers")]
