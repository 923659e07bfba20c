"""Routes of the yearly target table (一览表): template, import, import history and list export."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile

from tuijin.kernel.access import REGION_WIDE_ROLES, RoleRequired, ensure_office_of, ensure_roles_of
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.limits import PayloadTooLarge, megabytes
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.workbooks import WorkbookTooLarge
from tuijin.registry.organisation import repository as organisation_repo
from tuijin.registry.organisation.errors import InvalidReference, RegionNotFound
from tuijin.registry.project_lists import repository as repo
from tuijin.registry.project_lists import service
from tuijin.registry.project_lists.errors import ExportTooLarge, ImportFileInvalid, ImportNotFound, ImportRowsInvalid
from tuijin.registry.project_lists.models import ListImport
from tuijin.registry.project_lists.schemas import ListImportOut, ListImportSummary
from tuijin.registry.project_lists.table import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.projects import service as core
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.projects.enums import Stage
from tuijin.registry.projects.errors import (
    DatesOutOfOrder,
    DuplicateMember,
    FieldRequired,
    NationalCodeTaken,
    ProjectCodeTaken,
    ResponsibleAsCoUnit,
    StageNotUsed,
    StageTransitionNotAllowed,
)

router = APIRouter(prefix="/api/v1/project-lists", tags=["project lists (一览表)"])
# the list export follows the one pattern of list exports, ``GET <collection>/export.xlsx``: registered before the
# projects router, so that ``/projects/{project_id}`` does not take ``export.xlsx`` for an id
export_router = APIRouter(prefix="/api/v1/projects", tags=["project lists (一览表)"])
UPLOAD_PATHS = (r"/api/v1/project-lists/[^/]+/[^/]+/imports",)
"""The import's path: its body may be ``TUIJIN_MAX_UPLOAD_BYTES`` (a file of up to ``MAX_FILE_BYTES``)."""

READER = (RoleRequired, RegionForbidden)  # the import history: region-wide roles of the region
# an import: the file, its rows, and (in a race with another writer) what registering a row's project refuses
IMPORT = problem_responses(
    RoleRequired, RegionForbidden, RegionNotFound, ImportFileInvalid, ImportRowsInvalid, WorkbookTooLarge,
    PayloadTooLarge, InvalidReference, ProjectCodeTaken, NationalCodeTaken, DuplicateMember, ResponsibleAsCoUnit,
    FieldRequired, StageTransitionNotAllowed, StageNotUsed, DatesOutOfOrder,
)
RegionCode = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])]
Year = Annotated[int, Path(ge=2000, le=2100, examples=[2026])]


def _xlsx(content: bytes, filename: str, fallback: str) -> Response:
    return Response(content, media_type=XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": content_disposition(filename, fallback)})


@router.get(
    "/import-template.xlsx",
    summary="Download the 一览表 template",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(RegionForbidden)},
)
async def import_template(
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="add a sheet with the names this region's cells may use")
    ] = None,
) -> Response:
    """The yearly target table (一览表) to fill in: the header row of the import, drop-downs for
    建设性质 and 扶贫项目, a sheet explaining each column and, with ``region_code``, a sheet listing the
    region's systems, townships, units and leader posts as the cells must name them."""
    if region_code:
        ensure_region(principal, region_code)
    content = await service.template(session, region_code)
    return _xlsx(content, "重点项目一览表导入模板.xlsx", "project-list-template.xlsx")


