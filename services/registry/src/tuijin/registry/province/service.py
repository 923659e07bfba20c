"""Rules of the provincial platform adapter: configuration, linking a project by its national code (checked
and verified with the platform before the link holds), the item-to-procedure mapping, applying approval
item changes to procedures once and in version order, the pull, webhook signatures, the sync log with
its replay, and the delivery of outgoing reports. Request-bound functions never commit; the pull and the
delivery (jobs) open their own short transactions."""

from __future__ import annotations

import hashlib
import hmac
import random
import uuid
from datetime import timedelta
from typing import Any

import httpx
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.db import is_postgres
from tuijin.kernel.errors import Conflict, NotFound, ProblemError, Unauthorized, invalid_field
from tuijin.registry.models import Project
from tuijin.registry.organisation.service import get_region
from tuijin.registry.procedures import repository as proc_repo
from tuijin.registry.procedures import service as proc_service
from tuijin.registry.procedures.enums import ProcedureSource, ProcedureStatus
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType
from tuijin.registry.procedures.schemas import ProcedureIn, StatusChangeIn
from tuijin.registry.province.client import ClientConfig, PlatformClient, TokenBucket
from tuijin.registry.province.egress import check_ref, check_url
from tuijin.registry.province.enums import (
    LOCAL_STATUS,
    DeliveryStatus,
    LinkStatus,
    PlatformItemStatus,
    SyncChannel,
    SyncOutcome,
)
from tuijin.registry.province.models import (
    ItemMapping,
    ItemState,
    OutboundReport,
    ProjectLink,
    ProvinceConfig,
    SyncCursor,
    SyncEntry,
)
from tuijin.registry.province.schemas import (
    ApprovalItem,
    ConfigIn,
    ConfigOut,
    ItemEvent,
    LinkIn,
    MappingIn,
    MappingOut,
    MappingPatch,
    PullResult,
)
from tuijin.registry.province.settings import ProvinceSettings, province_settings, resolve_secret

# the demo province's approval items (审批事项) and the shipped procedure types they fill in
DEFAULT_ITEMS: list[tuple[str, str, str]] = [
    ("HN-FG-01", "企业投资项目核准 / 备案", "approval_filing"),
    ("HN-FG-02", "政府投资项目可行性研究报告审批", "feasibility_study"),
    ("HN-ZR-01", "建设项目用地预审与选址意见书", "land_pre_review"),
    ("HN-HB-01", "建设项目环境影响评价审批", "eia"),
    ("HN-FG-03", "固定资产投资项目节能审查", "energy_review"),
    ("HN-LY-01", "使用林地审核审批", "forest_land"),
    ("HN-SL-01", "生产建设项目水土保持方案审批", "soil_water"),
    ("HN-ZJ-01", "建筑工程施工许可", "construction_permit"),
]


def platform_principal(region_code: str) -> Principal:
    """Who changes a procedure when the platform does (kept in the procedure's history)."""
    return Principal(sub=f"province-platform:{region_code}", roles=frozenset({Role.service.value}))


# ---------------------------------------------------------------- configuration


async def find_config(session: AsyncSession, region_code: str) -> ProvinceConfig | None:
    return await session.get(ProvinceConfig, region_code)


async def get_config(session: AsyncSession, region_code: str) -> ProvinceConfig:
    cfg = await find_config(session, region_code)
    if cfg is None:
        raise NotFound(f"Region {region_code} has no provincial platform configured.", code="province_not_configured")
    return cfg


