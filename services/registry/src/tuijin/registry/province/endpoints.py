"""Routes of the provincial platform adapter (投资项目在线审批监管平台), under ``/api/v1/province``: an admin
configures a region's link (address and secret references; the office reads it), the office maps
platform items to procedure types, links projects by national code, pulls now, reads the sync log and
replays what failed, and follows the outgoing reports; the platform pushes item changes to the signed
webhook."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy import select

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, Principal
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.etag import IfMatchOptional, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.models import Project
from tuijin.registry.province import outbound, service
from tuijin.registry.province.client import PlatformRefused
from tuijin.registry.province.egress import AddressRefused
from tuijin.registry.province.enums import DeliveryStatus, SyncChannel, SyncOutcome
from tuijin.registry.province.jobs import add_region_job
from tuijin.registry.province.models import ItemMapping, OutboundReport, ProjectLink, ProvinceConfig, SyncEntry
from tuijin.registry.province.schemas import (
    ConfigIn,
    ConfigOut,
    LinkIn,
    LinkOut,
    MappingIn,
    MappingOut,
    MappingPatch,
    OutboundReportOut,
    PullResult,
    SyncEntryOut,
    UnitReportIn,
    WebhookBody,
    WebhookResult,
)
from tuijin.registry.province.settings import province_settings
from tuijin.registry.reports.service import ensure_writer

router = APIRouter(prefix="/api/v1/province", tags=["provincial platform"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
CONFIGURE = problem_responses(
    Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed, PreconditionRequired, Unprocessable
)
CALL = problem_responses(
    Unauthorized, Forbidden, NotFound, Conflict, AddressRefused, Unprocessable, PlatformRefused, ServiceUnavailable
)


def _office(principal: Principal, region_code: str) -> None:
    ensure_office_of(principal, region_code)


def _admin(principal: Principal) -> None:
    """Where the registry calls and with which secret is the system administrator's to set, not a county's."""
    if not principal.is_admin:
        raise Forbidden(
            "只有系统管理员可以修改省平台的连接配置（地址与密钥引用）。"
            "Only an admin changes the provincial platform link.",
            code="role_required",
        )


# ---------------------------------------------------------------- configuration


@router.get("/regions/{region_code}/config", summary="The region's platform configuration", responses=READ)
async def get_config(
    etag: SendsETag, region_code: str, session: SessionDep, principal: CurrentPrincipal
) -> ConfigOut:
    """Base URL, switch, credential references (never the secrets: only whether they are readable), client
    limits and the pull cursor (office, read only; an admin changes it). The ``ETag`` is what a change
    sends back as ``If-Match``."""
    _office(principal, region_code)
    cfg = await service.get_config(session, region_code)
    etag(cfg.version)
    return await service.config_out(session, cfg)


@router.put("/regions/{region_code}/config", summary="Configure the region's platform", responses=CONFIGURE)
async def put_config(
    if_match: IfMatchOptional, etag: SendsETag, region_code: str, body: ConfigIn, request: Request,
    session: SessionDep, principal: CurrentPrincipal,
) -> ConfigOut:
    """Set the base URL, the switch and the credential references and the client's timeout, retries and rate
    limit (admin only; an office gets 403). The base URL's host must be one an admin allowed in
    ``TUIJIN_PROVINCE_ALLOWED_HOSTS`` (422 naming ``body.base_url`` otherwise). The references name only the
    region's own secrets: ``env:TUIJIN_PROVINCE_<region>_TOKEN`` and ``env:TUIJIN_PROVINCE_<region>_WEBHOOK_SECRET``,
    or ``file:`` a file in ``<TUIJIN_PROVINCE_SECRETS_DIR>/<region>/`` (422 naming the field otherwise).
    Changing an existing configuration needs ``If-Match`` with the ``ETag`` read (428 without, 412 if stale)."""
    _admin(principal)
    existing = await service.find_config(session, region_code)
    if existing is not None:
        if_match.check(existing.version, required=True)
    cfg = await service.put_config(session, region_code, body, principal)
    add_region_job(request.app, region_code)
    etag(cfg.version)
    return await service.config_out(session, cfg)


# ---------------------------------------------------------------- mapping


@router.get("/regions/{region_code}/mappings", summary="Item-to-procedure mapping", responses=READ)
async def list_mappings(region_code: str, session: SessionDep, principal: CurrentPrincipal) -> list[MappingOut]:
    """Which local procedure type (手续) each platform approval item (审批事项) fills in."""
    _office(principal, region_code)
    return await service.mapping_out(session, await service.region_mappings(session, region_code))


@router.post("/regions/{region_code}/mappings", status_code=201, summary="Map an item", responses=WRITE)
async def add_mapping(
    region_code: str, body: MappingIn, session: SessionDep, principal: CurrentPrincipal
) -> MappingOut:
    """Map a platform item code to a procedure type of the region's catalogue (office)."""
    _office(principal, region_code)
    return (await service.mapping_out(session, [await service.add_mapping(session, region_code, body)]))[0]


