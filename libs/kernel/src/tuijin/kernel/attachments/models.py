"""The metadata row of an attachment, kept in the owning service's own database (its content is in storage).

Each service declares its table from the mixin: ``class Attachment(AttachmentMixin, Base): __tablename__ =
"attachments"``. One table per service serves every kind of record of that service (``record_kind``: a problem, an
inspection; a progress report; a site visit)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tuijin.kernel.db import UTCDateTime
from tuijin.kernel.outbox import ordered_uuid

COORDINATE = Numeric(10, 6)


class AttachmentMixin:
    """Columns of an attachment row."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (Index(f"ix_{cls.__tablename__}_record", "record_kind", "record_id", "uploaded_at", "id"),)

    # in upload order: two files uploaded at the same instant (a frozen clock) still list in the order sent
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=ordered_uuid)
    record_kind: Mapped[str] = mapped_column(String(32), comment="problem, progress_report, ...")
    record_id: Mapped[uuid.UUID] = mapped_column()
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), comment="read from the content, not the client's")
    kind: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(512))
    thumbnail_key: Mapped[str | None] = mapped_column(String(512), default=None)
    width: Mapped[int | None] = mapped_column(Integer, default=None)
    height: Mapped[int | None] = mapped_column(Integer, default=None)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, comment="EXIF time, UTC")
    taken_at_offset: Mapped[str | None] = mapped_column(String(6), default=None,
                                                        comment="EXIF offset; null: read as Asia/Shanghai")
    latitude: Mapped[Decimal | None] = mapped_column(COORDINATE, default=None)
    longitude: Mapped[Decimal | None] = mapped_column(COORDINATE, default=None)
    caption: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by: Mapped[str] = mapped_column(String(100), comment="the uploader's account (token subject)")
    uploaded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    uploaded_by_unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
