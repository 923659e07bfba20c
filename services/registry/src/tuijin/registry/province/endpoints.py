"""Routes of the provincial platform adapter (投资项目在线审批监管平台), under ``/api/v1/province``: an admin
configures a region's link (address and secret references; the office reads it), the office maps
platform items to procedure types, links projects by national code, pulls now, reads the sync log and
replays what failed, and follows the outgoing reports; the platform pushes item changes to the signed
webhook."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from tuijin.kernel.access import RoleRequired, ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, Principal
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep
from tuijin.registry.deps import VisibleProject
from tuijin.registry.province import delivery, inbound, mapping, outbound, service
from tuijin.registry.province import repository as repo
from tuijin.registry.province.enums import DeliveryStatus, SyncChannel, SyncOutcome
from tuijin.registry.province.errors import (
    PLATFORM_CALL,
    AlreadyDelivered,
    AlreadyLinked,
    AlreadyReplayed,
    BaseUrlNotAllowed,
    DateInFuture,
    FieldRequired,
    InvalidReference,
    ItemAlreadyMapped,
    LinkNotFound,
    MappingNotFound,
    NationalCodeMismatch,
    NationalCodeTaken,
    NotFailed,
    NotReportingToProvince,
    OutboundReportNotFound,
    ProcedureTypeAlreadyMapped,
    ProjectNotFound,
    ProvinceNotConfigured,
    RegionNotFound,
    ReportWriterRequired,
    SecretRefNotAllowed,
    SignatureInvalid,
    SignatureMissing,
    SyncEntryNotFound,
    TimestampInvalid,
    TimestampStale,
    UnknownOnPlatform,
    WebhookBodyInvalid,
    WebhookNotConfigured,
)
from tuijin.registry.province.examples import MAPPING
from tuijin.registry.province.jobs import add_region_job
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
    WebhookResult,
)
from tuijin.registry.province.settings import province_settings
from tuijin.registry.province.webhook import check_webhook, parse_body
from tuijin.registry.reports.service import ensure_writer

router = APIRouter(prefix="/api/v1/province", tags=["provincial platform"])

MAPPING_EDIT = problem_responses(
    MappingNotFound, FieldRequired, InvalidReference, ProcedureTypeAlreadyMapped, ItemAlreadyMapped
)


def _admin(principal: Principal) -> None:
    """Where the registry calls and with which secret is the system administrator's to set, not a county's."""
    if not principal.is_admin:
        raise RoleRequired(
            "只有系统管理员可以修改省平台的连接配置（地址与密钥引用）。"
            "Only an admin changes the provincial platform link."
        )


# ---------------------------------------------------------------- configuration


@router.get(
    "/regions/{region_code}/config",
    summary="The region's platform configuration",
    responses=problem_responses(ProvinceNotConfigured),
)
async def get_config(
    etag: SendsETag, region_code: str, session: SessionDep, principal: CurrentPrincipal
) -> ConfigOut:
    """Base URL, switch, credential references (never the secrets: only whether they are readable), client
    limits and the pull cursor (office, read only; an admin changes it). The ``ETag`` is what a change
    sends back as ``If-Match``."""
    ensure_office_of(principal, region_code)
    cfg = await service.get_config(session, region_code)
    etag(cfg.version)
    return await service.config_out(session, cfg)


@router.put(
    "/regions/{region_code}/config",
    summary="Configure the region's platform",
    responses=problem_responses(RoleRequired, RegionNotFound, BaseUrlNotAllowed, SecretRefNotAllowed),
)
async def put_config(
    if_match: IfMatchOptional, etag: SendsETag, region_code: str, body: ConfigIn, request: Request,
    session: SessionDep, principal: CurrentPrincipal,
) -> ConfigOut:
    """Set the base URL, the switch and the credential references and the client's timeout, retries and rate
    limit (admin only; an office gets 403). The base URL's host must be one an admin allowed in
    ``TUIJIN_PROVINCE_ALLOWED_HOSTS`` (422 naming ``body.base_url`` otherwise). The references name only the
    region's own secrets: ``env:TUIJIN_PROVINCE_<region>_TOKEN`` and ``env:TUIJIN_PROVINCE_<region>_WEBHOOK_SECRET``,
    or ``file:`` a file in ``<TUIJIN_PROVINCE_SECRETS_DIR>/<region>/`` (422 naming the field otherwise).
    The first configuration of a region needs no ``If-Match`` (there is nothing to match); changing an existing
    one needs ``If-Match`` with the ``ETag`` read (428 without, 412 if stale)."""
    _admin(principal)
    existing = await repo.config(session, region_code)
    if existing is not None:
        if_match.check(existing.version, required=True)
    cfg = await service.put_config(session, region_code, body, principal)
    add_region_job(request.app, region_code)
    etag(cfg.version)
    return await service.config_out(session, cfg)


# ---------------------------------------------------------------- mapping


@router.get("/regions/{region_code}/mappings", summary="Item-to-procedure mapping")
async def list_mappings(
    region_code: str, session: SessionDep, principal: CurrentPrincipal, params: PageParamsDep
) -> Page[MappingOut]:
    """Which local procedure type (手续) each platform approval item (审批事项) fills in, by item code."""
    ensure_office_of(principal, region_code)
    rows, cursor = await repo.mappings_page(session, region_code, params)
    return Page[MappingOut](items=await mapping.mapping_out(session, rows), next_cursor=cursor, limit=params.limit)


@router.post(
    "/regions/{region_code}/mappings",
    status_code=201,
    summary="Map an item",
    responses=problem_responses(RegionNotFound, InvalidReference, ItemAlreadyMapped, ProcedureTypeAlreadyMapped),
)
async def add_mapping(
    etag: SendsETag, region_code: str, body: MappingIn, session: SessionDep, principal: CurrentPrincipal
) -> MappingOut:
    """Map a platform item code to a procedure type of the region's catalogue (office)."""
    ensure_office_of(principal, region_code)
    out = await mapping.one_out(session, await mapping.add_mapping(session, region_code, body))
    etag(mapping.mapping_etag(out))
    return out


