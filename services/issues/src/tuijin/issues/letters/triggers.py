"""Letters drawn by rules: an overdue answer to a problem (the highest step of the region's ladder of letters
reached), an overdue decided item from a meeting, a red light and an overdue progress report from the
registry (the configured grade, one higher for each earlier letter on the same subject this year)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as directory_repo
from tuijin.issues.directory.models import ProjectRef
from tuijin.issues.letters import repository as letter_repo
from tuijin.issues.letters.enums import GRADES, LetterGrade, LetterReason, LetterSource, LetterSubject, grade_at
from tuijin.issues.letters.models import Letter
from tuijin.issues.letters.service import LetterDraft, issue_once, letter_rules
from tuijin.issues.policies.values import LetterRules
from tuijin.issues.problems import repository as problem_repo
from tuijin.issues.problems.enums import ProblemCategory
from tuijin.issues.problems.models import Problem
from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import today

RULE_ACTOR = "rule:letters"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


async def _unit_name(state: Any, region_code: str, unit_id: uuid.UUID) -> str:
    names = await state.directory.unit_names(state.upstreams, region_code, {unit_id})
    return names.get(unit_id, "")


def _repeat(rules: LetterRules, start: LetterGrade, earlier: int) -> LetterGrade:
    return grade_at(start, earlier if rules.repeats_escalate else 0)


# ---------------------------------------------------------------- overdue answers (the sweep)


async def sweep_answer_letters(session: AsyncSession, state: Any, calendars: RegionalCalendars,
                               day: date | None = None) -> int:
    """For each problem whose answer is overdue (in working days of its region), the highest letter step reached,
    unless that grade (or a higher one) already went out for this request. Returns how many letters were
    issued."""
    day = day or today()
    issued = 0
    rules_of: dict[str, LetterRules] = {}
    for problem, ref in await problem_repo.awaiting_late_answers(session, day):
        if problem.region_code not in rules_of:
            rules_of[problem.region_code] = await letter_rules(session, problem.region_code, day)
        draft = await _answer_letter(session, state, problem, ref, rules_of[problem.region_code],
                                     calendars.of(problem.region_code), day)
        if draft is not None and await issue_once(session, draft, RULE_ACTOR, calendars.of(problem.region_code),
                                                  state.upstreams):
            issued += 1
    return issued


async def _answer_letter(
    session: AsyncSession,
    state: Any,
    problem: Problem,
    ref: ProjectRef | None,
    rules: LetterRules,
    cal: WorkingCalendar,
    day: date,
) -> LetterDraft | None:
    """The letter of the highest step the overdue answer reached, or None (no step yet, or already sent)."""
    overdue = cal.working_days_between(problem.answer_due_on, day)
    reached = [s for s in rules.answer_overdue_steps if s.overdue_working_days <= overdue]
    if not reached:
        return None
    step = reached[-1]
    base = f"problem:{problem.id}:answer:{problem.answer_due_on.isoformat()}"
    if await letter_repo.highest_grade_sent(session, base) >= GRADES.index(step.grade):
        return None
    name = ref.name if ref else ""
    code = ref.code if ref else ""
    category = ProblemCategory(problem.category).label
    return LetterDraft(
        region_code=problem.region_code,
        grade=step.grade,
        reason=LetterReason.answer_overdue,
        source=LetterSource.rule,
        subject_kind=LetterSubject.problem,
        unit_id=problem.responsible_unit_id,
        unit_name=await _unit_name(state, problem.region_code, problem.responsible_unit_id),
        problem_id=problem.id,
        project_id=problem.project_id,
        project_code=code,
        project_name=name,
        trigger_key=f"{base}:{step.grade.value}",
        title=f"关于督促答复{name}项目问题的{step.grade.label}",
        body=(
            f"{name}（{code}）反映的{category}问题：“{problem.description[:200]}”，已交由你单位办理，"
            f"答复期限为{_cn(problem.answer_due_on)}，截至{_cn(day)}已逾期{overdue}个工作日仍未答复。"
            "请高度重视，尽快明确解决思路和时限并书面答复。"
        ),
    )


async def sweep_job(app: Any) -> dict[str, Any]:
    """Background job: letters for overdue answers."""
    async with app.state.sessionmaker() as session, session.begin():
        return {"issued": await sweep_answer_letters(session, app.state, await app.state.calendar.regional(session))}


# ---------------------------------------------------------------- from other services' events


async def on_decided_item_overdue(session: AsyncSession, payload: dict[str, Any], state: Any) -> Letter | None:
    """An overdue decided item (议定事项) from the meetings service: a letter to the unit charged with it."""
    region = payload["region_code"]
    rules = await letter_rules(session, region)
    if rules.decided_item_grade is None or not payload.get("unit_id"):
        return None
    item_id = uuid.UUID(str(payload["decided_item_id"]))
    unit_id = uuid.UUID(str(payload["unit_id"]))
    due = str(payload.get("due_date") or "")
    earlier = await letter_repo.earlier_letters(
        session, region, today().year, reason=LetterReason.decided_item_overdue, decided_item_id=item_id
    )
    grade = _repeat(rules, rules.decided_item_grade, earlier)
    project_id = _uuid(payload.get("project_id"))
    ref = await directory_repo.project(session, project_id) if project_id else None
    title = str(payload.get("title") or "会议议定事项")
    due_text = _cn(date.fromisoformat(due)) if due else "规定时限"
    draft = LetterDraft(
        region_code=region,
        grade=grade,
        reason=LetterReason.decided_item_overdue,
        source=LetterSource.rule,
        subject_kind=LetterSubject.decided_item,
        unit_id=unit_id,
        unit_name=await _unit_name(state, region, unit_id),
        decided_item_id=item_id,
        meeting_id=_uuid(payload.get("meeting_id")),
        project_id=project_id,
        project_code=ref.code if ref else "",
        project_name=ref.name if ref else "",
        trigger_key=f"decided_item:{item_id}:{due}",
        title=f"关于督促落实会议议定事项的{grade.label}",
        body=(
            f"会议议定事项“{title}”明确由你单位牵头办理，应于{due_text}前办结，截至{_cn(today())}仍未办结。"
            "请抓紧推进落实，并将办理情况书面反馈。"
        ),
    )
    return await issue_once(session, draft, RULE_ACTOR, await state.calendar.get(session, draft.region_code),
                            state.upstreams)


async def on_light_changed(
    session: AsyncSession, payload: dict[str, Any], state: Any, event_id: uuid.UUID
) -> Letter | None:
    """A project's light turned to a colour that draws a letter: not started on time (start light) or moving
    slowly (progress light), to the project's responsible unit."""
    region = payload["region_code"]
    rules = await letter_rules(session, region)
    kind = str(payload.get("kind") or payload.get("light") or "progress")
    colour = str(payload.get("to_colour") or payload.get("colour") or "")
    if colour not in rules.light_colours:
        return None
    start = rules.start_light_grade if kind == "start" else rules.progress_light_grade
    if start is None:
        return None
    reason = LetterReason.not_started if kind == "start" else LetterReason.moving_slowly
    project_id = uuid.UUID(str(payload["project_id"]))
    ref = await state.directory.project(session, state.upstreams, project_id)
    if ref is None or ref.responsible_unit_id is None:
        return None
    earlier = await letter_repo.earlier_letters(session, region, today().year, reason=reason, project_id=project_id)
    grade = _repeat(rules, start, earlier)
    what = "未按计划开工" if kind == "start" else "建设进度严重滞后于序时进度"
    detail = str(payload.get("reason") or "")
    draft = LetterDraft(
        region_code=region,
        grade=grade,
        reason=reason,
        source=LetterSource.rule,
        subject_kind=LetterSubject.project,
        unit_id=ref.responsible_unit_id,
        unit_name=await _unit_name(state, region, ref.responsible_unit_id),
        project_id=project_id,
        project_code=ref.code,
        project_name=ref.name,
        trigger_key=f"light:{project_id}:{kind}:{event_id}",
        title=f"关于加快推进{ref.name}项目建设的{grade.label}",
        body=(
            f"{ref.name}（{ref.code}）{what}，已亮{colour_label(colour)}"
            + (f"（{detail}）" if detail else "")
            + "。请你单位会同项目业主单位认真分析原因，制定整改措施，加快推进项目建设，并将整改情况书面反馈。"
        ),
    )
    return await issue_once(session, draft, RULE_ACTOR, await state.calendar.get(session, draft.region_code),
                            state.upstreams)


