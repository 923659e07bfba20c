"""What an uploaded file is, read from its bytes, never from its name or the client's Content-Type.

- The type comes from the magic bytes (``filetype``); only JPEG, PNG and WebP photos, PDF, Word (.docx) and Excel
  (.xlsx) are taken. A name whose extension claims another type than the content is refused too (a PNG named
  ``.pdf``), so that what a person downloads is what its name says.
- A photo must decode (Pillow) and have at most :data:`MAX_PIXELS` pixels (a small file may declare a huge image).
  It gets a thumbnail (:data:`THUMBNAIL_EDGE` px on its longer edge, JPEG, turned upright by its EXIF orientation)
  and keeps its EXIF time (DateTimeOriginal with OffsetTimeOriginal; without an offset the time is read as
  Asia/Shanghai) and place (GPS latitude and longitude, decimal degrees).

Everything here is CPU work on bytes: callers run :func:`inspect_file` in a worker thread.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import filetype
from PIL import ExifTags, Image, ImageOps

from tuijin.kernel.attachments.enums import AttachmentKind
from tuijin.kernel.attachments.errors import FileEmpty, FileRefused, FileTypeMismatch, ImageUnreadable
from tuijin.kernel.clock import SHANGHAI

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    extensions: frozenset[str]
    """What a file name may end with for this content."""
    kind: AttachmentKind
    label: str
    pillow_format: str | None = None
    zip_part: str | None = None
    """A part an Office file must hold (an .xlsx renamed .docx is a zip too)."""


ALLOWED: dict[str, FileType] = {t.media_type: t for t in (
    FileType("image/jpeg", "jpg", frozenset({"jpg", "jpeg"}), AttachmentKind.image, "JPEG 图片", "JPEG"),
    FileType("image/png", "png", frozenset({"png"}), AttachmentKind.image, "PNG 图片", "PNG"),
    FileType("image/webp", "webp", frozenset({"webp"}), AttachmentKind.image, "WebP 图片", "WEBP"),
    FileType("application/pdf", "pdf", frozenset({"pdf"}), AttachmentKind.document, "PDF 文件"),
    FileType(DOCX, "docx", frozenset({"docx"}), AttachmentKind.document, "Word 文档（.docx）", zip_part="word/"),
    FileType(XLSX, "xlsx", frozenset({"xlsx"}), AttachmentKind.document, "Excel 工作簿（.xlsx）", zip_part="xl/"),
)}
ALLOWED_TEXT = "JPEG、PNG、WebP 照片，PDF、Word（.docx）或 Excel（.xlsx）文件"
KNOWN_EXTENSIONS = frozenset().union(*(t.extensions for t in ALLOWED.values())) | {
    "doc", "xls", "ppt", "pptx", "gif", "bmp", "tif", "tiff", "heic", "txt", "zip", "rar", "7z", "exe", "html", "htm",
    "svg", "js", "csv", "wps", "et", "ofd", "mp4", "mov",
}
"""Extensions a name is checked against: a name ending in one of these must agree with the content; any other
ending (``扫描件.2026``) is only part of the name."""

MAX_PIXELS = 60_000_000
"""A 60-megapixel photo; a phone takes 12 to 50."""
THUMBNAIL_EDGE = 320
THUMBNAIL_QUALITY = 80
MAX_NAME_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Inspected:
    """What the bytes are, and what a photo says about itself."""

    type: FileType
    file_name: str
    width: int | None = None
    height: int | None = None
    taken_at: datetime | None = None
    """When the photo was taken (aware, UTC), from EXIF."""
    taken_at_offset: str | None = None
    """The offset EXIF gave with the time (``+08:00``), or None when the time was read as Asia/Shanghai."""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    thumbnail: bytes | None = None


def clean_name(name: str | None) -> str:
    """The name a person gave the file, for display and download only: no folder, no control character, at most
    :data:`MAX_NAME_LENGTH` characters (empty when nothing is left)."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # C:\\a\\b.jpg and /a/b.jpg → b.jpg
    name = _CONTROL.sub("", name).strip().strip(".")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else name[:MAX_NAME_LENGTH]
    return name


def _detect(data: bytes) -> FileType:
    guess = filetype.guess(data[:8192])
    found = ALLOWED.get(guess.mime) if guess is not None else None
    if found is None:
        what = f"（识别为 {guess.extension} 格式）" if guess is not None else ""
        raise FileRefused(f"不支持该文件类型{what}，只能上传{ALLOWED_TEXT}。")
    if found.zip_part is not None:
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except Exception as exc:  # BadZipFile, and NotImplementedError for a zip of a version it cannot read
            raise FileRefused(f"文件已损坏，不是有效的{found.label}。") from exc
        if not any(n.startswith(found.zip_part) for n in names):
            raise FileRefused(f"文件内容不是有效的{found.label}。")
    return found