@export_router.get(
    "/export.xlsx",
    summary="Export a project list as .xlsx",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(ExportTooLarge)},
)
async def export_projects(
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="whose year plan fills the plan columns; "
                                      "this year if omitted")] = None,
    stage: Stage | None = None,
    system_id: uuid.UUID | None = None,
    leader_post_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="responsible, owner or co-organising unit")] = None,
    township_unit_id: uuid.UUID | None = None,
    is_poverty_alleviation: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="text in the name, code or national code")] = None,
) -> Response:
    """The projects ``GET /api/v1/projects`` lists with the same filters (and what the caller may
    see), ordered by code, as a 一览表 in the import's columns plus the leader post's current holder:
    edit it and import it again to update the list."""
    year = year or today().year
    filters = core_repo.ProjectFilters(
        region_code=region_code,
        stage=stage.value if stage else None,
        system_id=system_id,
        leader_post_id=leader_post_id,
        unit_id=unit_id,
        township_unit_id=township_unit_id,
        is_poverty_alleviation=is_poverty_alleviation,
        q=q,
    )
    stmt = core_repo.project_list_query(filters, project_visibility(principal))
    region = await organisation_repo.get_region(session, region_code) if region_code else None
    title = f"{region.name if region else ''}{year}年重点项目一览表"
    content = await service.export_projects(session, stmt, year=year, title=title,
                                           region=region.name if region else None)
    return _xlsx(content, f"{title}.xlsx", f"projects-{region_code or 'all'}-{year}.xlsx")


@router.post(
    "/{region_code}/{year}/imports",
    status_code=201,
    summary="Import a region's 一览表 for a year",
    responses=IMPORT,
    # the form's one part is the workbook itself: the example names the file a clerk uploads
    openapi_extra={"requestBody": {"content": {"multipart/form-data": {
        "example": {"file": "2026年洛宁县重点项目一览表.xlsx (the workbook's bytes)"}}}}},
)
async def import_list(
    location: SendsLocation,
    region_code: RegionCode,
    year: Year,
    file: Annotated[UploadFile, File(description="the filled-in .xlsx (first sheet, a header row with 项目名称)")],
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ListImportOut:
    """Register or update the region's key projects and their plans for ``year`` from a yearly
    target table (office of the region). Rows are matched to registered projects by 项目代码(国家) or
    项目编号 and update them, so importing a corrected table again never duplicates a project;
    units, townships, systems and leader posts are matched by name within the region. Blank optional
    cells leave a registered value as it is.

    Every row is checked first: when any row fails, the answer is a 422 listing **every** error
    (``field`` = ``rows.<row number>.<column>``, e.g. ``rows.12.总投资(万元)``) and nothing is written.
    A table without errors is written in one transaction and recorded as an import.

    The file is checked before it is read: at most 10 MB (413), each part of the workbook at most 32 MB once
    decompressed and 64 MB in all, compressed at most 100 times (413 ``workbook_too_large``); at most 300,000
    cells and 50,000 rows on a sheet (422); a file that is not an .xlsx workbook is a 422 naming ``file``."""
    ensure_office_of(principal, region_code)
    await core.get_region(session, region_code)
    data = await file.read(service.MAX_FILE_BYTES + 1)
    if len(data) > service.MAX_FILE_BYTES:
        raise WorkbookTooLarge("file", "file_too_large",
                               f"文件超过 {megabytes(service.MAX_FILE_BYTES)} MB，请拆分后再导入。")
    record = await service.import_table(
        session, region_code=region_code, year=year, data=data, file_name=file.filename or "", principal=principal
    )
    location(f"/api/v1/project-lists/{region_code}/{year}/imports/{record.id}")
    return ListImportOut.model_validate(record)


def _ensure_reader(principal: CurrentPrincipal, region_code: str) -> None:
    ensure_roles_of(principal, region_code, REGION_WIDE_ROLES,
                    "The import history is for the office, supervisors and viewers.")


@router.get("/{region_code}/{year}/imports", summary="Imports of a region's 一览表",
            responses=problem_responses(*READER))
async def list_imports(
    region_code: RegionCode, year: Year, session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep
) -> Page[ListImportSummary]:
    """Who imported which table for the year and what it did, newest first."""
    _ensure_reader(principal, region_code)
    rows, cursor = await paginate(
        session, repo.imports_query(region_code, year), order=[ListImport.imported_at, ListImport.id],
        params=page, descending=True,
    )
    return Page(items=[ListImportSummary.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{region_code}/{year}/imports/{import_id}", summary="One import with its rows",
            responses=problem_responses(*READER, ImportNotFound))
async def get_import(
    region_code: RegionCode, year: Year, import_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ListImportOut:
    """An import and, per sheet row, the project it created or updated."""
    _ensure_reader(principal, region_code)
    return ListImportOut.model_validate(await service.get_import(session, region_code, year, import_id))

