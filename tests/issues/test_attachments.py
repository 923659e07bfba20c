"""Photos and documents on a problem (附件): checked by content, photos with a thumbnail and their EXIF time and
place beside the upload time, reachable only by those who may see the problem, removed by the uploader or the
office while the problem is open, and never half-written (no row without its file, no file without its row)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.fixtures import photos
from tests.issues.conftest import OTHER_REGION, REGION
from tuijin.kernel.attachments import service as attachment_service
from tuijin.kernel.storage import LocalStorage, StorageError


@pytest.fixture
def files(desk, tmp_path) -> Iterator[Path]:
    """The issues service's file store: a fresh folder for each test."""
    state = desk.stack.apps["issues"].state
    before = state.storage
    root = tmp_path / "files"
    state.storage = LocalStorage(root)
    yield root
    state.storage = before


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def upload(desk, problem_id: str, data: bytes, name: str, headers: dict[str, str] | None = None,
                 content_type: str = "application/octet-stream", caption: str | None = None) -> Any:
    return await desk.client.post(
        f"/api/v1/problems/{problem_id}/attachments", headers=headers or desk.office(),
        files={"file": (name, data, content_type)}, data={"caption": caption} if caption is not None else None,
    )


async def test_a_photo_keeps_its_exif_time_and_place_beside_the_upload_time_and_gets_a_thumbnail(desk, files):
    """A photo taken last month (EXIF 2026-08-28 10:15:40 +08:00, GPS N 33.785123 E 111.598765) uploaded on
    2026-09-29 shows both times; its thumbnail is a JPEG of at most 320 px; the original comes back byte for byte."""
    problem = await desk.raise_problem()
    photo = photos.jpeg((2000, 1500), taken="2026:08:28 10:15:40", offset="+08:00", lat=33.785123, lon=111.598765)

    resp = await upload(desk, problem["id"], photo, "墩柱施工现场.jpg", headers=desk.unit("交通局"),
                        caption="2号墩柱钢筋绑扎完成")

    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["media_type"] == "image/jpeg" and body["kind"] == "image"
    assert body["taken_at"] == "2026-08-28T02:15:40Z"
    assert body["taken_at_offset"] == "+08:00"
    assert body["place"] == {"latitude": "33.785123", "longitude": "111.598765"}
    assert body["uploaded_at"].startswith("2026-09-29T01:00")
    assert body["caption"] == "2号墩柱钢筋绑扎完成"
    assert (body["width"], body["height"], body["size_bytes"]) == (2000, 1500, len(photo))
    assert resp.headers["location"] == f"/api/v1/problems/{problem['id']}/attachments/{body['id']}"
    thumb = await desk.client.get(body["thumbnail_url"], headers=desk.office())
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    original = await desk.client.get(body["download_url"], headers=desk.leader("李"))
    assert original.status_code == 200
    assert original.content == photo
    assert original.headers["content-type"] == "image/jpeg"
    assert "filename*=UTF-8''" in original.headers["content-disposition"]
    assert len(stored(files)) == 2  # the original and its thumbnail


async def test_a_document_is_listed_without_thumbnail(desk, files):
    problem = await desk.raise_problem()
    await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")
    resp = await upload(desk, problem["id"], photos.pdf(), "用地预审批复.pdf", content_type="image/jpeg")
    assert resp.status_code == 201, resp.text
    assert resp.json()["media_type"] == "application/pdf"  # the content says so, whatever the client sent

    listed = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.unit("城关镇"))

    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["file_name"] for i in items] == ["现场.jpg", "用地预审批复.pdf"]
    assert items[1]["thumbnail_url"] is None
    no_thumb = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments/{items[1]['id']}/thumbnail.jpg",
                                     headers=desk.office())
    assert no_thumb.status_code == 404
    assert no_thumb.json()["code"] == "attachment_not_found"


@pytest.mark.parametrize(("data", "name", "code"), [
    (photos.png(), "批复文件.pdf", "attachment_type_mismatch"),
    (b"this is a plain text file, not a photo\n" * 30, "现场照片.jpg", "attachment_type_refused"),
])
async def test_a_file_is_refused_by_its_content_not_its_name_naming_the_field(desk, files, data, name, code):
    """A PNG renamed .pdf and a text file named .jpg are refused (422 naming ``file``, in Chinese); nothing is
    stored and nothing listed."""
    problem = await desk.raise_problem()

    resp = await upload(desk, problem["id"], data, name, content_type="image/jpeg")

    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["code"] == code
    assert body["errors"][0]["field"] == "file"
    assert body["errors"][0]["label"] == "上传文件"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["errors"][0]["message"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert stored(files) == []
    listed = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.office())
    assert listed.json()["items"] == []


