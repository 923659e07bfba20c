"""What an uploaded file is, from its bytes (tuijin.kernel.attachments.content): the type by magic bytes, never by
name; a name must not claim another type than the content; photos decode, get a thumbnail and keep their EXIF time
and GPS place."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PIL import Image

from tests.fixtures import photos
from tuijin.kernel.attachments.content import THUMBNAIL_EDGE, clean_name, inspect_file
from tuijin.kernel.attachments.errors import FileEmpty, FileRefused, FileTypeMismatch, ImageUnreadable


@pytest.mark.parametrize(("make", "name", "media_type"), [
    (photos.jpeg, "现场照片.jpg", "image/jpeg"),
    (photos.jpeg, "IMG_0001.JPEG", "image/jpeg"),
    (photos.png, "进度截图.png", "image/png"),
    (photos.webp, "航拍.webp", "image/webp"),
    (photos.pdf, "用地预审批复扫描件.pdf", "application/pdf"),
    (photos.docx, "情况说明.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (photos.xlsx, "资金到位明细.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_the_allowed_types_are_taken_by_their_content(make, name, media_type):
    found = inspect_file(make(), name)
    assert found.type.media_type == media_type
    assert found.file_name == name


def test_a_png_renamed_pdf_is_refused_by_its_content():
    with pytest.raises(FileTypeMismatch) as caught:
        inspect_file(photos.png(), "批复文件.pdf")
    assert caught.value.extra["errors"][0]["field"] == "file"
    assert "PNG" in caught.value.detail and ".pdf" in caught.value.detail


@pytest.mark.parametrize(("data", "name"), [
    (b"just some text, not a photo at all\n" * 20, "现场照片.jpg"),
    (b"<html><script>alert(1)</script></html>", "照片.png"),
    (b"GIF89a" + b"\x00" * 100, "动图.gif"),
    (b"MZ\x90\x00" + b"\x00" * 200, "说明.pdf"),
])
def test_a_file_of_another_type_is_refused_whatever_its_name(data, name):
    with pytest.raises(FileRefused) as caught:
        inspect_file(data, name)
    assert caught.value.code == "attachment_type_refused"
    assert caught.value.extra["errors"][0]["field"] == "file"


def test_an_xlsx_renamed_docx_and_a_bare_zip_are_refused():
    with pytest.raises(FileTypeMismatch):
        inspect_file(photos.xlsx(), "情况说明.docx")
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/evil.txt", "not a document")
    with pytest.raises(FileRefused):
        inspect_file(buf.getvalue(), "说明.zip")


def test_an_empty_file_and_a_broken_image_are_refused():
    with pytest.raises(FileEmpty):
        inspect_file(b"", "x.jpg")
    truncated = photos.jpeg()[:200]  # a JPEG header and nothing after it
    with pytest.raises(ImageUnreadable):
        inspect_file(truncated, "x.jpg")


def test_a_name_without_extension_gets_the_contents_and_a_path_is_dropped():
    assert inspect_file(photos.jpeg(), "现场照片").file_name == "现场照片.jpg"
    assert inspect_file(photos.pdf(), "C:\\Users\\办公室\\批复").file_name == "批复.pdf"
    assert inspect_file(photos.png(), "../../etc/截图.png").file_name == "截图.png"
    assert clean_name("a\x00b\r\n.jpg") == "ab.jpg"


def test_a_photo_gets_a_thumbnail_of_at_most_320_px_upright():
    """A 1600×1200 photo shot with the phone turned (EXIF orientation 6) gets a 240×320 JPEG thumbnail."""
    found = inspect_file(photos.jpeg((1600, 1200), orientation=6), "x.jpg")
    assert (found.width, found.height) == (1600, 1200)
    thumb = Image.open(io.BytesIO(found.thumbnail))
    assert thumb.format == "JPEG"
    assert thumb.size == (240, THUMBNAIL_EDGE)
    transparent = inspect_file(photos.png(), "x.png")
    assert Image.open(io.BytesIO(transparent.thumbnail)).mode == "RGB"


def test_documents_get_no_thumbnail():
    assert inspect_file(photos.pdf(), "x.pdf").thumbnail is None


def test_exif_time_with_its_offset_and_gps_place_are_kept():
    found = inspect_file(photos.jpeg(taken="2026:08:28 10:15:40", offset="+08:00", lat=33.785123, lon=111.598765),
                         "x.jpg")
    assert found.taken_at == datetime(2026, 8, 28, 2, 15, 40, tzinfo=UTC)
    assert found.taken_at_offset == "+08:00"
    assert (found.latitude, found.longitude) == (Decimal("33.785123"), Decimal("111.598765"))


def test_exif_time_without_offset_is_read_as_shanghai_time():
    """A phone that writes no offset shows the county's clock: 10:15 is 02:15 UTC."""
    found = inspect_file(photos.jpeg(taken="2026:08:28 10:15:40"), "x.jpg")
    assert found.taken_at == datetime(2026, 8, 28, 2, 15, 40, tzinfo=UTC)
    assert found.taken_at_offset is None


def test_an_offset_other_than_china_is_honoured_and_south_west_are_negative():
    found = inspect_file(photos.jpeg(taken="2026:08:28 10:15:40", offset="-05:00", lat=-33.5, lon=-70.25), "x.jpg")
    assert found.taken_at == datetime(2026, 8, 28, 15, 15, 40, tzinfo=UTC)
    assert (found.latitude, found.longitude) == (Decimal("-33.500000"), Decimal("-70.250000"))


def test_a_photo_without_exif_has_no_time_or_place():
    found = inspect_file(photos.jpeg(), "x.jpg")
    assert (found.taken_at, found.latitude, found.longitude) == (None, None, None)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns of corrupt EXIF before the check refuses it
def test_damaged_files_of_every_allowed_type_are_taken_or_refused_never_a_crash():
    """Random byte flips and truncations of each allowed type (seeded): each is either taken or refused with one
    of the 422 kinds (naming ``file``), never another exception (which would be a 500)."""
    import random

    rng = random.Random(20)
    seeds = [photos.jpeg((300, 200), taken="2026:08:28 10:15:40", offset="+08:00", lat=33.7, lon=111.5),
             photos.png((100, 80)), photos.webp((100, 80)), photos.pdf(), photos.docx(), photos.xlsx()]
    refused = 0
    for _ in range(600):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        try:
            inspect_file(bytes(data), rng.choice(["a.jpg", "b", "c.pdf", "d.docx"]))
        except FileRefused as exc:
            assert exc.extra["errors"][0]["field"] == "file"
            refused += 1
    assert refused > 100  # the damage was real: many were refused