async def config_out(session: AsyncSession, cfg: ProvinceConfig) -> ConfigOut:
    cursor = await session.get(SyncCursor, cfg.region_code)
    return ConfigOut(
        region_code=cfg.region_code,
        base_url=cfg.base_url,
        enabled=cfg.enabled,
        credential_ref=cfg.credential_ref,
        credential_available=resolve_secret(cfg.credential_ref, cfg.region_code, "credential") is not None,
        webhook_secret_ref=cfg.webhook_secret_ref,
        webhook_secret_available=bool(cfg.webhook_secret_ref)
        and resolve_secret(cfg.webhook_secret_ref, cfg.region_code, "webhook") is not None,
        timeout_seconds=cfg.timeout_seconds,
        max_retries=cfg.max_retries,
        backoff_seconds=cfg.backoff_seconds,
        rate_per_second=cfg.rate_per_second,
        burst=cfg.burst,
        page_size=cfg.page_size,
        cursor=cursor.cursor if cursor else "",
        last_pulled_at=cursor.last_pulled_at if cursor else None,
        last_error=cursor.last_error if cursor else "",
        version=cfg.version,
        updated_at=cfg.updated_at,
    )


def check_config(region_code: str, body: ConfigIn, settings: ProvinceSettings) -> None:
    """The base URL is one an admin allowed and the references name the region's own secrets (422 naming the
    field otherwise); nothing of the secrets is read here."""
    try:
        check_url(body.base_url, settings.host_rules())
    except ValueError as exc:
        raise invalid_field("body.base_url", f"省平台地址不被允许：{exc}", "base_url_not_allowed") from None
    refs = [("body.credential_ref", body.credential_ref, "credential")]
    if body.webhook_secret_ref:
        refs.append(("body.webhook_secret_ref", body.webhook_secret_ref, "webhook"))
    for field, ref, purpose in refs:
        try:
            check_ref(ref, region_code, purpose, settings.secrets_dir)
        except ValueError as exc:
            raise invalid_field(field, f"不允许的密钥引用：{exc}", "secret_ref_not_allowed") from None


async def put_config(session: AsyncSession, region_code: str, body: ConfigIn, principal: Principal) -> ProvinceConfig:
    await get_region(session, region_code)
    check_config(region_code, body, province_settings())
    cfg = await session.get(ProvinceConfig, region_code)
    if cfg is None:
        cfg = ProvinceConfig(region_code=region_code, **body.model_dump(), updated_by=principal.sub)
        session.add(cfg)
    else:
        for field, value in body.model_dump().items():
            setattr(cfg, field, value)
        cfg.updated_by = principal.sub
    await session.flush()
    return cfg


def client_for(state: Any, cfg: ProvinceConfig) -> PlatformClient:
    """A client for the region with its credential read now, its rate-limit bucket shared by this process,
    and (in tests) an in-process transport to the platform."""
    token = resolve_secret(cfg.credential_ref, cfg.region_code, "credential")
    if token is None:
        raise Conflict(
            f"省平台凭据 {cfg.credential_ref} 不可用（未设置，或不是本地区允许的引用）。The credential named by "
            f"{cfg.credential_ref} is not available to the registry, or is not one the region may use.",
            code="province_secret_missing",
        )
    buckets: dict[str, TokenBucket] = state.__dict__.setdefault("_province_buckets", {})
    bucket = buckets.get(cfg.region_code)
    if bucket is None:
        bucket = buckets[cfg.region_code] = TokenBucket(cfg.rate_per_second, cfg.burst)
    else:
        bucket.reconfigure(cfg.rate_per_second, cfg.burst)
    transport: httpx.AsyncBaseTransport | None = getattr(state, "province_transport", None)
    settings = province_settings()
    return PlatformClient(
        ClientConfig(
            region_code=cfg.region_code,
            base_url=cfg.base_url,
            token=token,
            timeout_seconds=cfg.timeout_seconds,
            max_retries=cfg.max_retries,
            backoff_seconds=cfg.backoff_seconds,
        ),
        bucket,
        transport,
        rules=settings.host_rules,
        resolve=getattr(state, "province_resolver", None),
    )


# ---------------------------------------------------------------- links


