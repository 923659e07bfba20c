"""Incoming approval item changes (审批事项变更): each is recorded in the sync log and applied to the project's
procedure once and in version order, whether it came by the pull, a push or a replay. The pull opens its own
short transactions (one per change, the cursor after each page) and calls the platform with none open;
:func:`receive` and :func:`replay` are request-bound and never commit."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.registry.models import Project
from tuijin.registry.procedures import repository as proc_repo
from tuijin.registry.procedures import service as proc_service
from tuijin.registry.procedures.enums import ProcedureSource, ProcedureStatus
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType, ProjectProcedure
from tuijin.registry.procedures.schemas import ProcedureIn, StatusChangeIn
from tuijin.registry.province import repository as repo
from tuijin.registry.province import service
from tuijin.registry.province.access import office_sees
from tuijin.registry.province.enums import LOCAL_STATUS, PlatformItemStatus, SyncChannel, SyncOutcome
from tuijin.registry.province.errors import (
    AlreadyReplayed,
    DateInFuture,
    DocumentMissing,
    ItemNotMapped,
    NotFailed,
    PlatformThrottled,
    ProcedureTypeInactive,
    ProjectNotLinked,
    SyncEntryNotFound,
)
from tuijin.registry.province.models import ItemState, SyncCursor, SyncEntry
from tuijin.registry.province.schemas import VERSION_MAX, ApprovalItem, ItemEvent, PullResult


def platform_principal(region_code: str) -> Principal:
    """Who changes a procedure when the platform does (kept in the procedure's history)."""
    return Principal(sub=f"province-platform:{region_code}", roles=frozenset({Role.service.value}))


def _reason(item: ApprovalItem) -> str:
    status = PlatformItemStatus(item.status)
    parts = [f"省平台：{item.item_name or item.item_code}{status.label}（事项 {item.item_id}，版本 {item.version}）"]
    if item.department:
        parts.append(item.department)
    if item.note:
        parts.append(item.note)
    return "；".join(parts)[:500]


# ---------------------------------------------------------------- applying one change


def _check_document(item: ApprovalItem, target: ProcedureStatus) -> None:
    """A done item carries its document number and a document date that is not in the future."""
    if target != ProcedureStatus.done:
        return
    if not item.document_number.strip():
        raise DocumentMissing("A done item needs its document number (批复文号).", field="item.document_number")
    if item.document_date is None:
        raise DocumentMissing("A done item needs its document date.", field="item.document_date")
    if item.document_date > today():
        raise DateInFuture("The document date is in the future.", field="item.document_date")


async def _resolve(
    session: AsyncSession, region_code: str, item: ApprovalItem
) -> tuple[Project, ProcedureType, ProcedureStatus]:
    """The linked project, the mapped procedure type and the local status the item stands for."""
    link = await repo.active_link_by_code(session, region_code, item.project_code)
    if link is None:
        raise ProjectNotLinked(
            f"No project of region {region_code} is linked as {item.project_code}.", field="item.project_code"
        )
    mapping = await repo.mapping_by_code(session, region_code, item.item_code)
    if mapping is None:
        raise ItemNotMapped(
            f"No procedure type is mapped to the platform item {item.item_code}.", field="item.item_code"
        )
    project = await repo.project(session, link.project_id)
    ptype = await repo.procedure_type(session, mapping.procedure_type_id)
    target = ProcedureStatus(LOCAL_STATUS[PlatformItemStatus(item.status)])
    _check_document(item, target)
    return project, ptype, target


async def _procedure(session: AsyncSession, project: Project, ptype: ProcedureType) -> ProjectProcedure | None:
    """The project's procedure of that type, or None when it is still to be added (refused for a type no
    longer in use, before anything is written)."""
    procedure = await proc_repo.find(session, project.id, ptype.id)
    if procedure is None and not ptype.is_active:
        raise ProcedureTypeInactive(
            f"{ptype.name} is no longer in use in the catalogue.", field="item.item_code"
        )
    return procedure


async def _keep_in_history(
    session: AsyncSession, region_code: str, procedure: ProjectProcedure, item: ApprovalItem
) -> None:
    """A platform change that leaves the local status as it is (a corrected approval of a done item, 需补正 and
    its note while in progress): the reason and the history keep it like a status change, from and to the same
    status."""
    procedure.status_reason = _reason(item)
    session.add(
        ProcedureStatusChange(
            procedure_id=procedure.id,
            seq=await proc_repo.next_seq(session, procedure.id),
            from_status=procedure.status,
            to_status=procedure.status,
            approval_number=procedure.approval_number,
            approval_date=procedure.approval_date,
            reason=procedure.status_reason,
            changed_by=platform_principal(region_code).sub,
            changed_at=utcnow(),
        )
    )


async def _bring_status(
    session: AsyncSession,
    region_code: str,
    project: Project,
    procedure: ProjectProcedure,
    item: ApprovalItem,
    target: ProcedureStatus,
    previous: ItemState | None,
) -> None:
    """Move the procedure to the item's status, as the platform. When the local status stays, what the platform
    said is still kept (reason and history) for a done item's corrected approval, a note, 需补正 (what to
    correct) and the step after it (the item back in progress once corrected); the plain steps 已收件 → 已受理
    → 办理中 within in progress add nothing."""
    number = item.document_number.strip()
    if procedure.status != target.value:
        done = target == ProcedureStatus.done
        change = StatusChangeIn(
            status=target,
            approval_number=number if done else "",
            approval_date=item.document_date if done else None,
            reason=_reason(item),
        )
        await proc_service.change_status(session, project, procedure, change, platform_principal(region_code))
        return
    if target == ProcedureStatus.done and (
        procedure.approval_number != number or procedure.approval_date != item.document_date
    ):
        procedure.approval_number, procedure.approval_date = number, item.document_date
        await _keep_in_history(session, region_code, procedure, item)
        return
    correction = PlatformItemStatus.needs_correction.value
    said_before = previous.platform_status if previous is not None else None
    if item.note.strip() or correction in (item.status, said_before):
        await _keep_in_history(session, region_code, procedure, item)


def _record_state(state: ItemState, item: ApprovalItem, project: Project, procedure: ProjectProcedure) -> None:
    state.item_code = item.item_code
    state.project_id = project.id
    state.procedure_id = procedure.id
    state.version = item.version
    state.platform_status = PlatformItemStatus(item.status).value
    state.document_number = item.document_number
    state.document_date = item.document_date
    state.department = item.department
    state.applied_at = utcnow()


async def _apply(session: AsyncSession, region_code: str, item: ApprovalItem, state: ItemState | None) -> ItemState:
    """Bring the item's state into the project's procedure. Every check comes before the first write, so a
    refused change leaves nothing half-written."""
    project, ptype, target = await _resolve(session, region_code, item)
    procedure = await _procedure(session, project, ptype)
    if procedure is None:
        procedure = await proc_service.add_procedure(session, project, ProcedureIn(procedure_type_id=ptype.id))
    procedure.source = ProcedureSource.provincial_platform.value
    await _bring_status(session, region_code, project, procedure, item, target, state)
    await session.flush()
    if state is None:
        state = ItemState(region_code=region_code, item_id=item.item_id)
        session.add(state)
    _record_state(state, item, project, procedure)
    await session.flush()
    return state


# ---------------------------------------------------------------- the sync log


def logged_version(value: Any) -> int:
    """The version as the sync log keeps it: an integer, or a string of decimal digits (as the contract allows),
    within 64 bits; 0 for anything else (the entry then fails naming ``item.version``)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= VERSION_MAX:
        return value
    return 0


def _entry(region_code: str, raw: dict[str, Any], channel: SyncChannel) -> SyncEntry:
    """The log entry of a change as it came (failed until it is applied or skipped)."""
    item_raw = raw.get("item") if isinstance(raw.get("item"), dict) else {}
    return SyncEntry(
        region_code=region_code,
        channel=channel.value,
        event_id=str(raw.get("event_id", ""))[:100],
        item_id=str(item_raw.get("item_id", ""))[:100],
        item_code=str(item_raw.get("item_code", ""))[:60],
        national_code=str(item_raw.get("project_code", ""))[:24],
        version=logged_version(item_raw.get("version")),
        platform_status=str(item_raw.get("status", ""))[:24],
        payload=raw,
        outcome=SyncOutcome.failed.value,
        received_at=utcnow(),
    )


def _malformed(exc: ValidationError) -> str:
    return (
        "malformed change: "
        + "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())[:1900]
    )


async def _decide(session: AsyncSession, region_code: str, item: ApprovalItem, entry: SyncEntry) -> None:
    """Skip a version the item already has (duplicate) or an older one (stale); else apply it. The item is
    claimed first, so concurrent deliveries of one item decide one after the other."""
    await repo.claim_item(session, region_code, item.item_id)
    state = await repo.item_state(session, region_code, item.item_id)
    if state is not None and item.version <= state.version:
        same = item.version == state.version
        entry.outcome = (SyncOutcome.duplicate if same else SyncOutcome.stale).value
        entry.reason = f"version {item.version} {'already applied' if same else f'is older than {state.version}'}"
        entry.procedure_id = state.procedure_id
        return
    try:
        applied = await _apply(session, region_code, item, state)
    except ProblemError as exc:
        entry.reason = str(exc.detail or exc.code)
    else:
        entry.outcome = SyncOutcome.applied.value
        entry.procedure_id = applied.procedure_id
        entry.reason = f"{PlatformItemStatus(item.status).label} → 手续状态 {LOCAL_STATUS[item.status]}"


async def receive(session: AsyncSession, region_code: str, raw: dict[str, Any], channel: SyncChannel) -> SyncEntry:
    """Record one incoming change in the sync log and apply it unless the item already has this version
    (duplicate) or a higher one (stale)."""
    entry = _entry(region_code, raw, channel)
    try:
        event = ItemEvent.model_validate(raw)
    except ValidationError as exc:
        entry.reason = _malformed(exc)
    else:
        await _decide(session, region_code, event.item, entry)
    session.add(entry)
    await session.flush()
    return entry


async def visible_entry(session: AsyncSession, entry_id: uuid.UUID, principal: Principal) -> SyncEntry:
    """The sync log entry, for the office of its region (404 for a region the caller does not see)."""
    entry = await repo.sync_entry(session, entry_id)
    if not office_sees(principal, entry):
        raise SyncEntryNotFound("No such sync log entry.")
    return entry


async def replay(session: AsyncSession, entry: SyncEntry) -> SyncEntry:
    """Apply a failed entry again (after the mapping or the link was fixed); the outcome is a new entry."""
    if entry.outcome != SyncOutcome.failed.value:
        raise NotFailed(f"Only failed entries are replayed; this one is {entry.outcome}.")
    if entry.replayed_at is not None:
        raise AlreadyReplayed("This entry was replayed already.")
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
        cfg = await service.enabled_config(session, region_code)
        cursor_row = await repo.cursor(session, region_code)
        _not_throttled(cursor_row)
        cursor = cursor_row.cursor if cursor_row and not project_code else ""
        client = service.client_for(state, cfg)
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
                await _save_cursor(sessionmaker, region_code, cursor)
            if not page.get("has_more"):
                break
    except PlatformThrottled as exc:
        await _save_throttle(sessionmaker, region_code, cursor if not project_code else None, exc)
        raise
    except ProblemError as exc:
        if not project_code:
            await _save_cursor(sessionmaker, region_code, cursor, error=str(exc.detail or exc.code))
        raise
    if not project_code:
        await _save_cursor(sessionmaker, region_code, cursor, succeeded=True)
    result.cursor = cursor
    return result


def _not_throttled(row: SyncCursor | None) -> None:
    """Honour the platform's last 429: no call before its Retry-After has passed (the region's scheduled pull,
    a pull asked for and a project's pull alike)."""
    if row is None or row.throttled_until is None:
        return
    left = (row.throttled_until - utcnow()).total_seconds()
    if left > 0:
        raise PlatformThrottled(
            f"省平台要求暂缓调用，{left:.0f} 秒后再拉取。The provincial platform asked for no calls until"
            f" {row.throttled_until.isoformat()}.",
            retry_after=left,
        )


async def _save_throttle(
    sessionmaker: async_sessionmaker[AsyncSession], region_code: str, cursor: str | None, exc: PlatformThrottled
) -> None:
    """A 429: keep the cursor reached (the pages read stay read), the instant before which no pull is made, and
    the error, as a failed pull (the lag keeps growing; ``last_success_at`` stays)."""
    async with sessionmaker() as session, session.begin():
        row = await repo.cursor(session, region_code)
        if row is None:
            row = SyncCursor(region_code=region_code, cursor="")
            session.add(row)
        now = utcnow()
        if cursor is not None:
            row.cursor = cursor
        row.last_pulled_at = now
        row.last_error, row.last_error_at = str(exc.detail)[:2000], now
        row.throttled_until = now + timedelta(seconds=exc.retry_after)
        row.throttled_count = (row.throttled_count or 0) + 1


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
    sessionmaker: async_sessionmaker[AsyncSession],
    region_code: str,
    cursor: str,
    *,
    error: str | None = None,
    succeeded: bool = False,
) -> None:
    """Keep where the pull stopped and when it was tried. A failure sets ``last_error_at`` and leaves
    ``last_success_at`` where it was (so the time since the last success is the lag an operator reads); a pull
    that read every page sets ``last_success_at`` and clears the error text (``last_error_at`` stays)."""
    async with sessionmaker() as session, session.begin():
        row = await repo.cursor(session, region_code)
        if row is None:
            row = SyncCursor(region_code=region_code)
            session.add(row)
        now = utcnow()
        row.cursor = cursor
        row.last_pulled_at = now
        if error is not None:
            row.last_error, row.last_error_at = error[:2000], now
        if succeeded:
            row.last_success_at, row.last_error = now, ""