def _name_for(name: str, found: FileType) -> str:
    """The display name, refusing one whose extension claims another type; without an extension the content's is
    added (``现场照片`` → ``现场照片.jpg``)."""
    _stem, dot, ext = name.rpartition(".")
    ext = ext.lower()
    if dot and ext in KNOWN_EXTENSIONS:
        if ext not in found.extensions:
            raise FileTypeMismatch(f"文件内容是{found.label}，与文件名后缀“.{ext}”不符，请核对后重新上传。")
        return name
    return f"{name or '附件'}.{found.extension}"


def _rational(value: Any) -> Decimal:
    if isinstance(value, tuple) and len(value) == 2:
        num, den = value
        return Decimal(num) / Decimal(den) if den else Decimal(0)
    return Decimal(str(float(value)))


def _degrees(dms: Any, ref: Any, positive: str) -> Decimal | None:
    try:
        d, m, s = (_rational(v) for v in dms)
    except (TypeError, ValueError, ArithmeticError):
        return None
    value = d + m / 60 + s / 3600
    if str(ref or positive).strip().upper()[:1] != positive:
        value = -value
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _offset(text: Any) -> timezone | None:
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", str(text or "").strip())
    if not match:
        return None
    sign = 1 if match.group(1) == "+" else -1
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    if minutes > 14 * 60:
        return None
    return timezone(sign * timedelta(minutes=minutes))


def photo_time(exif: Image.Exif) -> tuple[datetime | None, str | None]:
    """EXIF DateTimeOriginal (else DateTime) as an aware UTC instant, with the offset EXIF gave (None: read as
    Asia/Shanghai, the time a phone's clock showed in the county)."""
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    raw = ifd.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    offset_text = ifd.get(ExifTags.Base.OffsetTimeOriginal) or ifd.get(ExifTags.Base.OffsetTime)
    if not raw:
        return None, None
    try:
        local = datetime.strptime(str(raw).strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None, None
    tz = _offset(offset_text)
    aware = local.replace(tzinfo=tz) if tz is not None else local.replace(tzinfo=SHANGHAI)
    return aware.astimezone(UTC), (str(offset_text).strip() if tz is not None else None)


def photo_place(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    """EXIF GPS latitude and longitude in decimal degrees (south and west negative), or None."""
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if not gps:
        return None, None
    lat = gps.get(ExifTags.GPS.GPSLatitude)
    lon = gps.get(ExifTags.GPS.GPSLongitude)
    if not lat or not lon:
        return None, None
    latitude = _degrees(lat, gps.get(ExifTags.GPS.GPSLatitudeRef), "N")
    longitude = _degrees(lon, gps.get(ExifTags.GPS.GPSLongitudeRef), "E")
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None, None
    if latitude == 0 and longitude == 0:  # a phone without a fix writes zeros
        return None, None
    return latitude, longitude


def _exif_facts(image: Image.Image) -> tuple[datetime | None, str | None, Decimal | None, Decimal | None]:
    """The photo's time and place from its EXIF; EXIF that cannot be read (malformed, crafted) gives neither
    rather than refusing a photo that decodes."""
    try:
        exif = image.getexif()
        taken_at, offset = photo_time(exif)
    except Exception:
        taken_at, offset = None, None
    try:
        latitude, longitude = photo_place(exif)
    except Exception:
        latitude, longitude = None, None
    return taken_at, offset, latitude, longitude


def _photo(data: bytes, found: FileType) -> dict[str, Any]:
    # no warnings.catch_warnings here: it changes the process's filters and this runs in worker threads. Pillow
    # only warns of a large image at open (an error past twice its own limit); the pixel count is checked first.
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != found.pillow_format:
                raise ImageUnreadable(f"照片无法识别，不是有效的{found.label}。")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageUnreadable(f"照片像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素），请压缩后再上传。")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            taken_at, offset, latitude, longitude = _exif_facts(image)
            width, height = image.width, image.height
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
            if upright.mode != "RGB":
                background = Image.new("RGB", upright.size, "white")
                rgba = upright.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                upright = background
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    except ImageUnreadable:
        raise
    except Exception as exc:  # a decoder meets crafted bytes with many kinds of error: each is a bad image
        raise ImageUnreadable(f"照片已损坏或无法识别，不是有效的{found.label}。") from exc
    return {"width": width, "height": height, "taken_at": taken_at, "taken_at_offset": offset,
            "latitude": latitude, "longitude": longitude, "thumbnail": out.getvalue()}


def inspect_file(data: bytes, file_name: str | None) -> Inspected:
    """What ``data`` is (:class:`FileRefused` and its kinds, 422 naming ``file``, when it is not taken)."""
    if not data:
        raise FileEmpty("上传的文件是空的。")
    found = _detect(data)
    name = _name_for(clean_name(file_name), found)
    extra = _photo(data, found) if found.kind is AttachmentKind.image else {}
    return Inspected(type=found, file_name=name, **extra)
