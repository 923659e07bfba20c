"""Applying a meeting's published minutes (会议纪要) to the problems it decided on: solved → resolved citing
the meeting; assigned → assigned to the unit with the deadline; escalated → the next level. Each decision is
applied exactly once (the kernel's inbox drops a repeated event; ``meeting_decisions`` drops a decision
already applied, e.g. when corrected minutes are published again)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.problems import ladder, service
from tuijin.issues.problems import repository as repo
from tuijin.issues.problems.enums import ActionSource
from tuijin.issues.problems.models import MeetingDecision, Problem
from tuijin.issues.problems.schemas import AssignIn, ResolveIn
from tuijin.issues.problems.steps import Actor
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import is_postgres
from tuijin.kernel.errors import Unprocessable

log = structlog.get_logger("tuijin.issues.minutes")

OUTCOMES = ("solved", "assigned", "escalated")


async def apply_minutes(session: AsyncSession, payload: dict[str, Any], state: Any) -> dict[str, int]:
    """Apply every decision of one "minutes.published" payload; returns how many were applied and skipped."""
    meeting_id = uuid.UUID(str(payload["meeting_id"]))
    region = str(payload["region_code"])
    label = f"{payload.get('meeting_type') or '会议'}（{payload.get('held_on') or ''}）纪要"
    actor = Actor(sub=f"meeting:{meeting_id}", source=ActionSource.meeting, meeting_id=meeting_id)
    cal = await state.calendar.get(session, region)
    counts = {"applied": 0, "skipped": 0, "already_applied": 0}
    for decision in payload.get("decisions") or []:
        try:
            problem_id = uuid.UUID(str(decision.get("problem_id")))
        except ValueError:
            log.warning("minutes_decision_without_problem", meeting_id=str(meeting_id), decision=decision)
            counts["skipped"] += 1
            continue
        if await repo.decision_applied(session, meeting_id, problem_id):
            counts["already_applied"] += 1
            continue
        outcome = str(decision.get("outcome") or "")
        note = str(decision.get("note") or "")
        problem = await repo.decided_problem(session, problem_id, lock=is_postgres(session))
        applied, why = False, ""
        if problem is None or problem.region_code != region:
            why = "no such problem in the meeting's region"
        elif outcome not in OUTCOMES:
            why = f"unknown outcome {outcome!r}"
        else:
            try:
                await _apply(session, problem, outcome, decision, f"{label}：{note}" if note else label, actor, cal)
                applied = True
            except Unprocessable as exc:  # the step is not allowed any more (e.g. closed meanwhile)
                why = exc.detail or exc.code
            except ValueError as exc:  # a malformed unit id or deadline in the decision
                why = f"malformed decision: {exc}"[:500]
        if not applied:
            log.warning("minutes_decision_skipped", meeting_id=str(meeting_id), problem_id=str(problem_id), why=why)
        session.add(
            MeetingDecision(
                meeting_id=meeting_id,
                problem_id=problem_id,
                outcome=outcome[:16],
                applied=applied,
                note=(note if applied else why)[:2000],
                received_at=utcnow(),
            )
        )
        await session.flush()
        counts["applied" if applied else "skipped"] += 1
    return counts


async def _apply(
    session: AsyncSession,
    problem: Problem,
    outcome: str,
    decision: dict[str, Any],
    reason: str,
    actor: Actor,
    cal: WorkingCalendar,
) -> None:
    if outcome == "solved":
        await service.resolve(session, problem, ResolveIn(resolution=reason[:5000], meeting_id=actor.meeting_id), actor)
    elif outcome == "assigned":
        unit = decision.get("unit_id")
        deadline = decision.get("deadline")
        body = AssignIn(
            unit_id=uuid.UUID(str(unit)) if unit else problem.responsible_unit_id,
            deadline=date.fromisoformat(deadline) if deadline else None,
            reason=reason[:2000],
        )
        await service.assign(session, problem, body, actor, cal, past_deadline_ok=True)
    else:
        await ladder.escalate(session, problem, reason, actor, cal)