async def on_report_overdue(session: AsyncSession, payload: dict[str, Any], state: Any) -> Letter | None:
    """A progress report not submitted in time: a letter to the unit that owes it."""
    region = payload["region_code"]
    rules = await letter_rules(session, region)
    if rules.report_overdue_grade is None:
        return None
    project_id = uuid.UUID(str(payload["project_id"]))
    ref = await state.directory.project(session, state.upstreams, project_id)
    unit_id = _uuid(payload.get("unit_id") or payload.get("responsible_unit_id")) or (
        ref.responsible_unit_id if ref else None
    )
    if unit_id is None:
        return None
    period = str(payload.get("period") or "")
    earlier = await letter_repo.earlier_letters(
        session, region, today().year, reason=LetterReason.report_overdue, project_id=project_id, unit_id=unit_id
    )
    grade = _repeat(rules, rules.report_overdue_grade, earlier)
    name = ref.name if ref else str(payload.get("project_name") or "")
    code = ref.code if ref else str(payload.get("project_code") or "")
    draft = LetterDraft(
        region_code=region,
        grade=grade,
        reason=LetterReason.report_overdue,
        source=LetterSource.rule,
        subject_kind=LetterSubject.project,
        unit_id=unit_id,
        unit_name=await _unit_name(state, region, unit_id),
        project_id=project_id,
        project_code=code,
        project_name=name,
        trigger_key=f"report:{project_id}:{period}:{unit_id}",
        title=f"关于按时报送{name}项目进度情况的{grade.label}",
        body=f"{name}（{code}）{period}进度报告逾期未报。请你单位立即报送，并严格按规定时限报送以后各期报告。",
    )
    return await issue_once(session, draft, RULE_ACTOR, await state.calendar.get(session, draft.region_code),
                            state.upstreams)


def colour_label(colour: str) -> str:
    return {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}.get(colour, colour)
