"""Storing, listing, streaming and removing attachments, with nothing half-written: the content is stored first and
the row written after; if the row cannot be written (or the request is refused later and rolled back) the stored
objects are removed (:func:`tuijin.kernel.db.on_rollback`); if storage fails no row is written."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import structlog
from fastapi import UploadFile
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.attachments.content import Inspected, inspect_file
from tuijin.kernel.attachments.enums import AttachmentKind
from tuijin.kernel.attachments.errors import AttachmentNotFound, FileTooLarge, StorageUnavailable
from tuijin.kernel.attachments.models import AttachmentMixin
from tuijin.kernel.attachments.schemas import AttachmentOut, PhotoPlace
from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import on_commit, on_rollback
from tuijin.kernel.jobs import Job
from tuijin.kernel.limits import megabytes
from tuijin.kernel.storage import ObjectNotFound, Storage, StorageError, StoredObject, new_key

READ_CHUNK = 1024 * 1024
log = structlog.get_logger("tuijin.attachments")


@dataclass(frozen=True)
class AttachmentTarget:
    """The record files are attached to, as its owning domain sees it for the caller."""

    kind: str
    """``problem``, ``progress_report``, ``inspection``, ``site_visit``: a safe key segment."""
    id: uuid.UUID
    region_code: str
    url: str
    """The record's path (``/api/v1/problems/<id>``): the attachments are under ``<url>/attachments``."""
    may_add: bool
    """Whether the caller may add files to it (and remove their own)."""
    open: bool
    """Whether the record still takes changes to its attachments."""
    closed_reason: str = ""
    """Why not, when it does not (``问题已销号``)."""


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refused with a 413 naming ``file`` once past ``limit`` (the rest left unread)."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(f"文件超过 {megabytes(limit)} MB，请压缩或拆分后再上传。", limit)
        parts.append(chunk)
    return b"".join(parts)


def _stored_keys(row: AttachmentMixin) -> list[str]:
    return [k for k in (row.storage_key, row.thumbnail_key) if k]


async def store_attachment(
    session: AsyncSession, storage: Storage, model: type[AttachmentMixin], target: AttachmentTarget, *,
    upload: UploadFile, caption: str, principal: Principal, limit: int,
) -> AttachmentMixin:
    """Check the upload by its content, store it (and a photo's thumbnail), then write its row."""
    data = await read_upload(upload, limit)
    found: Inspected = await anyio.to_thread.run_sync(inspect_file, data, upload.filename)
    digest = hashlib.sha256(data).hexdigest()
    key = new_key("attachments", target.kind)
    stored: list[str] = []

    async def undo() -> None:
        for k in stored:
            try:
                await storage.delete(k)
            except StorageError:  # the store is down: the object stays unreferenced (no row names it)
                log.warning("attachment_undo_failed", key=k)

    on_rollback(session, undo)  # a refused or failed request leaves no object behind
    try:
        await storage.put(key, data, content_type=found.type.media_type)
        stored.append(key)
        thumbnail_key = None
        if found.thumbnail is not None:
            thumbnail_key = f"{key}.thumb.jpg"
            await storage.put(thumbnail_key, found.thumbnail, content_type="image/jpeg")
            stored.append(thumbnail_key)
    except StorageError as exc:
        await undo()
        stored.clear()
        raise StorageUnavailable("The file store is unavailable; nothing was saved.") from exc
    row = model(
        record_kind=target.kind, record_id=target.id, region_code=target.region_code, file_name=found.file_name,
        media_type=found.type.media_type, kind=found.type.kind.value, size_bytes=len(data), sha256=digest,
        storage_key=key, thumbnail_key=thumbnail_key, width=found.width, height=found.height,
        taken_at=found.taken_at, taken_at_offset=found.taken_at_offset, latitude=found.latitude,
        longitude=found.longitude, caption=caption.strip(), uploaded_by=principal.sub,
        uploaded_by_user_id=principal.user_id, uploaded_by_unit_id=principal.unit_id, uploaded_at=utcnow(),
    )
    session.add(row)
    try:
        await session.flush()
    except Exception:
        await undo()
        stored.clear()
        raise
    return row


ORPHAN_AGE = timedelta(hours=6)
"""An object without a row is removed once older than this: far longer than any upload takes between storing its
file and committing its row (real time, not the business clock, which a rehearsal may move)."""


