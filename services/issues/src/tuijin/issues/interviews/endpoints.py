"""Routes of interviews (约谈): candidates, records and the record as .docx."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from tuijin.issues.access import ScopeDep, bearer_token, ensure_region_reader, ensure_supervision_of
from tuijin.issues.deps import RegionCode, RegionFilter, VisibleInterview
from tuijin.issues.errors import ProjectNotFound, UnitNotFound
from tuijin.issues.interviews import documents, service
from tuijin.issues.interviews import repository as repo
from tuijin.issues.interviews.errors import InterviewNotFound
from tuijin.issues.interviews.models import Interview
from tuijin.issues.interviews.schemas import InterviewCandidate, InterviewCreate, InterviewOut
from tuijin.issues.rectifications.enums import RectificationSource
from tuijin.issues.rectifications.service import open_rectification
from tuijin.issues.upstream import recorder, require_project, require_unit
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import RegionForbidden, Role, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.downloads import DOCX_RESPONSE, attachment
from tuijin.kernel.errors import ServiceUnavailable, Unauthorized, problem_responses
from tuijin.kernel.etag import SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate

router = APIRouter(prefix="/api/v1/interviews", tags=["issues: interviews"])

READ = problem_responses(Unauthorized)
READ_ONE = problem_responses(Unauthorized, InterviewNotFound)


def content_tag(out: InterviewOut) -> str:
    """A stable tag of the record's content (records have no version: they are not edited)."""
    return hashlib.sha256(out.model_dump_json().encode()).hexdigest()[:20]


@router.get(
    "/candidates",
    summary="Who should be interviewed",
    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden),
)
async def interview_candidates(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    region_code: RegionCode,
    on: Annotated[BusinessDate | None, Query(description="as of this day; today if omitted")] = None,
) -> list[InterviewCandidate]:
    """Projects whose leader or responsible unit head the service proposes to interview: started but not moving
    (progress light red), moving slowly (progress light yellow, start light red) or with problems long unsolved
    (open beyond the region's threshold in working days, or at leadership), or criticised in a ranking the
    scoring service published lately (考核排名靠后) — thresholds per region (``interviews`` policy). Most reasons
    first, with the latest interview already held.

    A county leader (县级责任领导) gets the candidates among the projects of the posts they hold today, so that
    they see which of their projects are proposed for an interview.

    Bounded: at most one entry per project of the region (a county's key projects number in the hundreds)."""
    leader_only = Role.leader in scope.principal.roles and not scope.region_wide
    if leader_only:
        ensure_region(scope.principal, region_code)
    else:
        ensure_region_reader(scope.principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    found = await service.candidates(session, region_code, on or today(), cal)
    return [c for c in found if c.project_id in scope.leader_projects] if leader_only else found


@router.post(
    "",
    status_code=201,
    summary="Record an interview",
    responses=problem_responses(
        Unauthorized, RoleRequired, RegionForbidden, UnitNotFound, ProjectNotFound, ServiceUnavailable
    ),
)
async def record_interview(
    etag: SendsETag,
    location: SendsLocation,
    body: InterviewCreate,
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
) -> InterviewOut:
    """The office or the supervision office records an interview held with a leader or a unit head. With a
    rectification deadline (限期整改到位) it opens the rectification (整改) of the interviewee's unit (or, without
    one, of the project's responsible unit), which is chased until the office verifies it done."""
    ensure_supervision_of(scope.principal, body.region_code)
    state = request.app.state
    unit_name = ""
    if body.unit_id is not None:
        unit_name = (await require_unit(state, body.region_code, body.unit_id, "body.unit_id"))["name"]
    code = name = ""
    responsible_unit_id = body.unit_id
    if body.project_id is not None:
        ref = await require_project(
            state, session, body.project_id, bearer_token(request), region_code=body.region_code
        )
        code, name = ref.code, ref.name
        responsible_unit_id = responsible_unit_id or ref.responsible_unit_id
    recorder_name, recorder_post = await recorder(state, scope.principal)
    interview = await service.record(
        session, body, project_code=code, project_name=name, unit_name=unit_name, recorded_by=scope.principal.sub,
        recorder_name=recorder_name, recorder_post=recorder_post,
    )
    if interview.rectification_due_on is not None and responsible_unit_id is not None:
        rectify_unit = unit_name if responsible_unit_id == body.unit_id else (
            await state.directory.unit_names(state.upstreams, body.region_code, {responsible_unit_id})
        ).get(responsible_unit_id, "")
        await open_rectification(
            session, region_code=interview.region_code, source_kind=RectificationSource.interview,
            source_id=interview.id, unit_id=responsible_unit_id, unit_name=rectify_unit,
            deadline=interview.rectification_due_on, requirement=interview.commitments or interview.summary,
            opened_by=scope.principal.sub, project_id=interview.project_id, project_code=code, project_name=name,
        )
    location(f"/api/v1/interviews/{interview.id}")
    out = InterviewOut.model_validate(interview)
    etag(content_tag(out))
    return out


@router.get("", summary="List interviews", responses=READ)
async def list_interviews(
    session: SessionDep,
    scope: ScopeDep,
    page: PageParamsDep,
    region_code: RegionFilter = None,
    project_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> Page[InterviewOut]:
    """Interview records the caller may see, latest first; keyset-paginated."""
    stmt = repo.list_query(repo.visibility(scope), region_code=region_code, project_id=project_id, unit_id=unit_id)
    rows, cursor = await paginate(session, stmt, order=[Interview.held_on, Interview.id], params=page, descending=True)
    return Page(items=[InterviewOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{interview_id}", summary="Read an interview record", responses=READ_ONE)
async def get_interview(etag: SendsETag, interview: VisibleInterview) -> InterviewOut:
    """The record: who, by whom, why, what was said and promised, by when to rectify. A record is not edited
    once made; its ETag is a hash of its content."""
    out = InterviewOut.model_validate(interview)
    etag(content_tag(out))
    return out


@router.get(
    "/{interview_id}/document.docx",
    summary="The interview record as .docx",
    responses={**READ_ONE, **DOCX_RESPONSE},
    response_class=Response,
)
async def interview_document(interview: VisibleInterview) -> Response:
    """The interview record laid out as 约谈记录."""
    who = "".join(x for x in (interview.unit_name, interview.interviewee_name) if x)
    return attachment(documents.interview_docx(interview),
                      f"约谈记录（{who}，{interview.held_on.year}年{interview.held_on.month}月{interview.held_on.day}日）.docx",
                      f"interview-{interview.held_on.isoformat()}-{interview.id}.docx")
