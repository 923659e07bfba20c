"""Routes of the organisation: regions, units, people, posts (职务) with their holders, systems (体系)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, Query, Response, UploadFile

from tuijin.kernel.access import RoleRequired, ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, Principal, RegionForbidden, Role, require_roles
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag, content_version
from tuijin.kernel.limits import PayloadTooLarge, megabytes
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.workbooks import WorkbookRefused, WorkbookTooLarge
from tuijin.registry.deps import VisiblePost, VisibleUnit
from tuijin.registry.organisation import repository as repo
from tuijin.registry.organisation import service, starting_set, workbook
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.organisation.errors import (
    AlreadyHolder,
    InvalidReference,
    OrganisationWorkbookInvalid,
    PostNotFound,
    PostTitleTaken,
    RegionExists,
    RegionNotFound,
    StartBeforeCurrent,
    SystemNameTaken,
    UnitNameTaken,
    UnitNotFound,
)
from tuijin.registry.organisation.models import Person, Post, Region, Unit
from tuijin.registry.organisation.schemas import (
    HolderChange,
    HolderOut,
    OrganisationImportOut,
    PersonIn,
    PersonOut,
    PostIn,
    PostOut,
    RegionIn,
    RegionOut,
    StartingSetOut,
    SystemIn,
    SystemOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)
from tuijin.registry.profiles import service as profiles
from tuijin.registry.profiles.errors import UnknownProfile
from tuijin.registry.project_lists.table import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
router = APIRouter(prefix="/api/v1", tags=["organisation"])

AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]
OFFICE = (RoleRequired, RegionForbidden)  # ensure_office_of: not the office, or another region's office


@router.post("/regions", status_code=201, summary="Register a region",
             responses=problem_responses(RegionExists, InvalidReference, UnknownProfile))
async def create_region(body: RegionIn, session: SessionDep, principal: AdminPrincipal) -> RegionOut:
    """A province, prefecture or county by its 6-digit code (admin only). The region starts ready: the shipped
    procedure catalogue and the registry's policies are installed with it, and ``region.created`` asks the
    scoring service for the default schemes and the issues service for its policies (each installs its part
    when the event reaches it); see ``POST /api/v1/regions/{region_code}/starting-set``. With ``profile`` the
    region's registry policies of that profile are set for this business year right after, and ``region.created``
    carries the profile so that each service applies its part (see ``POST /api/v1/regions/{region_code}/profile``);
    an unknown profile is a 422 naming ``body.profile``."""
    region = await service.create_region(session, body)
    started = await starting_set.install(session, region, profile=body.profile)
    if body.profile is not None:
        await profiles.apply(session, region, body.profile, started.year, principal, event=None)
    return RegionOut.model_validate(region)


@router.post("/regions/{region_code}/starting-set", summary="Install a region's starting set",
             responses=problem_responses(RegionNotFound))
async def install_starting_set(region_code: str, session: SessionDep, _: AdminPrincipal) -> StartingSetOut:
    """What a region created before its starting set existed lacks, added now (admin only): the shipped procedure
    types it misses and the registry's policies it has no value of; the scoring and issues services are asked
    (``region.starting_set_requested``) to add the default schemes and policies the region misses. Nothing the
    region has is changed, so calling it again changes nothing (it answers empty lists)."""
    region = await service.get_region(session, region_code)
    return await starting_set.install(session, region, starting_set.REQUESTED)


@router.get("/regions", summary="List regions")
async def list_regions(session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep) -> Page[RegionOut]:
    """The regions the caller may see (their own and the ones below it), by code; keyset-paginated."""
    rows, cursor = await paginate(session, repo.regions_query(principal), order=[Region.code], params=page)
    return Page(items=[RegionOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


# ---------------------------------------------------------------- units


@router.post("/units", status_code=201, summary="Create a unit",
             responses=problem_responses(*OFFICE, RegionNotFound, UnitNameTaken))
async def create_unit(etag: SendsETag, body: UnitIn, session: SessionDep, principal: CurrentPrincipal) -> UnitOut:
    """A department, township, park committee, enterprise or leading body of the region."""
    ensure_office_of(principal, body.region_code)
    unit = await service.create_unit(session, body)
    etag(unit.version)
    return UnitOut.model_validate(unit)


@router.get("/units", summary="List units")
async def list_units(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: str | None = None,
    kind: UnitKind | None = None,
) -> Page[UnitOut]:
    """Units of the caller's region, by name; keyset-paginated."""
    stmt = repo.units_query(principal, region_code, kind.value if kind else None)
    rows, cursor = await paginate(session, stmt, order=[Unit.name, Unit.id], params=page)
    return Page(items=[UnitOut.model_validate(u) for u in rows], next_cursor=cursor, limit=page.limit)


@router.get("/units/{unit_id}", summary="Read a unit", responses=problem_responses(UnitNotFound))
async def get_unit(etag: SendsETag, unit: VisibleUnit) -> UnitOut:
    """The unit with its ETag (for a change)."""
    etag(unit.version)
    return UnitOut.model_validate(unit)


