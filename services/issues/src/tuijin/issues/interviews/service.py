"""Rules of interviews (约谈): recording one, and proposing candidates — projects not started by their planned start
(应开未开), started but not moving, moving slowly, or with problems long unsolved (栾川: 开而未动、动而迟缓、
问题久拖未决), or criticised in the latest published ranking (清水: the bottom three are criticised and their
leaders interviewed), by the region's thresholds."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as directory_repo
from tuijin.issues.interviews import repository as repo
from tuijin.issues.interviews.enums import InterviewReason
from tuijin.issues.interviews.models import Interview, RankingStanding
from tuijin.issues.interviews.schemas import InterviewCandidate, InterviewCreate, UnsolvedProblem
from tuijin.issues.policies.service import load_policy
from tuijin.issues.policies.values import InterviewThresholds
from tuijin.issues.problems.enums import ProblemLevel
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import business_date, utcnow


async def record(
    session: AsyncSession,
    body: InterviewCreate,
    *,
    project_code: str,
    project_name: str,
    unit_name: str,
    recorded_by: str,
    recorder_name: str = "",
    recorder_post: str = "",
) -> Interview:
    interview = Interview(
        region_code=body.region_code,
        project_id=body.project_id,
        project_code=project_code,
        project_name=project_name,
        interviewee_kind=body.interviewee_kind.value,
        interviewee_name=body.interviewee_name,
        interviewee_title=body.interviewee_title,
        unit_id=body.unit_id,
        unit_name=unit_name,
        reasons=[r.value for r in body.reasons],
        held_on=body.held_on,
        location=body.location,
        interviewer=body.interviewer,
        summary=body.summary,
        commitments=body.commitments,
        rectification_due_on=body.rectification_due_on,
        problem_ids=[str(p) for p in body.problem_ids],
        recorded_by=recorded_by,
        recorder_name=recorder_name,
        recorder_post=recorder_post,
        recorded_at=utcnow(),
    )
    session.add(interview)
    await session.flush()
    return interview


async def candidates(
    session: AsyncSession, region_code: str, on: date, cal: WorkingCalendar
) -> list[InterviewCandidate]:
    """Projects that meet one of the region's interview thresholds on ``on``, most reasons first."""
    policy = await load_policy(session, region_code, on.year, InterviewThresholds)
    reasons: dict[uuid.UUID, set[InterviewReason]] = defaultdict(set)
    lights: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)
    for light in await directory_repo.lights(session, region_code):
        lights[light.project_id][light.kind] = light.colour
    for pid, own in lights.items():
        start, progress = own.get("start", "green"), own.get("progress")
        if start != "green":  # not started by its planned start: judged by the start light alone
            if start in policy.slow_start_colours:
                reasons[pid].add(InterviewReason.not_started_on_time)
        elif progress in policy.not_moving_progress_colours:
            reasons[pid].add(InterviewReason.started_not_moving)
        elif progress in policy.slow_progress_colours:
            reasons[pid].add(InterviewReason.moving_slowly)
    unsolved: dict[uuid.UUID, list[UnsolvedProblem]] = defaultdict(list)
    problems = await repo.open_problems_older_than(
        session, region_code, on, policy.unsolved_working_days, leadership=policy.leadership_level_counts
    )
    for p in problems:
        days = cal.working_days_between(p.raised_on, on)
        at_top = policy.leadership_level_counts and p.level == ProblemLevel.leadership
        if days > policy.unsolved_working_days or at_top:
            unsolved[p.project_id].append(
                UnsolvedProblem(problem_id=p.id, level=p.level, raised_on=p.raised_on, open_working_days=days)
            )
            reasons[p.project_id].add(InterviewReason.problems_long_unsolved)
    since = on - timedelta(days=policy.ranked_last_within_days)
    for standing in await repo.criticised_projects(session, region_code, since, on):
        reasons[standing.subject_id].add(InterviewReason.ranked_last)
    wanted = set(policy.reasons)
    chosen = {pid: rs & wanted for pid, rs in reasons.items() if rs & wanted}
    refs = await directory_repo.projects(session, set(chosen))
    last = await repo.last_interviews(session, set(chosen))
    out = []
    for pid, rs in chosen.items():
        ref = refs.get(pid)
        out.append(
            InterviewCandidate(
                project_id=pid,
                project_code=ref.code if ref else "",
                project_name=ref.name if ref else "",
                stage=ref.stage if ref else "",
                responsible_unit_id=ref.responsible_unit_id if ref else None,
                leader_post_id=ref.leader_post_id if ref else None,
                reasons=[r for r in InterviewReason if r in rs],
                lights=lights.get(pid, {}),
                unsolved_problems=unsolved.get(pid, []),
                last_interview_on=last.get(pid),
            )
        )
    out.sort(key=lambda c: (-len(c.reasons), c.project_code, str(c.project_id)))
    return out


async def store_ranking(session: AsyncSession, payload: dict[str, Any]) -> None:
    """scoring → ``ranking.published``: keep the criticism list of the scheme's latest publication (an older
    publication of the same scheme is replaced; one published earlier than the kept one changes nothing)."""
    published_at = datetime.fromisoformat(payload["published_at"])
    published_on = business_date(published_at)
    scheme_id = uuid.UUID(str(payload["scheme_id"]))
    kept = await repo.latest_standing_day(session, scheme_id)
    if kept is not None and kept > published_on:
        return
    await repo.forget_standings(session, scheme_id)
    for e in payload.get("criticism", []):
        session.add(RankingStanding(
            run_id=uuid.UUID(str(payload["run_id"])), subject_id=uuid.UUID(str(e["subject_id"])),
            scheme_id=scheme_id, scheme_name=str(payload.get("scheme_name", ""))[:100],
            region_code=payload["region_code"], subject_kind=payload["subject_kind"],
            subject_name=str(e.get("subject_name", ""))[:200], period=payload["period"], rank=int(e["rank"]),
            total=str(e["total"]), published_on=published_on,
        ))
    await session.flush()