async def link_project(session: AsyncSession, state: Any, body: LinkIn, principal: Principal) -> ProjectLink:
    """Link a project by its national code: the code has the national form (checked by the schema), is the
    project's own code (or the project has none yet), is not linked to another project, and the platform
    knows it. Only then the link holds."""
    project = await session.get(Project, body.project_id)
    if project is None or not principal.can_see_region(project.region_code):
        raise invalid_field("body.project_id", "No such project.", "invalid_reference")
    cfg = await get_config(session, project.region_code)
    if not cfg.enabled:
        raise Conflict("The region's provincial platform link is switched off.", code="province_disabled")
    if project.national_code and project.national_code != body.national_code:
        raise invalid_field(
            "body.national_code",
            f"The project is registered with the national code {project.national_code}.",
            "national_code_mismatch",
        )
    taken = await session.scalar(
        select(Project.id).where(Project.national_code == body.national_code, Project.id != project.id)
    )
    if taken is not None:
        raise Conflict(
            f"The national code {body.national_code} belongs to another project.", code="national_code_taken"
        )
    existing = await session.scalar(select(ProjectLink).where(ProjectLink.national_code == body.national_code))
    if existing is not None and existing.project_id != project.id:
        raise Conflict(
            f"The national code {body.national_code} is linked to another project.", code="national_code_taken"
        )
    current = await session.scalar(select(ProjectLink).where(ProjectLink.project_id == project.id))
    if current is not None and current.status == LinkStatus.linked.value:
        raise Conflict(f"The project is already linked as {current.national_code}.", code="already_linked")
    record = await client_for(state, cfg).verify_project(body.national_code)
    if record is None:
        raise invalid_field(
            "body.national_code",
            f"The provincial platform does not know the national code {body.national_code}.",
            "unknown_on_platform",
        )
    now = utcnow()
    if current is None:
        current = ProjectLink(project_id=project.id, region_code=project.region_code)
        session.add(current)
    current.national_code = body.national_code
    current.status = LinkStatus.linked.value
    current.platform_name = str(record.get("name", ""))[:200]
    current.verified_at = now
    current.linked_by = principal.sub
    if not project.national_code:
        project.national_code = body.national_code
    await session.flush()
    return current


async def unlink(session: AsyncSession, link: ProjectLink) -> ProjectLink:
    """Stop exchanging with the platform for this project; its history stays."""
    link.status = LinkStatus.unlinked.value
    await session.flush()
    return link


# ---------------------------------------------------------------- mapping


async def _region_type(session: AsyncSession, region_code: str, type_id: uuid.UUID, field: str) -> ProcedureType:
    ptype = await session.get(ProcedureType, type_id)
    if ptype is None or ptype.region_code != region_code:
        raise invalid_field(field, "No such procedure type in the region's catalogue.", "invalid_reference")
    return ptype


async def mapping_out(session: AsyncSession, mappings: list[ItemMapping]) -> list[MappingOut]:
    types = await proc_repo.types_by_id(session, {m.procedure_type_id for m in mappings})
    return [
        MappingOut(
            id=m.id,
            region_code=m.region_code,
            item_code=m.item_code,
            item_name=m.item_name,
            procedure_type_id=m.procedure_type_id,
            procedure_code=types[m.procedure_type_id].code,
            procedure_name=types[m.procedure_type_id].name,
        )
        for m in mappings
    ]


async def region_mappings(session: AsyncSession, region_code: str) -> list[ItemMapping]:
    stmt = select(ItemMapping).where(ItemMapping.region_code == region_code).order_by(ItemMapping.item_code)
    return list((await session.scalars(stmt)).all())


async def add_mapping(session: AsyncSession, region_code: str, body: MappingIn) -> ItemMapping:
    await get_region(session, region_code)
    await _region_type(session, region_code, body.procedure_type_id, "body.procedure_type_id")
    known = await session.scalar(
        select(ItemMapping.id).where(ItemMapping.region_code == region_code, ItemMapping.item_code == body.item_code)
    )
    if known is not None:
        raise Conflict(f"The item {body.item_code} is already mapped.", code="item_already_mapped")
    mapping = ItemMapping(region_code=region_code, **body.model_dump())
    session.add(mapping)
    await session.flush()
    return mapping


