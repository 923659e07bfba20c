"""Rules of supervision letters: numbering per region and year that never repeats, issuing (by hand or by
rule), the addressee's reply, and the views."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.issues.letters.enums import LetterGrade, LetterReason, LetterSource, LetterStatus, LetterSubject
from tuijin.issues.letters.models import Letter, LetterCounter
from tuijin.issues.letters.schemas import LetterOut
from tuijin.issues.outbox import emit
from tuijin.issues.policies.rules import LetterRules
from tuijin.issues.policies.service import load_policy
from tuijin.issues.problems.enums import ActionSource, ProblemAction
from tuijin.issues.problems.models import Problem
from tuijin.issues.problems.service import Actor, record
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import Conflict, Unprocessable


def format_number(prefix: str, year: int, serial: int) -> str:
    """督办〔2026〕12号."""
    return f"{prefix}〔{year}〕{serial}号"


async def next_serial(session: AsyncSession, region_code: str, year: int) -> int:
    """The next serial of the region's year. The counter row is bumped by one atomic UPDATE … RETURNING, so
    concurrent letters wait for each other's row lock (PostgreSQL) or write lock (SQLite) and never share a
    number."""
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(LetterCounter.__table__)
        .values(region_code=region_code, year=year, last_serial=0)
        .on_conflict_do_nothing()
    )
    serial = await session.scalar(
        update(LetterCounter)
        .where(LetterCounter.region_code == region_code, LetterCounter.year == year)
        .values(last_serial=LetterCounter.last_serial + 1)
        .returning(LetterCounter.last_serial)
        .execution_options(synchronize_session=False)
    )
    assert serial is not None
    return int(serial)


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
    project_id: uuid.UUID | None = None
    project_code: str = ""
    project_name: str = ""
    reply_due_on: date | None = None
    trigger_key: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


async def letter_rules(session: AsyncSession, region_code: str, day: date | None = None) -> LetterRules:
    return await load_policy(session, region_code, (day or today()).year, LetterRules)


async def issue(session: AsyncSession, draft: LetterDraft, issued_by: str, cal: WorkingCalendar) -> Letter:
    """Number and issue a letter; a letter about a problem is a step on its timeline too."""
    day = today()
    rules = await letter_rules(session, draft.region_code, day)
    reply_due_on = draft.reply_due_on or cal.add_working_days(day, rules.reply_working_days)
    if reply_due_on < day:
        message = "The reply date is in the past."
        raise Unprocessable(
            message,
            code="reply_due_in_past",
            errors=[{"field": "body.reply_due_on", "message": message, "type": "reply_due_in_past"}],
        )
    serial = await next_serial(session, draft.region_code, day.year)
    letter = Letter(
        region_code=draft.region_code,
        year=day.year,
        serial=serial,
        number=format_number(rules.number_prefix, day.year, serial),
        grade=draft.grade.value,
        reason=draft.reason.value,
        source=draft.source.value,
        subject_kind=draft.subject_kind.value,
        problem_id=draft.problem_id,
        decided_item_id=draft.decided_item_id,
        meeting_id=draft.meeting_id,
        project_id=draft.project_id,
        project_code=draft.project_code,
        project_name=draft.project_name,
        unit_id=draft.unit_id,
        unit_name=draft.unit_name,
        title=draft.title,
        body=draft.body,
        issuer=rules.issuer,
        issued_at=utcnow(),
        issued_on=day,
        issued_by=issued_by,
        reply_due_on=reply_due_on,
        status=LetterStatus.issued.value,
        trigger_key=draft.trigger_key,
    )
    session.add(letter)
    await session.flush()
    if draft.problem_id is not None:
        problem = await session.get(Problem, draft.problem_id)
        if problem is not None:
            source = ActionSource.user if draft.source == LetterSource.manual else ActionSource.job
            record(
                session,
                problem,
                ProblemAction.letter_issued,
                Actor(sub=issued_by, source=source),
                on=day,
                from_status=problem.status,
                from_level=problem.level,
                reason=draft.title,
                deadline=reply_due_on,
                details={"letter_id": str(letter.id), "number": letter.number, "grade": letter.grade},
            )
            await session.flush()
    level = None
    if draft.problem_id is not None:
        level = await session.scalar(select(Problem.level).where(Problem.id == draft.problem_id))
    await emit(
        session,
        "letter.issued",
        {
            "letter_id": str(letter.id),
            "number": letter.number,
            "grade": letter.grade,
            "reason": letter.reason,
            "subject_kind": letter.subject_kind,
            "problem_id": _str(letter.problem_id),
            "decided_item_id": _str(letter.decided_item_id),
            "meeting_id": _str(letter.meeting_id),
            "project_id": _str(letter.project_id),
            "region_code": letter.region_code,
            "level": level,
            "unit_id": str(letter.unit_id),
            "issued_on": day.isoformat(),
            "reply_due_on": reply_due_on.isoformat(),
        },
        letter.region_code,
    )
    return letter


async def issue_once(session: AsyncSession, draft: LetterDraft, issued_by: str, cal: WorkingCalendar) -> Letter | None:
    """Issue a rule's letter unless its trigger already drew one (the unique trigger key is the last guard)."""
    assert draft.trigger_key
    if await session.scalar(select(Letter.id).where(Letter.trigger_key == draft.trigger_key)):
        return None
    return await issue(session, draft, issued_by, cal)


async def earlier_letters(
    session: AsyncSession,
    region_code: str,
    year: int,
    *,
    reason: LetterReason,
    project_id: uuid.UUID | None = None,
    decided_item_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> int:
    """Letters already sent this year on the same subject for the same reason (repeats go a grade up)."""
    stmt = (
        select(func.count())
        .select_from(Letter)
        .where(Letter.region_code == region_code, Letter.year == year, Letter.reason == reason.value)
    )
    if project_id is not None:
        stmt = stmt.where(Letter.project_id == project_id)
    if decided_item_id is not None:
        stmt = stmt.where(Letter.decided_item_id == decided_item_id)
    if unit_id is not None:
        stmt = stmt.where(Letter.unit_id == unit_id)
    return int(await session.scalar(stmt) or 0)


async def reply(session: AsyncSession, letter: Letter, text: str, replied_by: str) -> Letter:
    """The addressee's reply; a letter is replied to once."""
    if letter.status != LetterStatus.issued:
        message = f"The letter {letter.number} was already replied to."
        raise Unprocessable(
            message,
            code="transition_not_allowed",
            errors=[{"field": "status", "message": message, "type": "transition_not_allowed"}],
        )
    day = today()
    letter.status = LetterStatus.replied.value
    letter.reply = text
    letter.replied_at = utcnow()
    letter.replied_on = day
    letter.replied_by = replied_by
    try:
        await session.flush()
    except StaleDataError as exc:
        raise Conflict("The letter changed meanwhile; reload it.", code="letter_changed") from exc
    await emit(
        session,
        "letter.replied",
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


def to_out(letter: Letter) -> LetterOut:
    out = LetterOut.model_validate(letter)
    if letter.status == LetterStatus.issued:
        out.reply_overdue = today() > letter.reply_due_on
    else:
        out.reply_overdue = letter.replied_on is not None and letter.replied_on > letter.reply_due_on
    return out


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None
