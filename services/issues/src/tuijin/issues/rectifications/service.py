"""Rules of rectification (整改): opening one for an interview's or an inspection finding's deadline, the unit's
report that it is done, the office's verification or reopening, and the letters a passed deadline draws.

**For other domains** (inspections): :func:`open_rectification` opens the rectification a finding requires —

    await open_rectification(session, region_code=..., source_kind=RectificationSource.inspection_finding,
                             source_id=finding.id, unit_id=..., unit_name=..., deadline=...,
                             requirement=finding.text, project_id=..., project_code=..., project_name=...,
                             opened_by=principal.sub)

in the caller's transaction; it is idempotent per (source_kind, source_id) and returns the existing record when
one is there. From then on the sweep chases it like any other: once its deadline passes without the office's
verification, a letter goes to the unit (see :func:`sweep_overdue`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.letters import repository as letter_repo
from tuijin.issues.letters.enums import LetterReason, LetterSource, LetterSubject, grade_at
from tuijin.issues.letters.models import Letter
from tuijin.issues.letters.service import LetterDraft, issue_once, letter_rules
from tuijin.issues.rectifications import repository as repo
from tuijin.issues.rectifications.enums import RectificationSource, RectificationStatus
from tuijin.issues.rectifications.errors import (
    RectificationChanged,
    RectificationDeadlineInPast,
    RectificationStepNotAllowed,
)
from tuijin.issues.rectifications.models import Rectification
from tuijin.issues.rectifications.schemas import RectificationOut, ReopenIn, ReportDoneIn, VerifyIn
from tuijin.kernel.calendar import RegionalCalendars
from tuijin.kernel.clock import today, utcnow

RULE_ACTOR = "rule:rectifications"


async def open_rectification(
    session: AsyncSession,
    *,
    region_code: str,
    source_kind: RectificationSource,
    source_id: uuid.UUID,
    unit_id: uuid.UUID,
    unit_name: str,
    deadline: date,
    requirement: str,
    opened_by: str,
    project_id: uuid.UUID | None = None,
    project_code: str = "",
    project_name: str = "",
) -> Rectification:
    """Open the rectification ``source_kind``/``source_id`` requires of ``unit_id`` by ``deadline`` (or return the
    one already open for that source)."""
    existing = await repo.of_source(session, source_kind.value, source_id)
    if existing is not None:
        return existing
    rect = Rectification(
        region_code=region_code, source_kind=source_kind.value, source_id=source_id, project_id=project_id,
        project_code=project_code, project_name=project_name, unit_id=unit_id, unit_name=unit_name,
        requirement=requirement, deadline=deadline, status=RectificationStatus.open.value, report_evidence=[],
        opened_by=opened_by, opened_at=utcnow(),
    )
    session.add(rect)
    await session.flush()
    return rect


def _allowed(rect: Rectification, *statuses: RectificationStatus) -> None:
    if rect.status not in {s.value for s in statuses}:
        label = RectificationStatus(rect.status).label
        raise RectificationStepNotAllowed(f"Not allowed while the rectification is {label}.", field="status")


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise RectificationChanged("The rectification changed meanwhile; reload it.") from exc


async def report_done(session: AsyncSession, rect: Rectification, body: ReportDoneIn, by: str) -> Rectification:
    """The unit reports it done (open or reopened → reported_done)."""
    _allowed(rect, RectificationStatus.open, RectificationStatus.reopened)
    rect.status = RectificationStatus.reported_done.value
    rect.report_note = body.note
    rect.report_evidence = list(body.evidence)
    rect.reported_on = today()
    rect.reported_by = by
    await _flush(session)
    return rect


async def verify(session: AsyncSession, rect: Rectification, body: VerifyIn, by: str) -> Rectification:
    """The office verifies it done (reported_done → verified): no letter is drawn from then on."""
    _allowed(rect, RectificationStatus.reported_done)
    rect.status = RectificationStatus.verified.value
    rect.verification_note = body.note
    rect.verified_on = today()
    rect.verified_by = by
    await _flush(session)
    return rect


async def reopen(session: AsyncSession, rect: Rectification, body: ReopenIn, by: str) -> Rectification:
    """The office finds it not done (reported_done or verified → reopened), with the reason and a new deadline;
    that deadline passing draws the next letter."""
    _allowed(rect, RectificationStatus.reported_done, RectificationStatus.verified)
    if body.deadline < today():
        raise RectificationDeadlineInPast("The new deadline is in the past.", field="body.deadline")
    rect.status = RectificationStatus.reopened.value
    rect.reopen_reason = body.reason
    rect.reopen_count += 1
    rect.deadline = body.deadline
    rect.verified_on = None
    rect.verified_by = None
    await _flush(session)
    return rect


def to_out(rect: Rectification, on: date | None = None) -> RectificationOut:
    out = RectificationOut.model_validate(rect)
    out.overdue = rect.status != RectificationStatus.verified.value and rect.deadline < (on or today())
    return out


# ---------------------------------------------------------------- letters for passed deadlines


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


async def overdue_letter(session: AsyncSession, rect: Rectification, day: date) -> LetterDraft | None:
    """The letter a passed deadline draws, by the rules of an overdue decided item (the region's
    ``decided_item_grade``, one grade higher for each earlier letter on the same rectification this year when
    ``repeats_escalate``; null: none). One per deadline: its trigger is the rectification and the deadline."""
    rules = await letter_rules(session, rect.region_code, day)
    if rules.decided_item_grade is None:
        return None
    earlier = await letter_repo.earlier_letters(
        session, rect.region_code, day.year, reason=LetterReason.rectification_overdue, rectification_id=rect.id
    )
    grade = grade_at(rules.decided_item_grade, earlier if rules.repeats_escalate else 0)
    source = RectificationSource(rect.source_kind).label
    about = f"{rect.project_name}（{rect.project_code}）" if rect.project_id else ""
    return LetterDraft(
        region_code=rect.region_code,
        grade=grade,
        reason=LetterReason.rectification_overdue,
        source=LetterSource.rule,
        subject_kind=LetterSubject.rectification,
        unit_id=rect.unit_id,
        unit_name=rect.unit_name,
        rectification_id=rect.id,
        project_id=rect.project_id,
        project_code=rect.project_code,
        project_name=rect.project_name,
        trigger_key=f"rectification:{rect.id}:{rect.deadline.isoformat()}",
        title=f"关于督促落实{rect.project_name}整改事项的{grade.label}" if rect.project_name
        else f"关于督促落实整改事项的{grade.label}",
        body=(
            f"{about}{source}提出的整改要求：“{rect.requirement[:200]}”，明确由你单位负责整改，整改期限为"
            f"{_cn(rect.deadline)}，截至{_cn(day)}仍未整改到位。请立即落实整改措施，并将整改情况书面反馈。"
        ),
    )


async def sweep_overdue(session: AsyncSession, state: Any, calendars: RegionalCalendars,
                        day: date | None = None) -> int:
    """For each rectification past its deadline and not verified, the letter its deadline draws unless it was
    already sent (issued through the letters' own :func:`~tuijin.issues.letters.service.issue_once`). Returns
    how many letters were issued."""
    day = day or today()
    issued = 0
    for rect in await repo.overdue(session, day):
        draft = await overdue_letter(session, rect, day)
        letter: Letter | None = None
        if draft is not None:
            letter = await issue_once(session, draft, RULE_ACTOR, calendars.of(rect.region_code), state.upstreams)
        issued += letter is not None
    return issued


async def sweep_job(app: Any) -> dict[str, Any]:
    """Background job: letters for rectifications past their deadline."""
    async with app.state.sessionmaker() as session, session.begin():
        return {"issued": await sweep_overdue(session, app.state, await app.state.calendar.regional(session))}
