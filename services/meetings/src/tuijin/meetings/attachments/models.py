"""The attachments table of the meetings service."""

from __future__ import annotations

from tuijin.kernel.attachments.models import AttachmentMixin
from tuijin.meetings.models import Base


class Attachment(AttachmentMixin, Base):
    """A photo or document attached to a record of this service (``record_kind``: ``site_visit``)."""

    __tablename__ = "attachments"
