"""A step on a problem: who takes it (:class:`Actor`), the states it may be taken from, the timeline entry it
leaves and the payload of the event it announces. Shared by the steps people take
(:mod:`~tuijin.issues.problems.service`), the ladder (:mod:`~tuijin.issues.problems.ladder`), the timer job,
meetings' minutes and letters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.problems.enums import OPEN_STATUSES, ActionSource, ProblemAction, ProblemStatus
from tuijin.issues.problems.errors import DeadlineInPast, ProblemChanged, StepNotAllowed
from tuijin.issues.problems.models import Problem, ProblemEvent
from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow


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


def ensure_allowed(problem: Problem, action: ProblemAction) -> None:
    """Refuse a step the problem's state does not allow (422 ``transition_not_allowed``)."""
    allowed = ALLOWED_FROM[action]
    if problem.status not in allowed:
        raise StepNotAllowed(ProblemStatus(problem.status), action, allowed)


def check_deadline(deadline: date | None, day: date, field: str = "body.deadline") -> None:
    """A deadline set by hand is today or later (422 ``deadline_in_past``)."""
    if deadline is not None and deadline < day:
        raise DeadlineInPast("The deadline is in the past.", field=field)


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


async def flush_step(session: AsyncSession) -> None:
    """Write the step; a concurrent step that moved the problem's version first is a 409 ``problem_changed``."""
    try:
        await session.flush()
    except StaleDataError as exc:
        raise ProblemChanged("The problem changed meanwhile; reload it and try again.") from exc
