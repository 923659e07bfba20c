"""Rules of supervision letters: issuing one (by hand or by rule) under the region's yearly number that never
repeats, the addressee's reply, and the view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.events import LETTER_ISSUED, LETTER_REPLIED, emit
from tuijin.issues.letters import repository as repo
from tuijin.issues.letters.enums import LetterGrade, LetterReason, LetterSource, LetterStatus, LetterSubject
from tuijin.issues.letters.errors import AlreadyReplied, LetterChanged, ReplyDueInPast
from tuijin.issues.letters.models import Letter
from tuijin.issues.letters.schemas import GradeCounts, LetterOut, LetterStats, ProjectLetterCounts, UnitLetterCounts
from tuijin.issues.policies.service import load_policy
from tuijin.issues.policies.values import LetterRules
from tuijin.issues.problems import repository as problem_repo
from tuijin.issues.problems.enums import ActionSource, ProblemAction
from tuijin.issues.problems.steps import Actor, record
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.documents.word import document_number, fetch_format


def format_number(prefix: str, year: int, serial: int) -> str:
    """栾重项办督〔2026〕12号."""
    return document_number(prefix, year, serial)


@dataclass
class LetterDraft:
    """Everything a letter says before it gets its number."""

    region_code: str
    grade: LetterGrade
    reason: LetterReason
    source: LetterSource
    subject_kind: LetterSubject
    unit_id: uuid.UUID
    unit_name: str
    title: str
    body: str
    problem_id: uuid.UUID | None = None
    decided_item_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None
    rectification_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None
    project_code: str = ""
    project_name: str = ""
    reply_due_on: date | None = None
    trigger_key: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


async def letter_rules(session: AsyncSession, region_code: str, day: date | None = None) -> LetterRules:
    return await load_policy(session, region_code, (day or today()).year, LetterRules)


async def issue(session: AsyncSession, draft: LetterDraft, issued_by: str, cal: WorkingCalendar,
                upstreams: Any) -> Letter:
    """Number and issue a letter under its grade's 字号 (the region's document format, read from the registry);
    a letter about a problem is a step on its timeline too."""
    day = today()
    rules = await letter_rules(session, draft.region_code, day)
    fmt = await fetch_format(upstreams, draft.region_code, day.year)
    reply_due_on = draft.reply_due_on or cal.add_working_days(day, rules.reply_working_days)
    if reply_due_on < day:
        raise ReplyDueInPast("The reply date is in the past.", field="body.reply_due_on")
    serial = await repo.next_serial(session, draft.region_code, draft.grade, day.year)
    letter = Letter(
        region_code=draft.region_code,
        year=day.year,
        serial=serial,
        number=format_number(fmt.prefix(repo.letter_kind(draft.grade)), day.year, serial),
        grade=draft.grade.value,
        reason=draft.reason.value,
        source=draft.source.value,
        subject_kind=draft.subject_kind.value,
        problem_id=draft.problem_id,
        decided_item_id=draft.decided_item_id,
        meeting_id=draft.meeting_id,
        rectification_id=draft.rectification_id,
        project_id=draft.project_id,
        project_code=draft.project_code,
        project_name=draft.project_name,
        unit_id=draft.unit_id,
        unit_name=draft.unit_name,
        title=draft.title,
        body=draft.body,
        issuer=fmt.seal_authority,
        issued_at=utcnow(),
        issued_on=day,
        issued_by=issued_by,
        reply_due_on=reply_due_on,
        status=LetterStatus.issued.value,
        trigger_key=draft.trigger_key,
    )
    session.add(letter)
    await session.flush()
    level = await _on_problem_timeline(session, letter, draft.source, issued_by) if draft.problem_id else None
    await emit(session, LETTER_ISSUED, _issued_payload(letter, level), letter.region_code)
    return letter


async def _on_problem_timeline(
    session: AsyncSession, letter: Letter, source: LetterSource, issued_by: str
) -> str | None:
    """A letter about a problem is a step on the problem's timeline; returns the problem's level."""
    problem = await problem_repo.get(session, letter.problem_id)
    if problem is None:
        return None
    record(
        session,
        problem,
        ProblemAction.letter_issued,
        Actor(sub=issued_by, source=ActionSource.user if source == LetterSource.manual else ActionSource.job),
        on=letter.issued_on,
        from_status=problem.status,
        from_level=problem.level,
        reason=letter.title,
        deadline=letter.reply_due_on,
        details={"letter_id": str(letter.id), "number": letter.number, "grade": letter.grade},
    )
    await session.flush()
    return problem.level


def _issued_payload(letter: Letter, level: str | None) -> dict[str, Any]:
    return {
        "letter_id": str(letter.id),
        "number": letter.number,
        "grade": letter.grade,
        "reason": letter.reason,
        "subject_kind": letter.subject_kind,
        "problem_id": _str(letter.problem_id),
        "decided_item_id": _str(letter.decided_item_id),
        "meeting_id": _str(letter.meeting_id),
        "rectification_id": _str(letter.rectification_id),
        "project_id": _str(letter.project_id),
        "region_code": letter.region_code,
        "level": level,
        "unit_id": str(letter.unit_id),
        "issued_on": letter.issued_on.isoformat(),
        "reply_due_on": letter.reply_due_on.isoformat(),
    }


async def issue_once(session: AsyncSession, draft: LetterDraft, issued_by: str, cal: WorkingCalendar,
                     upstreams: Any) -> Letter | None:
    """Issue a rule's letter unless its trigger already drew one (the unique trigger key is the last guard)."""
    assert draft.trigger_key
    if await repo.trigger_drew_letter(session, draft.trigger_key):
        return None
    return await issue(session, draft, issued_by, cal, upstreams)


