"""Routes of scoring runs: compute, read, publish, praise and criticism lists, exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.auth import CurrentPrincipal, Role, ensure_region, region_clause
from tuijin.kernel.clock import business_date, today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents import numbering
from tuijin.kernel.documents.downloads import DOCX_RESPONSE, XLSX_RESPONSE
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.documents.word import DocumentKind, fetch_format
from tuijin.kernel.errors import BadGateway, GatewayTimeout, ServiceUnavailable, problem_responses
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.scoring.access import RoleRequired, ensure_office_of
from tuijin.scoring.deps import RegionCode, VisibleRun
from tuijin.scoring.models import documents
from tuijin.scoring.runs import exports, service
from tuijin.scoring.runs import repository as repo
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.errors import (
    AlreadyPublished,
    DraftNotVisible,
    InvalidPeriod,
    NotPublished,
    PeriodKindMismatch,
    RollupSourceMissing,
    RunInProgress,
    RunNotFound,
    RunVersionNotFound,
)
from tuijin.scoring.runs.models import Result, Run
from tuijin.scoring.runs.schemas import (
    InputsOut,
    PraiseCriticismOut,
    ResultOut,
    RunIn,
    RunOut,
    SubjectResultOut,
)
from tuijin.scoring.schemes import repository as schemes_repo
from tuijin.scoring.schemes import service as schemes
from tuijin.scoring.schemes.errors import SchemeNotFound

router = APIRouter(prefix="/api/v1/scoring-runs", tags=["scoring: runs"])
READ = problem_responses(RunNotFound, DraftNotVisible)
RUN = problem_responses(SchemeNotFound, RoleRequired, InvalidPeriod, PeriodKindMismatch, RunVersionNotFound,
                        RollupSourceMissing, RunInProgress, BadGateway, ServiceUnavailable, GatewayTimeout)
LISTS = problem_responses(RunNotFound, DraftNotVisible, NotPublished)
Size = Annotated[int | None, Query(ge=0, le=50, description="default: the scheme version's group size")]


@router.post("", status_code=201, summary="Compute a scheme for a period", responses=RUN)
async def create_run(
    location: SendsLocation, body: RunIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> RunOut:
    """Gathers the inputs in bulk from the registry, issues and meetings, keeps their snapshot, and stores per
    subject each dimension's score with its explanation, the total and the rank, as a draft. Running the same
    scheme, region and period again makes the next version and lists what moved. A source that is down fails
    the run with a 503 problem naming it (``upstream``), and nothing is written. Office of the region only."""
    scheme = await schemes.get_scheme(session, body.scheme_id, principal)
    ensure_office_of(principal, scheme.region_code)
    run = await service.run_scheme(session, request, scheme, body, principal)
    location(f"/api/v1/scoring-runs/{run.id}")
    return RunOut.model_validate(run)


@router.get("", summary="List runs")
async def list_runs(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode,
    scheme_id: uuid.UUID | None = None, period: str | None = None, status: RunStatus | None = None,
) -> Page[RunOut]:
    """The region's runs, newest first; everyone in the region sees published ones, the office drafts too."""
    ensure_region(principal, region_code)
    if not principal.has_any(Role.office):
        status = RunStatus.published
    stmt = repo.list_query(region_code, scheme_id=scheme_id, period=period, status=status.value if status else None)
    rows, cursor = await paginate(session, stmt, order=[Run.created_at, Run.id], params=page, descending=True)
    return Page(items=[RunOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/subject-results", summary="A subject's published results")
async def subject_results(
    session: SessionDep, principal: CurrentPrincipal, subject_id: uuid.UUID,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="every region the caller sees "
                                             "if omitted")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[SubjectResultOut]:
    """The latest published results of one project, department or township (its scores and ranks), newest
    period first, whatever the scheme: what a project's dossier shows. Runs of regions the caller may not see
    are left out.

    Bounded: the newest ``limit`` results (at most 50)."""
    if region_code:
        ensure_region(principal, region_code)
    rows = await repo.subject_results(session, subject_id, region_code, region_clause(principal, Run.region_code),
                                      limit)
    return [
        SubjectResultOut.model_validate({
            **ResultOut.model_validate(result).model_dump(), "run_id": run.id, "scheme_id": run.scheme_id,
            "subject_kind": run.subject_kind, "period": run.period, "period_start": run.period_start,
            "period_end": run.period_end, "published_at": run.published_at, "total_points": run.total_points,
        })
        for result, run in rows
    ]


@router.get("/{run_id}", summary="Read a run", responses=READ)
async def get_run(run: VisibleRun) -> RunOut:
    """A run's scheme version, period, status and what moved against its previous version."""
    return RunOut.model_validate(run)


@router.get("/{run_id}/results", summary="A run's ranking", responses=READ)
async def list_results(run: VisibleRun, session: SessionDep, page: PageParamsDep) -> Page[ResultOut]:
    """Per subject, best first: each dimension's score and explanation, the total, the rank (ties share it)."""
    rows, cursor = await paginate(session, repo.results_query(run.id),
                                  order=[Result.rank, Result.subject_code, Result.id], params=page)
    return Page(items=[ResultOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{run_id}/inputs", summary="A run's input snapshot", responses=READ)
async def get_inputs(run: VisibleRun) -> InputsOut:
    """The inputs exactly as gathered (per subject amounts in 万元 and event counts, the sources' counts and
    the calls made), so every explanation can be checked."""
    return InputsOut(run_id=run.id, inputs=run.inputs)


@router.post("/{run_id}/publish", summary="Publish a run", responses=problem_responses(
        RunNotFound, DraftNotVisible, RoleRequired, AlreadyPublished, NotPublished))
async def publish_run(run: VisibleRun, session: SessionDep, principal: CurrentPrincipal) -> RunOut:
    """Draft → published; afterwards the run and its results never change (409 ``already_published`` on a
    second publish). Office of the region only. In the same transaction a ``ranking.published`` event with
    the praise and criticism lists is recorded for the issues service (interview candidates)."""
    ensure_office_of(principal, run.region_code)
    await service.publish(session, run, principal)
    return RunOut.model_validate(run)


@router.get("/{run_id}/lists", summary="Praise and criticism lists", responses=LISTS)
async def praise_and_criticism(run: VisibleRun, session: SessionDep, praise_size: Size = None,
                               criticism_size: Size = None) -> PraiseCriticismOut:
    """Top and bottom of a published ranking (通报表扬 / 通报批评); group sizes from the scheme version
    (清水: top 3 and bottom 3 each quarter; top 6 departments, top 3 townships each year) unless given."""
    return await service.praise_and_criticism(session, run, praise_size, criticism_size)


@router.get("/{run_id}/ranking.xlsx", summary="The ranking as .xlsx", response_class=Response, responses={
    **problem_responses(RunNotFound, DraftNotVisible, SchemeNotFound), **XLSX_RESPONSE})
async def export_ranking(run: VisibleRun, session: SessionDep, request: Request) -> Response:
    """The run's ranking (排名表): rank, name, each dimension's score and the total (two decimals), with a sheet
    of the explanations by dimension. Same access as the results."""
    scheme = await schemes.get_scheme(session, run.scheme_id)
    version = await schemes_repo.version(session, run.scheme_id, run.scheme_version)
    region = await region_name(request.app.state.upstreams, run.region_code)
    content = await run_in_threadpool(exports.ranking_xlsx, run, scheme, version.dimensions,
                                      await repo.results(session, run.id), region=region)
    return exports.attachment(content, f"{scheme.name}{exports.period_label(run.period)}排名.xlsx",
                              f"ranking-{run.period}.xlsx")


@router.get("/{run_id}/notice.docx", summary="The notice (通报) as .docx", response_class=Response, responses={
    **problem_responses(RunNotFound, DraftNotVisible, NotPublished, SchemeNotFound, BadGateway, ServiceUnavailable,
                        GatewayTimeout), **DOCX_RESPONSE})
async def export_notice(run: VisibleRun, session: SessionDep, request: Request) -> Response:
    """The notice (通报) of a published ranking in the official-document format (GB/T 9704): the region's red
    header and the notice's 字号 (numbered in the region's yearly sequence at the first download and kept
    after), the ranking as a table, those praised and those criticised, the signature, the publication date in
    Chinese and the 版记; the region's format is read from the registry (409 ``not_published`` for a draft).
    Named with the period in words."""
    lists = await service.praise_and_criticism(session, run, None, None)
    scheme = await schemes.get_scheme(session, run.scheme_id)
    version = await schemes_repo.version(session, run.scheme_id, run.scheme_version)
    published_on = business_date(run.published_at) if run.published_at else today()
    got = await numbering.number_for(session, documents, run.region_code, DocumentKind.ranking_notice.value,
                                     f"ranking_notice:{run.id}", published_on)
    fmt = await fetch_format(request.app.state.upstreams, run.region_code, got.year)
    content = exports.notice_docx(run, scheme, version.dimensions, await repo.results(session, run.id), lists, fmt,
                                  fmt.number(DocumentKind.ranking_notice, got.year, got.serial), got.on)
    return exports.attachment(content, f"关于{exports.period_label(run.period)}{scheme.name}结果的通报.docx",
                              f"notice-{run.period}.docx")