async def test_an_oversized_file_is_refused_413_naming_the_field(desk, files, monkeypatch):
    """Over the attachment limit (TUIJIN_MAX_ATTACHMENT_BYTES) the answer is 413 ``attachment_too_large`` naming
    ``file``; nothing is stored."""
    common = desk.stack.apps["issues"].state.settings.common
    monkeypatch.setattr(common, "max_attachment_bytes", 50_000)
    problem = await desk.raise_problem()
    big = photos.jpeg((3000, 3000))
    assert len(big) > 50_000

    resp = await upload(desk, problem["id"], big, "大图.jpg")

    assert resp.status_code == 413, resp.text
    assert resp.json()["code"] == "attachment_too_large"
    assert resp.json()["errors"][0]["field"] == "file"
    assert stored(files) == []


async def test_another_regions_user_can_neither_list_nor_download_nor_upload(desk, files):
    """The files of a problem are reachable only by those who may see the problem: another region's office gets
    the problem's 404 on the list, the metadata, the file and the thumbnail (and cannot add one)."""
    problem = await desk.raise_problem()
    body = (await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")).json()
    other = desk.office(OTHER_REGION)
    base = f"/api/v1/problems/{problem['id']}/attachments"

    for url in (base, f"{base}/{body['id']}", body["download_url"], body["thumbnail_url"]):
        resp = await desk.client.get(url, headers=other)
        assert resp.status_code == 404, url
        assert resp.json()["code"] == "problem_not_found"
    assert (await upload(desk, problem["id"], photos.jpeg(), "x.jpg", headers=other)).status_code == 404
    assert (await desk.client.delete(f"{base}/{body['id']}", headers=other)).status_code == 404
    assert len(stored(files)) == 2


async def test_a_unit_that_may_not_see_the_problem_gets_404(desk, files):
    problem = await desk.raise_problem()
    body = (await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")).json()
    resp = await desk.client.get(body["download_url"], headers=desk.unit("发改委"))
    assert resp.status_code == 404


async def test_an_attachment_of_another_problem_is_not_reached_through_this_one(desk, files):
    first = await desk.raise_problem()
    second = await desk.raise_problem(description="征迁未完成")
    body = (await upload(desk, first["id"], photos.jpeg(), "现场.jpg")).json()
    resp = await desk.client.get(f"/api/v1/problems/{second['id']}/attachments/{body['id']}/file",
                                 headers=desk.office())
    assert resp.status_code == 404
    assert resp.json()["code"] == "attachment_not_found"


async def test_a_viewer_sees_the_files_but_may_not_add(desk, files):
    problem = await desk.raise_problem()
    await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")
    viewer = desk.stack.auth("viewer", region=REGION)
    assert len((await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments",
                                      headers=viewer)).json()["items"]) == 1
    resp = await upload(desk, problem["id"], photos.jpeg(), "x.jpg", headers=viewer)
    assert resp.status_code == 403
    assert resp.json()["code"] == "attachment_forbidden"


async def test_the_uploader_or_the_office_removes_a_file_and_its_stored_objects_go(desk, files):
    problem = await desk.raise_problem()
    base = f"/api/v1/problems/{problem['id']}/attachments"
    mine = (await upload(desk, problem["id"], photos.jpeg(), "交通局.jpg", headers=desk.unit("交通局"))).json()
    theirs = (await upload(desk, problem["id"], photos.pdf(), "城关镇.pdf", headers=desk.unit("城关镇"))).json()

    refused = await desk.client.delete(f"{base}/{theirs['id']}", headers=desk.unit("交通局"))
    assert refused.status_code == 403
    assert refused.json()["code"] == "attachment_forbidden"
    assert (await desk.client.delete(f"{base}/{mine['id']}", headers=desk.unit("交通局"))).status_code == 204
    assert (await desk.client.delete(f"{base}/{theirs['id']}", headers=desk.office())).status_code == 204

    assert (await desk.client.get(base, headers=desk.office())).json()["items"] == []
    assert stored(files) == []


async def test_a_closed_problem_takes_no_more_files_and_keeps_its_own(desk, files):
    problem = await desk.raise_problem()
    pid = problem["id"]
    body = (await upload(desk, pid, photos.jpeg(), "现场.jpg")).json()
    await desk.step(pid, "resolve", {"resolution": "现场协调解决"})
    await desk.step(pid, "close", {})

    added = await upload(desk, pid, photos.jpeg(), "补充.jpg")
    removed = await desk.client.delete(f"/api/v1/problems/{pid}/attachments/{body['id']}", headers=desk.office())

    assert added.status_code == 409 and added.json()["code"] == "attachments_locked"
    assert removed.status_code == 409
    assert len((await desk.client.get(body["download_url"], headers=desk.office())).content) > 0
    assert len(stored(files)) == 2


async def test_when_the_row_cannot_be_written_the_stored_file_is_removed(desk, files, monkeypatch):
    """The content is stored first; a database write that fails (here: no upload time, a NOT NULL column) leaves
    no object behind."""
    problem = await desk.raise_problem()
    monkeypatch.setattr(attachment_service, "utcnow", lambda: None)

    resp = await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")

    assert resp.status_code >= 400
    assert resp.status_code < 500 or resp.json()["code"] in ("integrity_error", "commit_failed", "internal_error")
    assert stored(files) == []
    monkeypatch.undo()
    listed = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.office())
    assert listed.json()["items"] == []