@router.patch("/units/{unit_id}", summary="Change a unit", responses=problem_responses(*OFFICE, UnitNotFound))
async def patch_unit(
    if_match: IfMatchRequired, etag: SendsETag, unit: VisibleUnit, body: UnitPatch, session: SessionDep,
    principal: CurrentPrincipal,
) -> UnitOut:
    """Rename, re-classify or deactivate a unit (If-Match required)."""
    ensure_office_of(principal, unit.region_code)
    if_match.check(unit.version)
    await service.patch_unit(session, unit, body)
    etag(unit.version)
    return UnitOut.model_validate(unit)


# ---------------------------------------------------------------- people and posts


@router.post("/people", status_code=201, summary="Register a person",
             responses=problem_responses(*OFFICE, RegionNotFound, UnitNotFound))
async def create_person(body: PersonIn, session: SessionDep, principal: CurrentPrincipal) -> PersonOut:
    """A person of the region (a leader, a team member, a unit's head), optionally of a unit."""
    ensure_office_of(principal, body.region_code)
    return PersonOut.model_validate(await service.create_person(session, body, principal))


@router.get("/people", summary="List people")
async def list_people(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: str | None = None,
    unit_id: uuid.UUID | None = None,
) -> Page[PersonOut]:
    """People of the caller's region, by name; keyset-paginated."""
    stmt = repo.people_query(principal, region_code, unit_id)
    rows, cursor = await paginate(session, stmt, order=[Person.name, Person.id], params=page)
    return Page(items=[PersonOut.model_validate(p) for p in rows], next_cursor=cursor, limit=page.limit)


@router.post("/posts", status_code=201, summary="Create a post (职务)",
             responses=problem_responses(*OFFICE, RegionNotFound, UnitNotFound, PostTitleTaken))
async def create_post(body: PostIn, session: SessionDep, principal: CurrentPrincipal) -> PostOut:
    """A post such as 副县长（分管交通）; projects name the post as their responsible leader."""
    ensure_office_of(principal, body.region_code)
    post = await service.create_post(session, body, principal)
    return (await service.posts_out(session, [post]))[0]


@router.get("/posts", summary="List posts with their current holders")
async def list_posts(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: str | None = None
) -> Page[PostOut]:
    """Posts of the caller's region in display order (rank, then title), each with today's holder;
    keyset-paginated."""
    stmt = repo.posts_query(principal, region_code)
    rows, cursor = await paginate(session, stmt, order=[Post.rank, Post.title, Post.id], params=page)
    return Page(items=await service.posts_out(session, list(rows)), next_cursor=cursor, limit=page.limit)


@router.get("/posts/{post_id}", summary="Read a post with its holder", responses=problem_responses(PostNotFound))
async def get_post(etag: SendsETag, post: VisiblePost, session: SessionDep) -> PostOut:
    """The post with today's holder; its ETag is what a change of holder sends as If-Match."""
    out = (await service.posts_out(session, [post]))[0]
    etag(content_version(out))
    return out


@router.put("/posts/{post_id}/holder", summary="Hand a post to a new holder",
            responses=problem_responses(*OFFICE, PostNotFound, InvalidReference, AlreadyHolder, StartBeforeCurrent))
async def change_holder(
    if_match: IfMatchRequired, etag: SendsETag, post: VisiblePost, body: HolderChange, session: SessionDep,
    principal: CurrentPrincipal,
) -> PostOut:
    """The successor takes over every project of the post without a new document (接任者自行替补);
    the history keeps who held it when. If-Match: the ETag of ``GET /posts/{post_id}`` (a holder changed
    meanwhile is a 412)."""
    ensure_office_of(principal, post.region_code)
    if_match.check(content_version((await service.posts_out(session, [post]))[0]))
    await service.change_post_holder(session, post, body.person_id, body.start_date, principal)
    out = (await service.posts_out(session, [post]))[0]
    etag(content_version(out))
    return out


@router.get("/posts/{post_id}/holdings", summary="Who held a post when", responses=problem_responses(PostNotFound))
async def post_holdings(post: VisiblePost, session: SessionDep) -> list[HolderOut]:
    """Bounded: the holdings of one post, oldest first (a post changes hands a few times a term; a bare list)."""
    return await service.holdings(session, post)


# ---------------------------------------------------------------- systems


@router.post("/systems", status_code=201, summary="Create a system (体系)",
             responses=problem_responses(*OFFICE, RegionNotFound, UnitNotFound, SystemNameTaken))
async def create_system(body: SystemIn, session: SessionDep, principal: CurrentPrincipal) -> SystemOut:
    """A system of the region with the unit that convenes its weekly meeting."""
    ensure_office_of(principal, body.region_code)
    return SystemOut.model_validate(await service.create_system(session, body, principal))