@router.post(
    "/regions/{region_code}/mappings/defaults",
    summary="Install the demo mapping",
    responses={**problem_responses(RegionNotFound), 200: {"content": {"application/json": {"example": [MAPPING]}}}},
)
async def install_default_mappings(
    region_code: str, session: SessionDep, principal: CurrentPrincipal
) -> list[MappingOut]:
    """Map the demo province's item codes to the shipped procedure types the region has; returns those added.
    Bounded: at most the 8 items of the demo province (none when they are mapped already)."""
    ensure_office_of(principal, region_code)
    return await mapping.mapping_out(session, await mapping.install_default_mappings(session, region_code))


@router.get("/mappings/{mapping_id}", summary="Read a mapping", responses=problem_responses(MappingNotFound))
async def get_mapping(
    etag: SendsETag, mapping_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> MappingOut:
    """One mapping with its ``ETag`` (send it back as ``If-Match`` to change the mapping)."""
    out = await mapping.one_out(session, await mapping.visible_mapping(session, mapping_id, principal))
    etag(mapping.mapping_etag(out))
    return out


@router.patch("/mappings/{mapping_id}", summary="Change a mapping", responses=MAPPING_EDIT)
async def patch_mapping(
    if_match: IfMatchRequired, etag: SendsETag, mapping_id: uuid.UUID, body: MappingPatch, session: SessionDep,
    principal: CurrentPrincipal,
) -> MappingOut:
    """Point an item at another procedure type or rename it (office). Send ``If-Match`` with the ``ETag`` read
    (428 without, 412 when the mapping changed since)."""
    found = await mapping.visible_mapping(session, mapping_id, principal)
    if_match.check(mapping.mapping_etag(await mapping.one_out(session, found)))
    out = await mapping.one_out(session, await mapping.patch_mapping(session, found, body))
    etag(mapping.mapping_etag(out))
    return out


@router.delete(
    "/mappings/{mapping_id}", status_code=204, summary="Remove a mapping", responses=problem_responses(MappingNotFound)
)
async def delete_mapping(mapping_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Changes of an unmapped item fail in the sync log until it is mapped again (then replay them)."""
    await mapping.delete_mapping(session, await mapping.visible_mapping(session, mapping_id, principal))
    return Response(status_code=204)


# ---------------------------------------------------------------- links


@router.post(
    "/links",
    status_code=201,
    summary="Link a project by its national code",
    responses=problem_responses(
        InvalidReference, NationalCodeMismatch, NationalCodeTaken, AlreadyLinked, UnknownOnPlatform, *PLATFORM_CALL
    ),
)
async def link_project(
    location: SendsLocation, body: LinkIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> LinkOut:
    """Check the national code (项目代码, both forms), then verify it with the provincial platform; only a code
    the platform knows is linked (422 naming ``body.national_code`` otherwise; 503 when the platform is down)."""
    project = await repo.project(session, body.project_id)
    if project is not None:
        ensure_office_of(principal, project.region_code)
    link = await service.link_project(session, request.app.state, body, principal)
    location(f"/api/v1/province/links/{link.id}")
    return LinkOut.model_validate(link)


@router.get("/links", summary="Linked projects")
async def list_links(
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    region_code: Annotated[str, Query(pattern=r"^\d{6}$")],
) -> Page[LinkOut]:
    """Projects of the region linked to the platform, with when they were verified."""
    ensure_office_of(principal, region_code)
    rows, cursor = await repo.links_page(session, region_code, params)
    return Page[LinkOut](items=[LinkOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit)


@router.delete("/links/{link_id}", summary="Unlink a project", responses=problem_responses(LinkNotFound))
async def unlink(link_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> LinkOut:
    """Stop the exchange for this project (its procedures and history stay)."""
    link = await service.visible_link(session, link_id, principal)
    return LinkOut.model_validate(await service.unlink(session, link))


@router.post(
    "/links/{link_id}/pull",
    summary="Read a linked project's items from the start",
    responses=problem_responses(LinkNotFound, *PLATFORM_CALL),
)
async def pull_project(link_id: uuid.UUID, request: Request, principal: CurrentPrincipal) -> PullResult:
    """Bring in every approval item of one linked project (after linking it); versions already applied are
    skipped, so this is safe to repeat."""
    async with request.app.state.sessionmaker() as session:
        link = await service.visible_link(session, link_id, principal)
        region, code = link.region_code, link.national_code
    return await inbound.pull(request.app.state.sessionmaker, request.app.state, region, project_code=code)


# ---------------------------------------------------------------- pull and the sync log


@router.post("/regions/{region_code}/pull", summary="Pull now", responses=problem_responses(*PLATFORM_CALL))
async def pull_region(region_code: str, request: Request, principal: CurrentPrincipal) -> PullResult:
    """The office's button: ask the platform now for what changed since the region's cursor."""
    ensure_office_of(principal, region_code)
    return await inbound.pull(request.app.state.sessionmaker, request.app.state, region_code)


@router.get("/regions/{region_code}/sync-log", summary="The sync log")
async def sync_log(
    region_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    outcome: SyncOutcome | None = None,
    national_code: str | None = None,
    item_id: str | None = None,
    channel: SyncChannel | None = None,
) -> Page[SyncEntryOut]:
    """What came from the platform, newest first: applied, duplicate, stale or failed, and why. Filters: the
    outcome, the project's national code, the platform's item id and the channel (pull, webhook, replay)."""
    ensure_office_of(principal, region_code)
    rows, cursor = await repo.sync_log_page(
        session, region_code, params, outcome=outcome, national_code=national_code, item_id=item_id, channel=channel
    )
    return Page[SyncEntryOut](
        items=[SyncEntryOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit
    )


@router.post(
    "/sync-log/{entry_id}/replay",
    summary="Replay a failed entry",
    responses=problem_responses(SyncEntryNotFound, NotFailed, AlreadyReplayed),
)
async def replay_entry(entry_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SyncEntryOut:
    """Apply a failed change again (after fixing the mapping or the link); returns the new entry."""
    entry = await inbound.visible_entry(session, entry_id, principal)
    return SyncEntryOut.model_validate(await inbound.replay(session, entry))


# ---------------------------------------------------------------- webhook


@router.post(
    "/webhook/{region_code}",
    summary="Approval item changes pushed by the platform",
    responses=problem_responses(
        WebhookNotConfigured, SignatureMissing, TimestampInvalid, TimestampStale, SignatureInvalid,
        WebhookBodyInvalid,
    ),
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
    changes nothing. Each change is applied once however often it comes, and in version order. The answer
    has one entry per event of the push (at most 500)."""
    body = await request.body()
    cfg = await repo.config(session, region_code)
    check_webhook(cfg, x_province_timestamp, x_province_signature, body, province_settings())
    events = parse_body(body)
    results = [await inbound.receive(session, region_code, event, SyncChannel.webhook) for event in events]
    return WebhookResult(results=[SyncEntryOut.model_validate(e) for e in results])


# ---------------------------------------------------------------- outgoing reports


@router.post(
    "/projects/{project_id}/unit-reports",
    status_code=201,
    summary="Report a suspension or resumption",
    responses=problem_responses(ProjectNotFound, ReportWriterRequired, DateInFuture, NotReportingToProvince),
)
async def report_suspension(
    project: VisibleProject, body: UnitReportIn, session: SessionDep, principal: CurrentPrincipal
) -> OutboundReportOut:
    """停工 / 复工 of a linked provincial-list project, queued for the platform (the responsible or owner unit,
    or the office). Start, progress and completion are queued by stage changes and monthly reports."""
    ensure_writer(principal, project)
    if body.report_date > today():
        raise DateInFuture("The report date is in the future.", field="body.report_date")
    report = await outbound.queue_report(session, project, body.kind, body.report_date, {"reason": body.reason})
    if report is None:
        raise NotReportingToProvince("Only a linked provincial-list project (省级重大项目) reports to the platform.")
    return OutboundReportOut.model_validate(report)


@router.get("/regions/{region_code}/outbound-reports", summary="Outgoing reports")
async def list_reports(
    region_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    params: PageParamsDep,
    status: DeliveryStatus | None = None,
) -> Page[OutboundReportOut]:
    """Reports to the platform, newest first, with their delivery status and last error."""
    ensure_office_of(principal, region_code)
    rows, cursor = await repo.reports_page(session, region_code, params, status=status)
    return Page[OutboundReportOut](
        items=[OutboundReportOut.model_validate(x) for x in rows], next_cursor=cursor, limit=params.limit
    )


@router.post(
    "/outbound-reports/{report_id}/replay",
    summary="Send a report again",
    responses=problem_responses(OutboundReportNotFound, AlreadyDelivered),
)
async def replay_report(report_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> OutboundReportOut:
    """Put a report that gave up back in line now (the platform drops a repeat, so it still arrives once)."""
    return OutboundReportOut.model_validate(
        await delivery.replay_report(session, await delivery.visible_report(session, report_id, principal))
    )
