"""The attachment routes of one kind of record, added to its domain's router:

- ``POST   <record>/attachments``                     upload (multipart: ``file``, optional ``caption``)
- ``GET    <record>/attachments``                     the record's attachments (a keyset page, oldest first)
- ``GET    <record>/attachments/{attachment_id}``     one attachment's metadata
- ``GET    <record>/attachments/{attachment_id}/file``            the original, as uploaded
- ``GET    <record>/attachments/{attachment_id}/thumbnail.jpg``   a photo's 320 px JPEG
- ``DELETE <record>/attachments/{attachment_id}``     by its uploader or the office, while the record takes changes

The owning domain passes one dependency that yields an :class:`AttachmentTarget`: it reuses the domain's
visibility dependency (a record the caller may not see is that domain's 404, whatever the attachment), and says
whether the caller may add files and whether the record still takes changes.
"""

# no ``from __future__ import annotations``: FastAPI reads these closures' annotations as objects
import uuid
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import StreamingResponse

from tuijin.kernel.attachments import service
from tuijin.kernel.attachments.content import ALLOWED_TEXT, MAX_PIXELS, THUMBNAIL_EDGE
from tuijin.kernel.attachments.errors import (
    AttachmentForbidden,
    AttachmentNotFound,
    AttachmentsLocked,
    FileEmpty,
    FileRefused,
    FileTooLarge,
    FileTypeMismatch,
    ImageUnreadable,
    StorageUnavailable,
)
from tuijin.kernel.attachments.models import AttachmentMixin
from tuijin.kernel.attachments.schemas import AttachmentOut
from tuijin.kernel.attachments.service import AttachmentTarget
from tuijin.kernel.auth import CurrentPrincipal, Principal, Role
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.limits import PayloadTooLarge
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import ControlCharacter, refuse_control_character_in

BINARY = {"schema": {"type": "string", "format": "binary"}}
OCTET = "application/octet-stream"
INLINE = ("image/jpeg", "image/png", "image/webp", "application/pdf")
"""Served inline with their own media type (shown in the browser); Word and Excel files are served as a download
(``application/octet-stream``, named .docx/.xlsx): the .docx/.xlsx media types are the API's generated documents,
each at its own ``<name>.docx|.xlsx`` path."""
SERVED_AS = (*INLINE, OCTET)


def _disposition(name: str, inline: bool) -> str:
    """``Content-Disposition`` with the UTF-8 name (RFC 6266 / 5987) and an ASCII fallback."""
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name) or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def may_remove(principal: Principal, target: AttachmentTarget, row: AttachmentMixin) -> bool:
    """Its uploader (while still allowed to add to the record) or the office of the record's region."""
    if principal.is_admin:
        return True
    if principal.has_any(Role.office) and principal.can_see_region(target.region_code):
        return True
    return target.may_add and row.uploaded_by == principal.sub


