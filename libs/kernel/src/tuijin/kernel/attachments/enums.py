"""Enums of attachments, each member with its zh-CN label."""

from __future__ import annotations

from tuijin.kernel.enums import LabeledEnum


class AttachmentKind(LabeledEnum):
    """What an attachment is: a photo (which gets a thumbnail and keeps its EXIF time and place) or a document."""

    image = ("image", "照片")
    document = ("document", "文件")