async def test_a_request_refused_after_storing_leaves_no_file(desk, files, monkeypatch):
    """Refused after the row is flushed (the request answers a problem, the transaction rolls back): the stored
    objects are removed with it."""
    from tuijin.kernel.attachments.errors import AttachmentsLocked

    problem = await desk.raise_problem()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AttachmentsLocked("refused late")

    monkeypatch.setattr(attachment_service, "to_out", refuse)
    resp = await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")

    assert resp.status_code == 409
    assert stored(files) == []


async def test_when_storage_fails_no_row_is_written(desk, files, monkeypatch):
    """A file store that cannot be reached is a 503 ``storage_unavailable`` and the problem has no attachment."""
    class Broken(LocalStorage):
        async def put(self, key: str, data: Any, *, content_type: str = "") -> int:
            raise StorageError("MinIO unreachable")

    desk.stack.apps["issues"].state.storage = Broken(files)
    problem = await desk.raise_problem()

    resp = await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")

    assert resp.status_code == 503
    assert resp.json()["code"] == "storage_unavailable"
    listed = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.office())
    assert listed.json()["items"] == []


async def test_the_attachment_route_takes_an_upload_sized_body_and_judges_the_file_itself(desk, files):
    """The route is an upload route (TUIJIN_MAX_UPLOAD_BYTES, 11 MB, at the gateway and the service): a file just
    over the 10 MB attachment limit is read and refused by the route (413 ``attachment_too_large`` naming ``file``),
    not cut off as a body over the general limit."""
    problem = await desk.raise_problem()
    big = photos.jpeg()[:-2] + b"\x00" * (10 * 1024 * 1024 + 50_000) + b"\xff\xd9"

    resp = await upload(desk, problem["id"], big, "超大照片.jpg")

    assert resp.status_code == 413, resp.text
    assert resp.json()["code"] == "attachment_too_large"
    assert resp.json()["errors"][0]["field"] == "file"


async def test_a_photo_uploaded_through_the_gateway_reaches_the_problem(desk, files):
    problem = await desk.raise_problem()
    gateway = desk.stack.client("gateway")

    resp = await gateway.post(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.office(),
                              files={"file": ("现场.jpg", photos.jpeg(taken="2026:09:01 08:00:00"), "image/jpeg")})

    assert resp.status_code == 201, resp.text
    download = await gateway.get(resp.json()["download_url"], headers=desk.office())
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/jpeg"
    assert resp.json()["taken_at"] == "2026-09-01T00:00:00Z"


async def test_a_caption_with_a_control_character_is_refused_naming_it(desk, files):
    """The app-wide control-character check does not read multipart forms; the upload checks its caption itself
    (PostgreSQL refuses a NUL in text: it must be a 422, not a 500), and nothing is stored."""
    problem = await desk.raise_problem()

    resp = await upload(desk, problem["id"], photos.jpeg(), "现场.jpg", caption="墩柱\x00施工")

    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == "control_character"
    assert resp.json()["errors"][0]["field"] == "body.caption"
    assert stored(files) == []