def add_attachment_routes(
    router: APIRouter,
    *,
    record_path: str,
    target: Callable[..., Any],
    model: type[AttachmentMixin],
    record_errors: tuple[type, ...],
    record_label: str,
) -> None:
    """Add the attachment routes under ``record_path`` (relative to the router's prefix, e.g. ``/{problem_id}``).
    ``target`` is a dependency yielding the :class:`AttachmentTarget` (raising ``record_errors`` when the record is
    not visible); ``record_label`` names the record in the descriptions (``problem``)."""
    Target = Annotated[AttachmentTarget, Depends(target)]
    base = f"{record_path}/attachments"
    one = f"{base}/{{attachment_id}}"
    read = problem_responses(Unauthorized, *record_errors)
    read_one = problem_responses(Unauthorized, *record_errors, AttachmentNotFound, StorageUnavailable)

    upload_attachment_doc = (
        f"Attach a photo (形象进度照片, 现场照片) or a document to the {record_label}: {ALLOWED_TEXT}. The type is "
        "read from the file's content (its magic bytes), never from its name or the Content-Type sent: a file of "
        "another type is a 422 ``attachment_type_refused``, and a name whose extension says another type than the "
        "content (a PNG named .pdf) a 422 ``attachment_type_mismatch``, both naming the field ``file``. A file over "
        "the attachment limit (``TUIJIN_MAX_ATTACHMENT_BYTES``, 10 MB by default) is a 413 "
        "``attachment_too_large`` naming ``file``; a request body over ``TUIJIN_MAX_UPLOAD_BYTES`` a 413 "
        f"``payload_too_large`` before it is read. A photo must decode and have at most {MAX_PIXELS:,} pixels "
        f"(422 ``image_unreadable``); it gets a {THUMBNAIL_EDGE} px JPEG thumbnail and keeps its EXIF time and "
        "GPS place, shown beside the upload time. Who may add: those who work the record (see its domain); its "
        "attachments change only while the record takes changes (409 ``attachments_locked``). If the file store "
        "fails nothing is written (503); if the row cannot be written the stored file is removed."
    )

    @router.post(
        base, status_code=201, description=upload_attachment_doc,
        summary=f"Attach a photo or document to a {record_label}",
        responses=problem_responses(Unauthorized, *record_errors, AttachmentForbidden, AttachmentsLocked, FileRefused,
                                    FileTypeMismatch, FileEmpty, ImageUnreadable, FileTooLarge, PayloadTooLarge,
                                    ControlCharacter, StorageUnavailable),
        openapi_extra={"requestBody": {"content": {"multipart/form-data": {
            "example": {"file": "桥梁墩柱施工现场.jpg (the file's bytes)", "caption": "2号墩柱钢筋绑扎完成"}}}}},
    )
    async def upload_attachment(
        location: SendsLocation,
        request: Request,
        record: Target,
        file: Annotated[UploadFile, File(description=f"the photo or document: {ALLOWED_TEXT}")],
        session: SessionDep,
        principal: CurrentPrincipal,
        caption: Annotated[str, Form(max_length=200, description="what it shows, e.g. 2号墩柱钢筋绑扎完成")] = "",
    ) -> AttachmentOut:
        refuse_control_character_in("body.caption", caption)
        if not record.may_add:
            raise AttachmentForbidden("You may see this record but not add files to it.")
        if not record.open:
            raise AttachmentsLocked(record.closed_reason or "This record no longer takes files.")
        limit = request.app.state.settings.common.max_attachment_bytes
        row = await service.store_attachment(
            session, request.app.state.storage, model, record, upload=file, caption=caption, principal=principal,
            limit=limit,
        )
        out = service.to_out(row, record)
        location(f"{record.url}/attachments/{row.id}")
        return out


    list_attachments_doc = (
        f"The photos and documents attached to the {record_label}, oldest first, each with its upload time and, "
        f"for a photo, when and where it was taken (EXIF). Only for those who may see the {record_label}: "
        "another region's, or one the caller may not see, is a 404."
    )

    @router.get(base, description=list_attachments_doc, summary=f"A {record_label}'s attachments", responses=read)
    async def list_attachments(
        record: Target, session: SessionDep, page: PageParamsDep,
    ) -> Page[AttachmentOut]:
        rows, cursor = await paginate(
            session, service.attachments_query(model, record), order=[model.uploaded_at, model.id], params=page,
        )
        return Page(items=[service.to_out(r, record) for r in rows], next_cursor=cursor, limit=page.limit)


    @router.get(one, summary="One attachment's details", responses=read_one)
    async def get_attachment(record: Target, attachment_id: uuid.UUID, session: SessionDep) -> AttachmentOut:
        return service.to_out(await service.get_attachment(session, model, record, attachment_id), record)

    get_attachment.__doc__ = f"An attachment of the {record_label}: its type, size, photo time and place."

    download_attachment_doc = (
        f"The file as it was uploaded, with the media type read from its content, for those who may see the "
        f"{record_label} (else 404). Photos and PDFs are served inline (shown in the browser) with their media "
        "type, Word and Excel files as a download (application/octet-stream); the name is the one it was uploaded "
        "with. The attachment's ``media_type`` says what the content is."
    )

    @router.get(
        f"{one}/file", description=download_attachment_doc, summary="Download an attachment",
        response_class=Response,
        responses={**read_one, 200: {"description": "the file as uploaded: a photo or PDF with its media type, a "
                                     "Word or Excel file as application/octet-stream (a download named .docx/.xlsx)",
                                     "content": {m: BINARY for m in SERVED_AS}}},
    )
    async def download_attachment(
        request: Request, record: Target, attachment_id: uuid.UUID, session: SessionDep,
    ) -> StreamingResponse:
        row = await service.get_attachment(session, model, record, attachment_id)
        chunks = await service.open_object(request.app.state.storage, row.storage_key)
        inline = row.media_type in INLINE
        return StreamingResponse(chunks, media_type=row.media_type if inline else OCTET, headers={
            "Content-Disposition": _disposition(row.file_name, inline), "Content-Length": str(row.size_bytes),
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-cache",
        })


    download_thumbnail_doc = (
        f"A {THUMBNAIL_EDGE} px JPEG of a photo (turned upright by its EXIF orientation), for lists and phones; a "
        "document has none (404 ``attachment_not_found``)."
    )

    @router.get(
        f"{one}/thumbnail.jpg", description=download_thumbnail_doc, summary="A photo's thumbnail",
        response_class=Response,
        responses={**read_one, 200: {"description": "a JPEG", "content": {"image/jpeg": BINARY}}},
    )
    async def download_thumbnail(
        request: Request, record: Target, attachment_id: uuid.UUID, session: SessionDep,
    ) -> StreamingResponse:
        row = await service.get_attachment(session, model, record, attachment_id)
        if not row.thumbnail_key:
            raise AttachmentNotFound("A document has no thumbnail.")
        chunks = await service.open_object(request.app.state.storage, row.thumbnail_key)
        return StreamingResponse(chunks, media_type="image/jpeg", headers={
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=86400"})


    delete_attachment_doc = (
        f"Remove a file from the {record_label}: its uploader or the office of the region, while the "
        f"{record_label} still takes changes (409 ``attachments_locked`` after). The row goes at once, the stored "
        "file once the removal is committed."
    )

    @router.delete(
        one, status_code=204, description=delete_attachment_doc, summary="Remove an attachment",
        responses=problem_responses(Unauthorized, *record_errors, AttachmentNotFound, AttachmentForbidden,
                                    AttachmentsLocked),
    )
    async def delete_attachment(
        request: Request, record: Target, attachment_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
    ) -> Response:
        row = await service.get_attachment(session, model, record, attachment_id)
        if not may_remove(principal, record, row):
            raise AttachmentForbidden("Only the uploader or the office removes an attachment.")
        if not record.open:
            raise AttachmentsLocked(record.closed_reason or "This record no longer takes changes to its files.")
        await service.remove_attachment(session, request.app.state.storage, row)
        return Response(status_code=204)



__all__ = ["AttachmentTarget", "add_attachment_routes"]
