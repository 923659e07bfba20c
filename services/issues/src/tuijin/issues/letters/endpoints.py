"""Routes of supervision letters (督查督办函): issuing by hand, the list, the addressee's reply, the .docx
and the counts scoring reads."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.access import ScopeDep, bearer_token, ensure_region_reader, ensure_supervision_of
from tuijin.issues.deps import RegionCode, RegionFilter, VisibleLetter, check_range
from tuijin.issues.errors import InvalidRange, ProjectNotFound, Required, UnitNotFound
from tuijin.issues.letters import documents, service
from tuijin.issues.letters import repository as repo
from tuijin.issues.letters.enums import LetterGrade, LetterReason, LetterSource, LetterStatus, LetterSubject
from tuijin.issues.letters.errors import (
    AlreadyReplied,
    LetterChanged,
    LetterNotFound,
    NotAddressee,
    ReplyDueInPast,
    SubjectProblemNotFound,
    SubjectRectificationNotFound,
)
from tuijin.issues.letters.models import Letter
from tuijin.issues.letters.schemas import (
    LetterCreate,
    LetterOut,
    LetterStats,
    ReplyIn,
)
from tuijin.issues.problems import repository as problem_repo
from tuijin.issues.rectifications import repository as rectification_repo
from tuijin.issues.upstream import require_project, require_unit
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden, Role
from tuijin.kernel.db import SessionDep, is_postgres
from tuijin.kernel.documents.downloads import DOCX_RESPONSE, attachment
from tuijin.kernel.documents.word import fetch_format
from tuijin.kernel.errors import PreconditionFailed, ServiceUnavailable, Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/letters", tags=["issues: letters"])

READ = problem_responses(Unauthorized)
READ_ONE = problem_responses(Unauthorized, LetterNotFound)


async def _subject(
    request: Request, session: AsyncSession, body: LetterCreate, draft: service.LetterDraft
) -> None:
    """Fill the draft's subject: the problem (of the region) and its project, the decided item, or the project
    (read from the registry with the caller's token)."""
    if body.subject_kind == LetterSubject.problem:
        if body.problem_id is None:
            raise Required("A letter about a problem names the problem.", field="body.problem_id")
        problem = await problem_repo.get(session, body.problem_id)
        if problem is None or problem.region_code != body.region_code:
            raise SubjectProblemNotFound("No such problem in the region.", field="body.problem_id")
        draft.problem_id, draft.project_id = problem.id, problem.project_id
    elif body.subject_kind == LetterSubject.decided_item:
        if body.decided_item_id is None:
            raise Required("A letter about a decided item names it.", field="body.decided_item_id")
        draft.decided_item_id, draft.project_id = body.decided_item_id, body.project_id
    elif body.subject_kind == LetterSubject.rectification:
        if body.rectification_id is None:
            raise Required("A letter about a rectification names it.", field="body.rectification_id")
        rect = await rectification_repo.get(session, body.rectification_id)
        if rect is None or rect.region_code != body.region_code:
            raise SubjectRectificationNotFound("No such rectification in the region.", field="body.rectification_id")
        draft.rectification_id, draft.project_id = rect.id, rect.project_id
    elif body.project_id is None:
        raise Required("A letter about a project names the project.", field="body.project_id")
    else:
        draft.project_id = body.project_id
    if draft.project_id is not None:
        ref = await require_project(
            request.app.state, session, draft.project_id, bearer_token(request), region_code=body.region_code
        )
        draft.project_code, draft.project_name = ref.code, ref.name


@router.post(
    "",
    status_code=201,
    summary="Issue a letter by hand",
    responses=problem_responses(
        Unauthorized, RoleRequired, RegionForbidden, UnitNotFound, Required, SubjectProblemNotFound,
        SubjectRectificationNotFound, ProjectNotFound, ReplyDueInPast, ServiceUnavailable,
    ),
)
async def issue_letter(
    etag: SendsETag, location: SendsLocation, body: LetterCreate, request: Request, session: SessionDep, scope: ScopeDep
) -> LetterOut:
    """The office or the supervision office issues a letter of a grade to a unit, about a problem, a decided item,
    a rectification (整改) or a project. It is numbered in the region's yearly sequence (督办〔2026〕12号), never
    repeating even when issued concurrently; the reply is due by ``reply_due_on`` (default: the region's reply
    timer)."""
    ensure_supervision_of(scope.principal, body.region_code)
    state = request.app.state
    unit = await require_unit(state, body.region_code, body.unit_id, "body.unit_id")
    draft = service.LetterDraft(
        region_code=body.region_code,
        grade=body.grade,
        reason=LetterReason.manual,
        source=LetterSource.manual,
        subject_kind=body.subject_kind,
        unit_id=body.unit_id,
        unit_name=unit["name"],
        title=body.title,
        body=body.body,
        meeting_id=body.meeting_id,
        reply_due_on=body.reply_due_on,
    )
    await _subject(request, session, body, draft)
    cal = await state.calendar.get(session, body.region_code)
    letter = await service.issue(session, draft, scope.principal.sub, cal, state.upstreams)
    location(f"/api/v1/letters/{letter.id}")
    etag(letter.version)
    return service.to_out(letter)


@router.get("", summary="List letters", responses=READ)
async def list_letters(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="the addressed unit")] = None,
    grade: LetterGrade | None = None,
    status: LetterStatus | None = None,
    reason: LetterReason | None = None,
    project_id: uuid.UUID | None = None,
    problem_id: uuid.UUID | None = None,
    decided_item_id: uuid.UUID | None = None,
    rectification_id: Annotated[uuid.UUID | None, Query(description="the rectification (整改) chased")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[LetterOut]:
    """Letters the caller may see (a unit: those addressed to it), newest first; keyset-paginated."""
    filters = repo.LetterFilters(
        region_code=region_code,
        unit_id=unit_id,
        grade=grade.value if grade else None,
        status=status.value if status else None,
        reason=reason.value if reason else None,
        project_id=project_id,
        problem_id=problem_id,
        decided_item_id=decided_item_id,
        rectification_id=rectification_id,
        year=year,
    )
    stmt = repo.list_query(filters, repo.visibility(scope))
    rows, cursor = await paginate(
        session, stmt, order=[Letter.issued_at, Letter.serial, Letter.id], params=page, descending=True
    )
    return Page(items=[service.to_out(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get(
    "/stats",
    summary="Letters received per unit by grade",
    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, InvalidRange),
)
async def letter_stats(
    session: SessionDep,
    scope: ScopeDep,
    region_code: RegionCode,
    start: Annotated[BusinessDate, Query(alias="from", description="first issue date")],
    end: Annotated[BusinessDate, Query(alias="to", description="last issue date (included)")],
) -> LetterStats:
    """Letters issued in [from, to] counted in SQL by addressed unit and grade (and by the project they name),
    with those replied late and those still unreplied past their reply date (what scoring reads)."""
    ensure_region_reader(scope.principal, region_code)
    check_range(start, end, max_days=None)
    return await service.stats(session, region_code, start, end)


@router.get("/{letter_id}", summary="Read a letter", responses=READ_ONE)
async def get_letter(etag: SendsETag, letter: VisibleLetter) -> LetterOut:
    """The letter with its number, subject, reply date and reply."""
    etag(letter.version)
    return service.to_out(letter)


@router.post(
    "/{letter_id}/reply",
    summary="Reply to a letter",
    responses=problem_responses(
        Unauthorized, PreconditionFailed, LetterNotFound, NotAddressee, AlreadyReplied, LetterChanged
    ),
)
async def reply_letter(
    if_match: IfMatchOptional, etag: SendsETag,
    letter: VisibleLetter, body: ReplyIn, request: Request, session: SessionDep, scope: ScopeDep
) -> LetterOut:
    """The addressed unit records its reply (the office may record it on the unit's behalf); once only."""
    principal = scope.principal
    if not (scope.unrestricted or principal.has_any(Role.office) or scope.unit_id == letter.unit_id):
        raise NotAddressee("Only the addressed unit (or the office) replies to a letter.")
    if is_postgres(session):
        await session.refresh(letter, with_for_update=True)
    if_match.check(letter.version)
    await service.reply(session, letter, body.reply, principal.sub)
    etag(letter.version)
    return service.to_out(letter)


@router.get(
    "/{letter_id}/document.docx",
    summary="The letter as .docx",
    responses={**READ_ONE, **DOCX_RESPONSE},
    response_class=Response,
)
async def letter_document(letter: VisibleLetter, request: Request) -> Response:
    """The letter in the official-document format (GB/T 9704): the issuing authority's red header, the grade's
    字号, the addressee, body and reply date, the signature and date with room for the seal, the 版记 (抄送,
    印发机关, 印发日期) and page numbers; the region's format is read from the registry. Named by its title and
    number."""
    fmt = await fetch_format(request.app.state.upstreams, letter.region_code, letter.year)
    return attachment(documents.letter_docx(letter, fmt), f"{letter.title}（{letter.number}）.docx",
                      f"letter-{letter.year}-{letter.serial}.docx")