async def sweep_orphans(session: AsyncSession, storage: Storage, model: type[AttachmentMixin], *,
                        older_than: timedelta = ORPHAN_AGE, batch: int = 500) -> dict[str, int]:
    """Remove stored objects under ``attachments/`` that no row names and that are older than ``older_than``: what a
    process that died between storing a file and committing its row left behind."""
    cutoff = datetime.now(UTC) - older_than
    checked = removed = 0
    pending: list[StoredObject] = []

    async def settle(objects: list[StoredObject]) -> int:
        keys = [o.key for o in objects]
        named = set((await session.execute(select(model.storage_key).where(model.storage_key.in_(keys)))).scalars())
        named |= set((await session.execute(
            select(model.thumbnail_key).where(model.thumbnail_key.in_(keys)))).scalars())
        gone = 0
        for o in objects:
            if o.key not in named and o.modified_at < cutoff:
                await storage.delete(o.key)
                gone += 1
        return gone

    async for obj in storage.listing("attachments"):
        checked += 1
        pending.append(obj)
        if len(pending) >= batch:
            removed += await settle(pending)
            pending = []
    if pending:
        removed += await settle(pending)
    return {"checked": checked, "removed": removed}


def orphan_sweep_job(model: type[AttachmentMixin]) -> Job:
    """The background job of a service with attachments (run now: ``POST /api/v1/admin/<app>/jobs/attachment-sweep
    /run``)."""

    async def run(app: Any) -> dict[str, Any]:
        async with app.state.sessionmaker() as session:
            return await sweep_orphans(session, app.state.storage, model)

    return Job("attachment-sweep", run, 3600.0, "remove stored files no attachment row names (older than 6 h)")


def attachments_query(model: type[AttachmentMixin], target: AttachmentTarget) -> Select:
    return select(model).where(model.record_kind == target.kind, model.record_id == target.id)


async def get_attachment(session: AsyncSession, model: type[AttachmentMixin], target: AttachmentTarget,
                         attachment_id: uuid.UUID) -> AttachmentMixin:
    """The attachment of this record (404 ``attachment_not_found`` for one of another record)."""
    row = (await session.execute(
        attachments_query(model, target).where(model.id == attachment_id))).scalar_one_or_none()
    if row is None:
        raise AttachmentNotFound("No such attachment on this record.")
    return row


async def remove_attachment(session: AsyncSession, storage: Storage, row: AttachmentMixin) -> None:
    """Delete the row now and its stored objects once the deletion is committed: a refused request keeps both, and
    an object whose removal fails is only left unreferenced, never a row without its file."""
    keys = _stored_keys(row)
    await session.delete(row)
    await session.flush()

    async def drop() -> None:
        for k in keys:
            await storage.delete(k)

    on_commit(session, drop)


async def open_object(storage: Storage, key: str) -> AsyncIterator[bytes]:
    """The object's chunks, its first chunk already read so a missing or unreachable object is a problem answer
    (404, 503) rather than a broken download."""
    chunks = storage.open(key)
    try:
        first = await anext(chunks, b"")
    except ObjectNotFound as exc:
        raise AttachmentNotFound("The attachment's file is missing.") from exc
    except StorageError as exc:
        raise StorageUnavailable("The file store is unavailable.") from exc

    async def stream() -> AsyncIterator[bytes]:
        if first:
            yield first
        async for chunk in chunks:
            yield chunk

    return stream()


def to_out(row: AttachmentMixin, target: AttachmentTarget) -> AttachmentOut:
    base = f"{target.url}/attachments/{row.id}"
    place = PhotoPlace(latitude=row.latitude, longitude=row.longitude) \
        if row.latitude is not None and row.longitude is not None else None
    return AttachmentOut(
        id=row.id, record_kind=row.record_kind, record_id=row.record_id, file_name=row.file_name,
        media_type=row.media_type, kind=AttachmentKind(row.kind), size_bytes=row.size_bytes, sha256=row.sha256,
        width=row.width, height=row.height, taken_at=row.taken_at, taken_at_offset=row.taken_at_offset,
        place=place, caption=row.caption, uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at,
        download_url=f"{base}/file", thumbnail_url=f"{base}/thumbnail.jpg" if row.thumbnail_key else None,
    )