async def patch_mapping(session: AsyncSession, mapping: ItemMapping, body: MappingPatch) -> ItemMapping:
    data = body.model_dump(exclude_unset=True)
    if "procedure_type_id" in data:
        if data["procedure_type_id"] is None:
            raise invalid_field("body.procedure_type_id", "A mapping always names a procedure type.", "required")
        await _region_type(session, mapping.region_code, data["procedure_type_id"], "body.procedure_type_id")
    if "item_name" in data and data["item_name"] is None:
        raise invalid_field("body.item_name", "item_name cannot be removed.", "required")
    for field, value in data.items():
        setattr(mapping, field, value)
    await session.flush()
    return mapping


async def install_default_mappings(session: AsyncSession, region_code: str) -> list[ItemMapping]:
    """Map the demo province's items to the shipped procedure types the region has; returns those added."""
    await get_region(session, region_code)
    types = {t.code: t for t in await proc_repo.region_types(session, region_code)}
    mapped = {m.item_code for m in await region_mappings(session, region_code)}
    added = [
        ItemMapping(region_code=region_code, item_code=code, item_name=name, procedure_type_id=types[ptype].id)
        for code, name, ptype in DEFAULT_ITEMS
        if code not in mapped and ptype in types
    ]
    session.add_all(added)
    await session.flush()
    return added


# ---------------------------------------------------------------- applying item changes


def _reason(item: ApprovalItem) -> str:
    status = PlatformItemStatus(item.status)
    parts = [f"省平台：{item.item_name or item.item_code}{status.label}（事项 {item.item_id}，版本 {item.version}）"]
    if item.department:
        parts.append(item.department)
    if item.note:
        parts.append(item.note)
    return "；".join(parts)[:500]


async def _apply(session: AsyncSession, region_code: str, item: ApprovalItem, state: ItemState | None) -> ItemState:
    """Bring the item's state into the project's procedure. Every check comes before the first write, so a
    refused change leaves nothing half-written."""
    link = await session.scalar(
        select(ProjectLink).where(
            ProjectLink.region_code == region_code,
            ProjectLink.national_code == item.project_code,
            ProjectLink.status == LinkStatus.linked.value,
        )
    )
    if link is None:
        raise invalid_field(
            "item.project_code",
            f"No project of region {region_code} is linked as {item.project_code}.",
            "project_not_linked",
        )
    mapping = await session.scalar(
        select(ItemMapping).where(ItemMapping.region_code == region_code, ItemMapping.item_code == item.item_code)
    )
    if mapping is None:
        raise invalid_field(
            "item.item_code", f"No procedure type is mapped to the platform item {item.item_code}.", "item_not_mapped"
        )
    project = await session.get(Project, link.project_id)
    ptype = await session.get(ProcedureType, mapping.procedure_type_id)
    target = ProcedureStatus(LOCAL_STATUS[PlatformItemStatus(item.status)])
    if target == ProcedureStatus.done:
        if not item.document_number.strip():
            raise invalid_field("item.document_number", "A done item needs its document number (批复文号).", "missing")
        if item.document_date is None:
            raise invalid_field("item.document_date", "A done item needs its document date.", "missing")
        if item.document_date > today():
            raise invalid_field("item.document_date", "The document date is in the future.", "date_in_future")
    procedure = await proc_repo.find(session, project.id, ptype.id)
    if procedure is None and not ptype.is_active:
        raise invalid_field(
            "item.item_code", f"{ptype.name} is no longer in use in the catalogue.", "procedure_type_inactive"
        )
    if procedure is None:
        procedure = await proc_service.add_procedure(session, project, ProcedureIn(procedure_type_id=ptype.id))
    procedure.source = ProcedureSource.provincial_platform.value
    number = item.document_number.strip()
    if procedure.status == target.value == ProcedureStatus.done.value and (
        procedure.approval_number != number or procedure.approval_date != item.document_date
    ):
        # the platform corrected the approval of a done item: kept in the history like a status change
        procedure.approval_number, procedure.approval_date = number, item.document_date
        procedure.status_reason = _reason(item)
        session.add(
            ProcedureStatusChange(
                procedure_id=procedure.id,
                seq=await proc_repo.next_seq(session, procedure.id),
                from_status=ProcedureStatus.done.value,
                to_status=ProcedureStatus.done.value,
                approval_number=number,
                approval_date=item.document_date,
                reason=procedure.status_reason,
                changed_by=platform_principal(region_code).sub,
                changed_at=utcnow(),
            )
        )
    elif procedure.status != target.value:
        done = target == ProcedureStatus.done
        await proc_service.change_status(
            session,
            project,
            procedure,
            StatusChangeIn(
                status=target,
                approval_number=item.document_number.strip() if done else "",
                approval_date=item.document_date if done else None,
                reason=_reason(item),
            ),
            platform_principal(region_code),
        )
    await session.flush()
    if state is None:
        state = ItemState(region_code=region_code, item_id=item.item_id)
        session.add(state)
    state.item_code = item.item_code
    state.project_id = project.id
    state.procedure_id = procedure.id
    state.version = item.version
    state.platform_status = PlatformItemStatus(item.status).value
    state.document_number = item.document_number
    state.document_date = item.document_date
    state.department = item.department
    state.applied_at = utcnow()
    await session.flush()
    return state


