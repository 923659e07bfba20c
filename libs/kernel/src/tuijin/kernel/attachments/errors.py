"""Problems an attachment route answers."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, Forbidden, NotFound, ProblemError, Unprocessable

FILE_FIELD = "file"
"""The form field of the upload, named by every refusal of its content."""


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"


class FileRefused(Unprocessable):
    """The uploaded file refused by its content (422 naming the form field ``file``)."""

    code = "attachment_type_refused"

    def __init__(self, message: str) -> None:
        super().__init__(message, errors=[{"field": FILE_FIELD, "message": message, "type": self.code}])


class FileTypeMismatch(FileRefused):
    """The content is an allowed type but the file name claims another (a PNG named ``.pdf``)."""

    code = "attachment_type_mismatch"


class FileEmpty(FileRefused):
    code = "attachment_empty"


class ImageUnreadable(FileRefused):
    """Says it is an image (by its magic bytes) but does not decode, or has too many pixels."""

    code = "image_unreadable"


class FileTooLarge(ProblemError):
    """Over the attachment size limit (413 naming ``file``)."""

    status, code = 413, "attachment_too_large"

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message, limit_bytes=limit,
                         errors=[{"field": FILE_FIELD, "message": message, "type": self.code}])


class AttachmentForbidden(Forbidden):
    """The caller may see the record but not add to it, or may not remove this file (only its uploader or the
    office)."""

    code = "attachment_forbidden"


class AttachmentsLocked(Conflict):
    """The record no longer takes changes to its attachments (a closed problem, a submitted report)."""

    code = "attachments_locked"


class StorageUnavailable(ProblemError):
    """The file store could not be reached; nothing was written."""

    status, code = 503, "storage_unavailable"
