"""Views of attachments."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.attachments.enums import AttachmentKind


class PhotoPlace(BaseModel):
    """Where a photo was taken, from its EXIF GPS (decimal degrees, WGS 84 as the phone wrote them)."""

    latitude: Decimal = Field(examples=["33.785123"])
    longitude: Decimal = Field(examples=["111.598765"])


class AttachmentOut(BaseModel):
    """A photo or document attached to a record, with what the file says about itself beside the upload time."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0193e0f4-7c1a-7a51-9b7e-2f4a1c9d8e01", "record_kind": "problem",
        "record_id": "0193e0f4-5a2b-7c3d-8e4f-5a6b7c8d9e0f", "file_name": "桥梁墩柱施工现场.jpg",
        "media_type": "image/jpeg", "kind": "image", "size_bytes": 2483112,
        "sha256": "9f2c0d1e5b7a4c3e8f6d2a1b0c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
        "width": 4032, "height": 3024, "taken_at": "2026-08-28T02:15:40Z", "taken_at_offset": "+08:00",
        "place": {"latitude": "33.785123", "longitude": "111.598765"}, "caption": "2号墩柱钢筋绑扎完成",
        "uploaded_by": "user:zhang.wei", "uploaded_at": "2026-09-29T01:05:12Z",
        "download_url": "/api/v1/problems/0193e0f4-5a2b-7c3d-8e4f-5a6b7c8d9e0f/attachments/"
                        "0193e0f4-7c1a-7a51-9b7e-2f4a1c9d8e01/file",
        "thumbnail_url": "/api/v1/problems/0193e0f4-5a2b-7c3d-8e4f-5a6b7c8d9e0f/attachments/"
                         "0193e0f4-7c1a-7a51-9b7e-2f4a1c9d8e01/thumbnail.jpg",
    }]})

    id: uuid.UUID
    record_kind: str = Field(description="the kind of record it is attached to: problem, progress_report, ...")
    record_id: uuid.UUID
    file_name: str = Field(description="the name it was uploaded with (an extension added when it had none)")
    media_type: str = Field(description="read from the content (magic bytes), not from the name or the client")
    kind: AttachmentKind
    size_bytes: int
    sha256: str = Field(description="SHA-256 of the content, hex")
    width: int | None = Field(None, description="a photo's pixels across")
    height: int | None = None
    taken_at: datetime | None = Field(
        None, description="when the photo was taken (EXIF DateTimeOriginal), UTC; a time without an EXIF offset "
        "is read as Asia/Shanghai")
    taken_at_offset: str | None = Field(None, description="the offset EXIF gave with the time, e.g. +08:00; null "
                                        "when it gave none")
    place: PhotoPlace | None = Field(None, description="where the photo was taken (EXIF GPS), when it says")
    caption: str = ""
    uploaded_by: str
    uploaded_at: datetime
    download_url: str = Field(description="GET: the original file")
    thumbnail_url: str | None = Field(None, description="GET: a 320 px JPEG of a photo; null for a document")


class AttachmentForm(BaseModel):
    """The optional text beside an uploaded file."""

    caption: str = Field("", max_length=200, description="what the photo or document shows, e.g. 2号墩柱钢筋绑扎完成")