@router.get("/systems", summary="List systems")
async def list_systems(
    session: SessionDep, principal: CurrentPrincipal, region_code: str | None = None
) -> list[SystemOut]:
    """Bounded: the systems (体系) of the regions the caller sees, a handful per region (a county keeps about
    ten), by region and order; a bare list, as the meetings service reads it."""
    return [SystemOut.model_validate(s) for s in await repo.systems(session, principal, region_code)]


# ---------------------------------------------------------------- the organisation workbook (组织机构工作簿)

ORGANISATION_UPLOAD_PATHS = (r"/api/v1/regions/[^/]+/organisation/imports",)
"""The workbook import's path: its body may be ``TUIJIN_MAX_UPLOAD_BYTES``."""
RegionCode = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])]
WORKBOOK_IMPORT = problem_responses(RoleRequired, RegionNotFound, OrganisationWorkbookInvalid, WorkbookRefused,
                                    WorkbookTooLarge, PayloadTooLarge)


async def _office_region(session: SessionDep, principal: Principal, region_code: str) -> Region:
    """The region, for its own office or an admin: another region's office gets 404 (nothing says it exists),
    another role 403 ``role_required``."""
    if not principal.has_any(Role.office):
        raise RoleRequired("Only the key-project office (重点办) of the region or an admin does this.")
    if not principal.can_see_region(region_code):
        raise RegionNotFound(f"No region {region_code}.")
    return await service.get_region(session, region_code)


def _xlsx(content: bytes, filename: str, fallback: str) -> Response:
    return Response(content, media_type=XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": content_disposition(filename, fallback)})


@router.get("/regions/{region_code}/organisation/template.xlsx", summary="Download the organisation workbook template",
            response_class=Response, responses={**XLSX_RESPONSE, **problem_responses(RoleRequired, RegionNotFound)})
async def organisation_template(region_code: RegionCode, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """The empty organisation workbook (组织机构导入模板): sheets 单位, 人员, 岗位, 系统 and 账号 with Chinese
    headers (required ones starred), drop-downs bound to the unit kinds, the units and people of the workbook and
    the roles, and the instructions sheet 填写说明. Office of the region or admin."""
    region = await _office_region(session, principal, region_code)
    return _xlsx(await workbook.template(), f"{region.name}组织机构导入模板.xlsx", f"organisation-{region_code}.xlsx")


@router.get("/regions/{region_code}/organisation/export.xlsx", summary="Export a region's organisation workbook",
            response_class=Response, responses={**XLSX_RESPONSE, **problem_responses(RoleRequired, RegionNotFound)})
async def organisation_export(region_code: RegionCode, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """The region's units, people, posts with their current holders and systems as the organisation workbook,
    which imports back unchanged (edit it and import it to make changes). Its 账号 sheet is empty here: the
    gateway's ``GET /api/v1/regions/{region_code}/organisation-workbook/export.xlsx`` fills it. Office of the
    region or admin."""
    region = await _office_region(session, principal, region_code)
    return _xlsx(await workbook.export(session, region), f"{region.name}组织机构.xlsx",
                 f"organisation-{region_code}.xlsx")


@router.post(
    "/regions/{region_code}/organisation/imports", summary="Import a region's organisation workbook",
    responses=WORKBOOK_IMPORT,
    openapi_extra={"requestBody": {"content": {"multipart/form-data": {
        "example": {"file": "栾川县组织机构.xlsx (the workbook's bytes)"}}}}},
)
async def import_organisation(
    region_code: RegionCode,
    file: Annotated[UploadFile, File(description="the filled-in organisation workbook (.xlsx)")],
    session: SessionDep,
    principal: CurrentPrincipal,
    dry_run: Annotated[bool, Query(description="check only: answer the errors, or the counts of what would be "
                                               "created and changed, and write nothing")] = False,
) -> OrganisationImportOut:
    """Create and update the region's units, people, posts (with their current holders) and systems from the
    organisation workbook, all or nothing (office of the region or admin; another region's office gets 404).

    Every row of every sheet is checked first: any error answers 422 ``organisation_workbook_invalid`` listing
    **every** error, each with ``sheet``, ``row``, ``column`` (the column label) and a Chinese ``message``
    (``field`` = ``<sheet>.<row>.<column>``, e.g. ``人员.3.所在单位``), and nothing is written. Rows are matched
    by natural keys (unit name within the region, person name + unit, post name, system name), so the same file
    imported again changes nothing; blank optional cells keep what is recorded. A new holder of a post takes it
    from 任职起始日期 (today if blank), the previous holder's term ending the day before.

    The 账号 sheet is checked only for the unit and person it names, which the answer resolves to ids (the
    gateway's ``POST /api/v1/regions/{region_code}/organisation-workbook`` imports the accounts too). The file is
    checked before it is read (at most 10 MB, 413; a file that is not an .xlsx is a 422 naming ``file``)."""
    region = await _office_region(session, principal, region_code)
    data = await file.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookTooLarge("file", "file_too_large", f"文件超过 {megabytes(MAX_WORKBOOK_BYTES)} MB。")
    return await workbook.import_workbook(session, region, data, dry_run=dry_run, principal=principal)
