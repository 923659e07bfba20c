"""The attachments table of the registry."""

from __future__ import annotations

from tuijin.kernel.attachments.models import AttachmentMixin
from tuijin.registry.base import Base


class Attachment(AttachmentMixin, Base):
    """A photo or document attached to a record of the registry (``record_kind``: ``progress_report``)."""

    __tablename__ = "attachments"