async def test_with_the_s3_backend_a_photo_is_stored_served_and_removed_in_the_bucket(desk):
    """The service configured for an S3-compatible store (MinIO in production; here moto's server on a loopback
    port): the upload lands in the bucket under the app's prefix, downloads come back from it, a removal empties it."""
    from pydantic import SecretStr

    from tests.fixtures.s3 import s3_server
    from tuijin.kernel.storage import StorageSettings, open_storage

    state = desk.stack.apps["issues"].state
    before = state.storage
    with s3_server() as endpoint:
        settings = StorageSettings(backend="s3", s3_endpoint_url=endpoint, s3_bucket="county-evidence",
                                   s3_access_key_id="tuijin", s3_secret_access_key=SecretStr("tuijin-secret"))
        state.storage = open_storage(settings, Path("unused"), "issues")
        try:
            state.storage.client.create_bucket(Bucket="county-evidence")
            problem = await desk.raise_problem()
            photo = photos.jpeg(taken="2026:09:20 15:00:00", offset="+08:00")

            body = (await upload(desk, problem["id"], photo, "现场.jpg")).json()

            keys = [o["Key"] for o in state.storage.client.list_objects_v2(
                Bucket="county-evidence").get("Contents", [])]
            assert len(keys) == 2 and all(k.startswith("issues/attachments/problem/") for k in keys)
            assert (await desk.client.get(body["download_url"], headers=desk.office())).content == photo
            removed = await desk.client.delete(f"/api/v1/problems/{problem['id']}/attachments/{body['id']}",
                                               headers=desk.office())
            assert removed.status_code == 204
            assert state.storage.client.list_objects_v2(Bucket="county-evidence").get("KeyCount") == 0
        finally:
            state.storage = before


async def test_a_word_file_downloads_under_its_name_and_a_pdf_shows_inline(desk, files):
    """Photos and PDFs are served inline with their media type; a Word file is a download (octet-stream) named as
    uploaded, its metadata saying what it is."""
    problem = await desk.raise_problem()
    docx = photos.docx()
    word = (await upload(desk, problem["id"], docx, "情况说明.docx")).json()
    scan = (await upload(desk, problem["id"], photos.pdf(), "批复.pdf")).json()

    doc = await desk.client.get(word["download_url"], headers=desk.office())
    pdf = await desk.client.get(scan["download_url"], headers=desk.office())

    assert word["media_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert doc.headers["content-type"] == "application/octet-stream"
    assert doc.headers["content-disposition"].startswith("attachment;")
    assert "%E6%83%85%E5%86%B5%E8%AF%B4%E6%98%8E.docx" in doc.headers["content-disposition"]
    assert doc.content == docx
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline;")


async def test_a_store_failing_midway_is_a_503_and_the_half_stored_original_is_removed(desk, files):
    """The original stored, the thumbnail refused: the original is removed again and no row is written (503)."""
    class FailsOnThumbnail(LocalStorage):
        async def put(self, key: str, data: Any, *, content_type: str = "") -> int:
            if key.endswith(".thumb.jpg"):
                raise StorageError("disk full")
            return await super().put(key, data, content_type=content_type)

    desk.stack.apps["issues"].state.storage = FailsOnThumbnail(files)
    problem = await desk.raise_problem()

    resp = await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")

    assert resp.status_code == 503
    assert stored(files) == []
    listed = await desk.client.get(f"/api/v1/problems/{problem['id']}/attachments", headers=desk.office())
    assert listed.json()["items"] == []


async def test_the_sweep_removes_old_files_no_row_names_and_keeps_the_rest(desk, files):
    """What a process that died between storing a file and committing its row left behind is removed once older
    than 6 hours (real time); a file with its row, and a fresh file (an upload still under way), stay."""
    import os
    import time

    problem = await desk.raise_problem()
    kept = (await upload(desk, problem["id"], photos.jpeg(), "现场.jpg")).json()
    store = desk.stack.apps["issues"].state.storage
    await store.put("attachments/problem/0123456789abcdef", b"left behind by a crash")
    await store.put("attachments/problem/fedcba9876543210", b"an upload under way")
    old = time.time() - 7 * 3600
    os.utime(store.path_of("attachments/problem/0123456789abcdef"), (old, old))
    for path in stored(files):  # the attachment's own files are old too: a row names them
        if "0123456789abcdef" not in path.name and "fedcba9876543210" not in path.name:
            os.utime(path, (old, old))

    result = await desk.run("attachment-sweep")

    assert result == {"checked": 4, "removed": 1}
    assert not await store.exists("attachments/problem/0123456789abcdef")
    assert await store.exists("attachments/problem/fedcba9876543210")
    assert (await desk.client.get(kept["download_url"], headers=desk.office())).status_code == 200
    assert (await desk.client.get(kept["thumbnail_url"], headers=desk.office())).status_code == 200
