"""Routes of scoring schemes (评分方案): versioned configuration an office publishes."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.scoring.access import RoleRequired, ensure_office_of
from tuijin.scoring.deps import RegionCode, VisibleScheme
from tuijin.scoring.schemes import repository as repo
from tuijin.scoring.schemes import service
from tuijin.scoring.schemes.errors import VERSION_RULES, SchemeCodeTaken, SchemeNotFound, VersionNotFound
from tuijin.scoring.schemes.models import Scheme, SchemeVersion
from tuijin.scoring.schemes.schemas import DefaultsIn, SchemeIn, SchemeOut, VersionIn, VersionOut

router = APIRouter(prefix="/api/v1/scoring-schemes", tags=["scoring: schemes"])


@router.get("", summary="List a region's scoring schemes")
async def list_schemes(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode
) -> Page[SchemeOut]:
    """The region's schemes with their latest version. Everyone in the region reads them."""
    ensure_region(principal, region_code)
    rows, cursor = await paginate(session, repo.list_query(region_code), order=[Scheme.code, Scheme.id], params=page)
    return Page(items=await service.to_out(session, rows), next_cursor=cursor, limit=page.limit)


@router.post("", status_code=201, summary="Create a scoring scheme",
             responses=problem_responses(RoleRequired, SchemeCodeTaken, *VERSION_RULES))
async def create_scheme(
    location: SendsLocation, etag: SendsETag, body: SchemeIn, session: SessionDep, principal: CurrentPrincipal
) -> SchemeOut:
    """A scheme (who is ranked, over which period) with its version 1. The weights of the dimensions must add
    up to the total (else 422 ``weights_do_not_add_up``). Office of the region only."""
    ensure_office_of(principal, body.region_code)
    scheme = await service.create_scheme(session, body, principal)
    location(f"/api/v1/scoring-schemes/{scheme.id}")
    etag(service.etag(scheme))
    return (await service.to_out(session, [scheme]))[0]


@router.post("/defaults", status_code=201, summary="Install the shipped default schemes",
             responses=problem_responses(RoleRequired, SchemeCodeTaken, *VERSION_RULES))
async def install_defaults(body: DefaultsIn, session: SessionDep, principal: CurrentPrincipal) -> list[SchemeOut]:
    """Creates the defaults the region lacks (by code): 清水's five-dimension evaluation monthly, quarterly and
    yearly (projects, departments, townships) and 栾川's quarterly observation scoring. Returns those created.

    Bounded: at most the shipped defaults (a handful), each created once per region."""
    ensure_office_of(principal, body.region_code)
    return await service.to_out(session, await service.install_defaults(session, body.region_code, principal))


@router.get("/{scheme_id}", summary="Read a scoring scheme", responses=problem_responses(SchemeNotFound))
async def get_scheme(etag: SendsETag, scheme: VisibleScheme, session: SessionDep) -> SchemeOut:
    """The scheme with its latest version; its ``ETag`` names that version (send it as ``If-Match`` to
    publish the next)."""
    etag(service.etag(scheme))
    return (await service.to_out(session, [scheme]))[0]


@router.get("/{scheme_id}/versions", summary="A scheme's versions", responses=problem_responses(SchemeNotFound))
async def list_versions(scheme: VisibleScheme, session: SessionDep, page: PageParamsDep) -> Page[VersionOut]:
    """Every published version, newest first; each stays as it was published."""
    rows, cursor = await paginate(session, repo.versions_query(scheme.id),
                                  order=[SchemeVersion.version, SchemeVersion.id], params=page, descending=True)
    return Page(items=[VersionOut.model_validate(v) for v in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{scheme_id}/versions/{version}", summary="Read one version of a scheme",
            responses=problem_responses(SchemeNotFound, VersionNotFound))
async def get_version(scheme: VisibleScheme, version: int, session: SessionDep) -> VersionOut:
    """One version's dimensions, weights and list sizes (a version never changes once published)."""
    return VersionOut.model_validate(await service.get_version(session, scheme, version))


@router.post("/{scheme_id}/versions", status_code=201, summary="Publish a new version of a scheme",
             responses=problem_responses(SchemeNotFound, RoleRequired, *VERSION_RULES))
async def publish_version(if_match: IfMatchRequired, etag: SendsETag, location: SendsLocation,
                          scheme: VisibleScheme, body: VersionIn, session: SessionDep,
                          principal: CurrentPrincipal) -> VersionOut:
    """How an office changes weights: a new numbered version that later runs use; it replaces the scheme's
    current rules, so ``If-Match`` with the scheme's ``ETag`` (its latest version, from reading the scheme) is
    required: 428 without it, 412 ``stale_etag`` when another version was published since. Results computed
    with an earlier version keep it and never change. Office of the region only. The answer's ``ETag`` is the
    scheme's new one, for the next version."""
    ensure_office_of(principal, scheme.region_code)
    if_match.check(service.etag(scheme))
    row = await service.publish_version(session, scheme, body, principal)
    location(f"/api/v1/scoring-schemes/{scheme.id}/versions/{row.version}")
    etag(service.etag(scheme))
    return VersionOut.model_validate(row)