async def receive(session: AsyncSession, region_code: str, raw: dict[str, Any], channel: SyncChannel) -> SyncEntry:
    """Record one incoming change in the sync log and apply it unless the item already has this version
    (duplicate) or a higher one (stale)."""
    item_raw = raw.get("item") if isinstance(raw.get("item"), dict) else {}
    entry = SyncEntry(
        region_code=region_code,
        channel=channel.value,
        event_id=str(raw.get("event_id", ""))[:100],
        item_id=str(item_raw.get("item_id", ""))[:100],
        item_code=str(item_raw.get("item_code", ""))[:60],
        national_code=str(item_raw.get("project_code", ""))[:24],
        version=item_raw.get("version") if isinstance(item_raw.get("version"), int) else 0,
        platform_status=str(item_raw.get("status", ""))[:24],
        payload=raw,
        outcome=SyncOutcome.failed.value,
        received_at=utcnow(),
    )
    try:
        event = ItemEvent.model_validate(raw)
    except ValidationError as exc:
        entry.reason = (
            "malformed change: "
            + "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())[:1900]
        )
        session.add(entry)
        await session.flush()
        return entry
    item = event.item
    stmt = select(ItemState).where(ItemState.region_code == region_code, ItemState.item_id == item.item_id)
    if is_postgres(session):  # a push and a pull of the same item wait for each other
        stmt = stmt.with_for_update()
    state = await session.scalar(stmt)
    if state is not None and item.version <= state.version:
        same = item.version == state.version
        entry.outcome = (SyncOutcome.duplicate if same else SyncOutcome.stale).value
        entry.reason = f"version {item.version} {'already applied' if same else f'is older than {state.version}'}"
        entry.procedure_id = state.procedure_id
    else:
        try:
            applied = await _apply(session, region_code, item, state)
        except ProblemError as exc:
            entry.reason = str(exc.detail or exc.code)
        else:
            entry.outcome = SyncOutcome.applied.value
            entry.procedure_id = applied.procedure_id
            entry.reason = f"{PlatformItemStatus(item.status).label} → 手续状态 {LOCAL_STATUS[item.status]}"
    session.add(entry)
    await session.flush()
    return entry


