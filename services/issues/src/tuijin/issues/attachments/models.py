"""The attachments table of the issues service."""

from __future__ import annotations

from tuijin.issues.models import Base
from tuijin.kernel.attachments.models import AttachmentMixin


class Attachment(AttachmentMixin, Base):
    """A photo or document attached to a record of this service (``record_kind``: ``problem``)."""

    __tablename__ = "attachments"
