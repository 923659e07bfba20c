"""Routes of scoring schemes (评分方案): versioned configuration an office publishes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Unauthorized,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.scoring.access import ensure_office_of
from tuijin.scoring.schemes import repository as repo
from tuijin.scoring.schemes import service
from tuijin.scoring.schemes.models import Scheme, SchemeVersion
from tuijin.scoring.schemes.schemas import DefaultsIn, SchemeIn, SchemeOut, VersionIn, VersionOut

router = APIRouter(prefix="/api/v1/scoring-schemes", tags=["scoring: schemes"])
READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", description="行政区划代码 of the region")]


@router.get("", summary="List a region's scoring schemes", responses=READ)
async def list_schemes(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode
) -> Page[SchemeOut]:
    """The region's schemes with their latest version. Everyone in the region reads them."""
    ensure_region(principal, region_code)
    rows, cursor = await paginate(session, repo.list_query(region_code), order=[Scheme.code, Scheme.id], params=page)
    return Page(items=await service.to_out(session, rows), next_cursor=cursor, limit=page.limit)


@router.post("", status_code=201, summary="Create a scoring scheme", responses=WRITE)
async def create_scheme(
    location: SendsLocation, body: SchemeIn, session: SessionDep, principal: CurrentPrincipal
) -> SchemeOut:
    """A scheme (who is ranked, over which period) with its version 1. The weights of the dimensions must add
    up to the total (else 422 ``weights_do_not_add_up``). Office of the region only."""
    ensure_office_of(principal, body.region_code)
    scheme = await service.create_scheme(session, body, principal)
    location(f"/api/v1/scoring-schemes/{scheme.id}")
    return (await service.to_out(session, [scheme]))[0]


@router.post("/defaults", status_code=201, summary="Install the shipped default schemes", responses=WRITE)
async def install_defaults(body: DefaultsIn, session: SessionDep, principal: CurrentPrincipal) -> list[SchemeOut]:
    """Creates the defaults the region lacks (by code): 清水's five-dimension evaluation monthly, quarterly and
    yearly (projects, departments, townships) and 栾川's quarterly observation scoring. Returns those created."""
    ensure_office_of(principal, body.region_code)
    return await service.to_out(session, await service.install_defaults(session, body.region_code, principal))


@router.get("/{scheme_id}", summary="Read a scoring scheme", responses=READ)
async def get_scheme(scheme_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SchemeOut:
    """The scheme with its latest version."""
    scheme = await service.get_scheme(session, scheme_id, principal)
    return (await service.to_out(session, [scheme]))[0]


@router.get("/{scheme_id}/versions", summary="A scheme's versions", responses=READ)
async def list_versions(scheme_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                        page: PageParamsDep) -> Page[VersionOut]:
    """Every published version, newest first; each stays as it was published."""
    scheme = await service.get_scheme(session, scheme_id, principal)
    rows, cursor = await paginate(session, repo.versions_query(scheme.id),
                                  order=[SchemeVersion.version, SchemeVersion.id], params=page, descending=True)
    return Page(items=[VersionOut.model_validate(v) for v in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{scheme_id}/versions/{version}", summary="Read one version of a scheme", responses=READ)
async def get_version(scheme_id: uuid.UUID, version: int, session: SessionDep,
                      principal: CurrentPrincipal) -> VersionOut:
    """One version's dimensions, weights and list sizes."""
    scheme = await service.get_scheme(session, scheme_id, principal)
    row = await repo.version(session, scheme.id, version)
    if row is None:
        raise NotFound("The scheme has no such version.", code="version_not_found")
    return VersionOut.model_validate(row)


@router.post("/{scheme_id}/versions", status_code=201, summary="Publish a new version of a scheme",
             responses=WRITE)
async def publish_version(location: SendsLocation, scheme_id: uuid.UUID, body: VersionIn, session: SessionDep,
                          principal: CurrentPrincipal) -> VersionOut:
    """How an office changes weights: a new numbered version that later runs use. Results computed with an
    earlier version keep it and never change. Office of the region only."""
    scheme = await service.get_scheme(session, scheme_id, principal)
    ensure_office_of(principal, scheme.region_code)
    row = await service.publish_version(session, scheme, body, principal)
    location(f"/api/v1/scoring-schemes/{scheme.id}/versions/{row.version}")
    return VersionOut.model_validate(row)