async def replay(session: AsyncSession, entry: SyncEntry) -> SyncEntry:
    """Apply a failed entry again (after the mapping or the link was fixed); the outcome is a new entry."""
    if entry.outcome != SyncOutcome.failed.value:
        raise Conflict(f"Only failed entries are replayed; this one is {entry.outcome}.", code="not_failed")
    if entry.replayed_at is not None:
        raise Conflict("This entry was replayed already.", code="already_replayed")
    again = await receive(session, entry.region_code, entry.payload, SyncChannel.replay)
    entry.replayed_at = utcnow()
    entry.replay_entry_id = again.id
    await session.flush()
    return again


# ---------------------------------------------------------------- pull


async def pull(
    sessionmaker: async_sessionmaker[AsyncSession],
    state: Any,
    region_code: str,
    *,
    project_code: str | None = None,
    max_pages: int = 50,
) -> PullResult:
    """Ask the platform for what changed since the region's cursor, page by page; each change is applied in
        its own short transaction and the cursor moves after each page (a failed change stays in the log for a
        replay). Network calls happen with no transaction open. With ``project_code``, one project's whole item
    history is read from the start (after linking it) and the region's cursor stays where it is."""
    result = PullResult(region_code=region_code)
    async with sessionmaker() as session:
        cfg = await get_config(session, region_code)
        if not cfg.enabled:
            raise Conflict(
                f"Region {region_code}'s provincial platform link is switched off.", code="province_disabled"
            )
        cursor_row = await session.get(SyncCursor, region_code)
        cursor = cursor_row.cursor if cursor_row and not project_code else ""
        client = client_for(state, cfg)
        page_size = cfg.page_size
    try:
        for _ in range(max_pages):
            page = await client.changes(cursor, page_size, project_code)
            result.pages += 1
            for raw in page["changes"]:
                result.received += 1
                outcome = await _receive_alone(sessionmaker, region_code, raw if isinstance(raw, dict) else {})
                setattr(result, outcome, getattr(result, outcome) + 1)
            cursor = str(page.get("next_cursor") or cursor)
            if not project_code:
                await _save_cursor(sessionmaker, region_code, cursor, "")
            if not page.get("has_more"):
                break
    except ProblemError as exc:
        if not project_code:
            await _save_cursor(sessionmaker, region_code, cursor, str(exc.detail or exc.code))
        raise
    result.cursor = cursor
    return result


async def _receive_alone(sessionmaker: async_sessionmaker[AsyncSession], region_code: str, raw: dict[str, Any]) -> str:
    """Receive one pulled change in its own transaction; when a push of the same item's first version won a
    race (the item's unique row), receive it again, and it is then a duplicate."""
    try:
        async with sessionmaker() as session, session.begin():
            return (await receive(session, region_code, raw, SyncChannel.pull)).outcome
    except IntegrityError:
        async with sessionmaker() as session, session.begin():
            return (await receive(session, region_code, raw, SyncChannel.pull)).outcome


async def _save_cursor(
    sessionmaker: async_sessionmaker[AsyncSession], region_code: str, cursor: str, error: str
) -> None:
    async with sessionmaker() as session, session.begin():
        row = await session.get(SyncCursor, region_code)
        if row is None:
            row = SyncCursor(region_code=region_code)
            session.add(row)
        row.cursor = cursor
        row.last_pulled_at = utcnow()
        row.last_error = error[:2000]


