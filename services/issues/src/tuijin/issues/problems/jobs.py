"""The ladder's timers (run now: POST /api/v1/admin/issues/jobs/problem-timers/run): a problem not solved
by its deadline goes up a level, an answer not given in time is marked overdue. Safe to run twice and on
several replicas: every change is a conditional UPDATE (``WHERE level = old AND version = n``), so a
problem another run has already moved is left alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.policies.values import LadderPolicy
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ProblemAction, ProblemLevel
from tuijin.issues.problems.ladder import change_level, flag_answer_overdue, flag_deadline_overdue, ladder_policy
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.steps import JOB_ACTOR
from tuijin.kernel.calendar import RegionalCalendars
from tuijin.kernel.clock import today
from tuijin.kernel.jobs import Job


async def sweep(session: AsyncSession, calendars: RegionalCalendars, day: date | None = None) -> dict[str, int]:
    """Escalate every open problem past its deadline to its region's next level (a region whose ladder leaves a
    level out skips it; at leadership, mark the deadline overdue), and
    mark every answer past its due day overdue, each on its region's working calendar. Returns the counts of what
    this run changed."""
    day = day or today()
    counts = {"escalated": 0, "deadlines_overdue": 0, "answers_overdue": 0}
    policies: dict[str, LadderPolicy] = {}
    for problem in await repo.past_deadline(session, day):
        if problem.region_code not in policies:
            policies[problem.region_code] = await ladder_policy(session, problem.region_code, day)
        policy = policies[problem.region_code]
        target = policy.next_level(problem.level)
        if target is None:
            counts["deadlines_overdue"] += await flag_deadline_overdue(session, problem, day, JOB_ACTOR)
            continue
        counts["escalated"] += await _auto_escalate(session, problem, target, day, calendars, policy)
    for problem in await repo.answers_past_due(session, day):
        counts["answers_overdue"] += await flag_answer_overdue(session, problem, day, JOB_ACTOR)
    await session.flush()
    return counts


async def _auto_escalate(
    session: AsyncSession,
    problem: Problem,
    target: ProblemLevel,
    day: date,
    calendars: RegionalCalendars,
    policy: LadderPolicy,
) -> bool:
    """Up to ``target`` with the missed deadline as the reason, each level by the region's name of it (unless another
    run or a person moved it first)."""
    missed = problem.deadline.isoformat() if problem.deadline else None
    reason = f"{policy.name_of(problem.level)}解决期限{missed or ''}已过仍未解决，自动提交{policy.name_of(target)}"
    return await change_level(
        session, problem, target, ProblemAction.auto_escalate, JOB_ACTOR, day, calendars.of(problem.region_code),
        policy, reason=reason, details={"missed_deadline": missed}, claim=True,
    )


async def timers_job(app: Any) -> dict[str, Any]:
    """Background job: the ladder's timers."""
    async with app.state.sessionmaker() as session, session.begin():
        return await sweep(session, await app.state.calendar.regional(session))


JOBS = [Job("problem-timers", timers_job, 600.0, "escalate problems past their deadline; mark overdue answers")]