async def reply(session: AsyncSession, letter: Letter, text: str, replied_by: str) -> Letter:
    """The addressee's reply; a letter is replied to once."""
    if letter.status != LetterStatus.issued:
        raise AlreadyReplied(f"The letter {letter.number} was already replied to.", field="status")
    day = today()
    letter.status = LetterStatus.replied.value
    letter.reply = text
    letter.replied_at = utcnow()
    letter.replied_on = day
    letter.replied_by = replied_by
    try:
        await session.flush()
    except StaleDataError as exc:
        raise LetterChanged("The letter changed meanwhile; reload it.") from exc
    await emit(
        session,
        LETTER_REPLIED,
        {
            "letter_id": str(letter.id),
            "number": letter.number,
            "region_code": letter.region_code,
            "unit_id": str(letter.unit_id),
            "project_id": _str(letter.project_id),
            "problem_id": _str(letter.problem_id),
            "replied_on": day.isoformat(),
            "late": day > letter.reply_due_on,
        },
        letter.region_code,
    )
    return letter


def _count(targets: tuple[GradeCounts, ...], grade: str, n: Any, late: Any, unreplied: Any) -> None:
    for target in targets:
        setattr(target, grade, getattr(target, grade) + int(n))
        target.total += int(n)
        target.replied_late += int(late or 0)
        target.unreplied_overdue += int(unreplied or 0)


async def stats(session: AsyncSession, region_code: str, start: date, end: date) -> LetterStats:
    """Letters issued in [start, end] counted in SQL by addressed unit and grade, and by the project they name,
    with those replied late and those unreplied past their reply date (as of today)."""
    units: dict[uuid.UUID, UnitLetterCounts] = {}
    totals = GradeCounts()
    for unit_id, grade, n, late, unreplied in await repo.grade_counts(session, region_code, start, end, today()):
        _count((units.setdefault(unit_id, UnitLetterCounts(unit_id=unit_id)), totals), grade, n, late, unreplied)
    projects: dict[uuid.UUID, ProjectLetterCounts] = {}
    rows = await repo.grade_counts(session, region_code, start, end, today(), by_project=True)
    for project_id, grade, n, late, unreplied in rows:
        entry = projects.setdefault(project_id, ProjectLetterCounts(project_id=project_id))
        _count((entry,), grade, n, late, unreplied)
    return LetterStats(region_code=region_code, from_=start, to=end, totals=totals, by_unit=list(units.values()),
                       by_project=list(projects.values()))


def to_out(letter: Letter) -> LetterOut:
    out = LetterOut.model_validate(letter)
    if letter.status == LetterStatus.issued:
        out.reply_overdue = today() > letter.reply_due_on
    else:
        out.reply_overdue = letter.replied_on is not None and letter.replied_on > letter.reply_due_on
    return out


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None