# ---------------------------------------------------------------- webhook


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` under the region's webhook secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def check_webhook(
    cfg: ProvinceConfig | None, timestamp: str | None, given: str | None, body: bytes, settings: ProvinceSettings
) -> None:
    """Refuse a push that is not signed with the region's secret or whose timestamp is outside the window."""
    secret = (
        resolve_secret(cfg.webhook_secret_ref, cfg.region_code, "webhook")
        if cfg and cfg.webhook_secret_ref and cfg.enabled
        else None
    )
    if secret is None:
        raise Unauthorized("The region takes no pushes from the provincial platform.", code="webhook_not_configured")
    if not timestamp or not given:
        raise Unauthorized("X-Province-Timestamp and X-Province-Signature are required.", code="signature_missing")
    try:
        sent = int(timestamp)
    except ValueError:
        raise Unauthorized("X-Province-Timestamp is not a Unix time in seconds.", code="timestamp_invalid") from None
    if abs(utcnow().timestamp() - sent) > settings.webhook_window_seconds:
        raise Unauthorized(
            f"The timestamp is more than {settings.webhook_window_seconds} s away from now.", code="timestamp_stale"
        )
    if not hmac.compare_digest(signature(secret, timestamp, body), given.strip()):
        raise Unauthorized("The signature does not match the body.", code="signature_invalid")


# ---------------------------------------------------------------- delivery of outgoing reports


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession], state: Any, settings: ProvinceSettings, *, batch: int = 200
) -> dict[str, int]:
    """Send due reports of enabled regions in the order they were made; a region stops at its first failure
    (so its reports keep their order) and retries later with backoff; after the maximum attempts a report
    waits for an operator's replay. The platform drops a repeated report id, so a report sent again after a
    lost answer still arrives once."""
    counts = {"delivered": 0, "retrying": 0, "dead": 0, "skipped": 0}
    now = utcnow()
    async with sessionmaker() as session:
        configs = {
            c.region_code: c
            for c in (await session.scalars(select(ProvinceConfig).where(ProvinceConfig.enabled.is_(True)))).all()
        }
        rows = (
            await session.scalars(
                select(OutboundReport)
                .where(
                    OutboundReport.status == DeliveryStatus.pending.value, OutboundReport.region_code.in_(list(configs))
                )
                .order_by(OutboundReport.created_at, OutboundReport.id)
                .limit(batch)
            )
        ).all()
    blocked: set[str] = set()
    clients: dict[str, PlatformClient | None] = {}
    for row in rows:
        region = row.region_code
        if region in blocked:
            counts["skipped"] += 1
            continue
        if row.next_attempt_at > now:  # an earlier report of this region waits: later ones wait behind it
            blocked.add(region)
            counts["skipped"] += 1
            continue
        if region not in clients:
            try:
                clients[region] = client_for(state, configs[region])
            except ProblemError:
                clients[region] = None
        client = clients[region]
        error = None
        if client is None:
            error = "the region's credential is not available"
        else:
            try:
                await client.send_report(row.id, row.national_code, row.payload)
            except ProblemError as exc:
                error = str(exc.detail or exc.code)
        async with sessionmaker() as session, session.begin():
            report = await session.get(OutboundReport, row.id)
            report.attempts += 1
            if error is None:
                report.status, report.delivered_at, report.last_error = DeliveryStatus.delivered.value, utcnow(), ""
                counts["delivered"] += 1
                continue
            blocked.add(region)
            report.last_error = error[:2000]
            if report.attempts >= settings.deliver_max_attempts:
                report.status = DeliveryStatus.dead.value
                counts["dead"] += 1
            else:
                ceiling = min(
                    settings.deliver_backoff_max_seconds,
                    settings.deliver_backoff_base_seconds * 2 ** (report.attempts - 1),
                )
                report.next_attempt_at = utcnow() + timedelta(seconds=random.uniform(ceiling / 2, ceiling))
                counts["retrying"] += 1
    return counts


async def replay_report(session: AsyncSession, report: OutboundReport) -> OutboundReport:
    """Put a report that gave up (or waits out a backoff) back in line now."""
    if report.status == DeliveryStatus.delivered.value:
        raise Conflict("The report was delivered already.", code="already_delivered")
    report.status = DeliveryStatus.pending.value
    report.attempts = 0
    report.next_attempt_at = utcnow()
    await session.flush()
    return report