@router.post("/regions/{region_code}/mappings/defaults", summary="Install the demo mapping", responses=WRITE)
async def install_default_mappings(
    region_code: str, session: SessionDep, principal: CurrentPrincipal
) -> list[MappingOut]:
    """Map the demo province's item codes to the shipped procedure types the region has; returns those added."""
    _office(principal, region_code)
    return await service.mapping_out(session, await service.install_default_mappings(session, region_code))


async def _mapping(session: SessionDep, mapping_id: uuid.UUID, principal: Principal) -> ItemMapping:
    mapping = await session.get(ItemMapping, mapping_id)
    if mapping is None or not principal.can_see_region(mapping.region_code):
        raise NotFound("No such mapping.", code="mapping_not_found")
    _office(principal, mapping.region_code)
    return mapping


@router.patch("/mappings/{mapping_id}", summary="Change a mapping", responses=WRITE)
async def patch_mapping(
    mapping_id: uuid.UUID, body: MappingPatch, session: SessionDep, principal: CurrentPrincipal
) -> MappingOut:
    """Point an item at another procedure type or rename it (office)."""
    mapping = await service.patch_mapping(session, await _mapping(session, mapping_id, principal), body)
    return (await service.mapping_out(session, [mapping]))[0]


@router.delete("/mappings/{mapping_id}", status_code=204, summary="Remove a mapping", responses=WRITE)
async def delete_mapping(mapping_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Changes of an unmapped item fail in the sync log until it is mapped again (then replay them)."""
    await session.delete(await _mapping(session, mapping_id, principal))
    return Response(status_code=204)


# ---------------------------------------------------------------- links


@router.post("/links", status_code=201, summary="Link a project by its national code", responses=CALL)
async def link_project(
    location: SendsLocation, body: LinkIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> LinkOut:
    """Check the national code (项目代码, both forms), then verify it with the provincial platform; only a code
    the platform knows is linked (422 naming ``body.national_code`` otherwise; 503 when the platform is down)."""
    project = await session.get(Project, body.project_id)
    if project is not None:
        _office(principal, project.region_code)
    link = await service.link_project(session, request.app.state, body, principal)
    location(f"/api/v1/province/links/{link.id}")
    return LinkOut.model_validate(link)


@router.get("/links", summary="Linked projects", responses=READ)
async def list_links(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    region_code: Annotated[str, Query(pattern=r"^\d{6}$")],
) -> Page[LinkOut]:
    """Projects of the region linked to the platform, with when they were verified."""
    _office(principal, region_code)
    stmt = select(ProjectLink).where(ProjectLink.region_code == region_code)
    rows, cursor = await paginate(session, stmt, order=[ProjectLink.created_at, ProjectLink.id], params=params)
    return Page[LinkOut](items=[LinkOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit)


async def _link(session: SessionDep, link_id: uuid.UUID, principal: Principal) -> ProjectLink:
    link = await session.get(ProjectLink, link_id)
    if link is None or not principal.can_see_region(link.region_code):
        raise NotFound("No such link.", code="link_not_found")
    _office(principal, link.region_code)
    return link


@router.delete("/links/{link_id}", summary="Unlink a project", responses=WRITE)
async def unlink(link_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> LinkOut:
    """Stop the exchange for this project (its procedures and history stay)."""
    return LinkOut.model_validate(await service.unlink(session, await _link(session, link_id, principal)))


@router.post("/links/{link_id}/pull", summary="Read a linked project's items from the start", responses=CALL)
async def pull_project(link_id: uuid.UUID, request: Request, principal: CurrentPrincipal) -> PullResult:
    """Bring in every approval item of one linked project (after linking it); versions already applied are
    skipped, so this is safe to repeat."""
    async with request.app.state.sessionmaker() as session:
        link = await _link(session, link_id, principal)
        region, code = link.region_code, link.national_code
    return await service.pull(request.app.state.sessionmaker, request.app.state, region, project_code=code)


# ---------------------------------------------------------------- pull and the sync log


@router.post("/regions/{region_code}/pull", summary="Pull now", responses=CALL)
async def pull_region(region_code: str, request: Request, principal: CurrentPrincipal) -> PullResult:
    """The office's button: ask the platform now for what changed since the region's cursor."""
    _office(principal, region_code)
    return await service.pull(request.app.state.sessionmaker, request.app.state, region_code)


@router.get("/regions/{region_code}/sync-log", summary="The sync log", responses=READ)
async def sync_log(
    region_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    outcome: SyncOutcome | None = None,
    national_code: str | None = None,
) -> Page[SyncEntryOut]:
    """What came from the platform, newest first: applied, duplicate, stale or failed, and why."""
    _office(principal, region_code)
    stmt = select(SyncEntry).where(SyncEntry.region_code == region_code)
    if outcome is not None:
        stmt = stmt.where(SyncEntry.outcome == outcome.value)
    if national_code:
        stmt = stmt.where(SyncEntry.national_code == national_code)
    rows, cursor = await paginate(
        session, stmt, order=[SyncEntry.received_at, SyncEntry.id], params=params, descending=True
    )
    return Page[SyncEntryOut](
        items=[SyncEntryOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit
    )


@router.post("/sync-log/{entry_id}/replay", summary="Replay a failed entry", responses=WRITE)
async def replay_entry(entry_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SyncEntryOut:
    """Apply a failed change again (after fixing the mapping or the link); returns the new entry."""
    entry = await session.get(SyncEntry, entry_id)
    if entry is None or not principal.can_see_region(entry.region_code):
        raise NotFound("No such sync log entry.", code="sync_entry_not_found")
    _office(principal, entry.region_code)
    return SyncEntryOut.model_validate(await service.replay(session, entry))


# ---------------------------------------------------------------- webhook


@router.post(
    "/webhook/{region_code}",
    summary="Approval item changes pushed by the platform",
    responses=problem_responses(BadRequest, Unauthorized, Unprocessable),
)
async def webhook(
    region_code: str,
    request: Request,
    session: SessionDep,
    x_province_timestamp: Annotated[str | None, Header()] = None,
    x_province_signature: Annotated[str | None, Header()] = None,
) -> WebhookResult:
    """Public, but signed: ``X-Province-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`` with the
    region's webhook secret and ``X-Province-Timestamp`` (Unix seconds) within the window. A refused push
    changes nothing. Each change is applied once however often it comes, and in version order."""
    body = await request.body()
    cfg = await session.get(ProvinceConfig, region_code)
    service.check_webhook(cfg, x_province_timestamp, x_province_signature, body, province_settings())
    try:
        parsed = WebhookBody.model_validate(json.loads(body))
    except ValueError as exc:
        raise Unprocessable(
            f"The push is not a valid list of events: {str(exc)[:300]}", code="webhook_body_invalid"
        ) from None
    results = [await service.receive(session, region_code, event, SyncChannel.webhook) for event in parsed.events]
    return WebhookResult(results=[SyncEntryOut.model_validate(e) for e in results])


# ---------------------------------------------------------------- outgoing reports


@router.post(
    "/projects/{project_id}/unit-reports",
    status_code=201,
    summary="Report a suspension or resumption",
    responses=WRITE,
)
async def report_suspension(
    project: VisibleProject, body: UnitReportIn, session: SessionDep, principal: CurrentPrincipal
) -> OutboundReportOut:
    """停工 / 复工 of a linked provincial-list project, queued for the platform (the responsible or owner unit,
    or the office). Start, progress and completion are queued by stage changes and monthly reports."""
    ensure_writer(principal, project)
    if body.report_date > today():
        raise Unprocessable(
            "The report date is in the future.",
            code="date_in_future",
            errors=[{"field": "body.report_date", "message": "in the future", "type": "date_in_future"}],
        )
    report = await outbound.queue_report(session, project, body.kind, body.report_date, {"reason": body.reason})
    if report is None:
        raise Conflict(
            "Only a linked provincial-list project (省级重大项目) reports to the platform.",
            code="not_reporting_to_province",
        )
    return OutboundReportOut.model_validate(report)


@router.get("/regions/{region_code}/outbound-reports", summary="Outgoing reports", responses=READ)
async def list_reports(
    region_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    status: DeliveryStatus | None = None,
) -> Page[OutboundReportOut]:
    """Reports to the platform, newest first, with their delivery status and last error."""
    _office(principal, region_code)
    stmt = select(OutboundReport).where(OutboundReport.region_code == region_code)
    if status is not None:
        stmt = stmt.where(OutboundReport.status == status.value)
    rows, cursor = await paginate(
        session, stmt, order=[OutboundReport.created_at, OutboundReport.id], params=params, descending=True
    )
    return Page[OutboundReportOut](
        items=[OutboundReportOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit
    )


@router.post("/outbound-reports/{report_id}/replay", summary="Send a report again", responses=WRITE)
async def replay_report(report_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> OutboundReportOut:
    """Put a report that gave up back in line now (the platform drops a repeat, so it still arrives once)."""
    report = await session.get(OutboundReport, report_id)
    if report is None or not principal.can_see_region(report.region_code):
        raise NotFound("No such report.", code="report_not_found")
    _office(principal, report.region_code)
    return OutboundReportOut.model_validate(await service.replay_report(session, report))
