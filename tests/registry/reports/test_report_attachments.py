"""Photos of the works (形象进度照片) on a progress report: the report's writers add them while it is a draft or
returned; once submitted they are part of what the unit stated and no longer change until the office returns it;
whoever may see the project sees them, another region nothing (404)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.fixtures import photos
from tests.registry.reports.clerk import Clerk
from tuijin.kernel.storage import LocalStorage


@pytest.fixture
def files(clerk: Clerk, tmp_path) -> Iterator[Path]:
    state = clerk.stack.apps["registry"].state
    before = state.storage
    state.storage = LocalStorage(tmp_path / "files")
    yield tmp_path / "files"
    state.storage = before


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def attach(clerk: Clerk, report_id: str, data: bytes, name: str, headers: dict[str, str] | None = None):
    return await clerk.client.post(f"/api/v1/progress-reports/{report_id}/attachments",
                                   headers=headers or clerk.unit("交通局"),
                                   files={"file": (name, data, "application/octet-stream")},
                                   data={"caption": "路基填筑施工"})


async def test_the_responsible_unit_attaches_a_progress_photo_with_its_exif_time_and_place(clerk: Clerk, files):
    """A photo taken on 2026-04-28 (no EXIF offset: read as Beijing time) attached on 2026-05-10 shows both."""
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04")).json()
    photo = photos.jpeg((1200, 900), taken="2026:04:28 16:30:00", lat=34.401, lon=111.652)

    resp = await attach(clerk, draft["id"], photo, "形象进度.jpg")

    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["record_kind"] == "progress_report"
    assert body["taken_at"] == "2026-04-28T08:30:00Z" and body["taken_at_offset"] is None
    assert body["place"] == {"latitude": "34.401000", "longitude": "111.652000"}
    assert body["uploaded_at"].startswith("2026-05-10T02:00")
    thumb = await clerk.client.get(body["thumbnail_url"], headers=clerk.office)
    assert Image.open(io.BytesIO(thumb.content)).size == (320, 240)
    listed = await clerk.client.get(f"/api/v1/progress-reports/{draft['id']}/attachments", headers=clerk.office)
    assert [i["id"] for i in listed.json()["items"]] == [body["id"]]


async def test_another_region_cannot_list_or_download_a_reports_photos(clerk: Clerk, files):
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04")).json()
    body = (await attach(clerk, draft["id"], photos.jpeg(), "形象进度.jpg")).json()

    for url in (f"/api/v1/progress-reports/{draft['id']}/attachments", body["download_url"], body["thumbnail_url"]):
        resp = await clerk.client.get(url, headers=clerk.other_office)
        assert resp.status_code == 404, url
        assert resp.json()["code"] == "report_not_found"
    stranger = await clerk.client.get(body["download_url"], headers=clerk.unit("发改委"))
    assert stranger.status_code == 404


async def test_a_co_organising_unit_sees_the_photos_but_does_not_add(clerk: Clerk, files):
    project = await clerk.project("LC-001", co_unit_ids=[clerk.county.units["城关镇"]])
    draft = (await clerk.report(project, "2026-04")).json()
    await attach(clerk, draft["id"], photos.jpeg(), "形象进度.jpg")
    co = clerk.unit("城关镇")

    listed = await clerk.client.get(f"/api/v1/progress-reports/{draft['id']}/attachments", headers=co)
    refused = await attach(clerk, draft["id"], photos.jpeg(), "补充.jpg", headers=co)

    assert len(listed.json()["items"]) == 1
    assert refused.status_code == 403 and refused.json()["code"] == "attachment_forbidden"


async def test_a_submitted_report_keeps_its_photos_until_returned(clerk: Clerk, files):
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04")).json()
    photo = (await attach(clerk, draft["id"], photos.jpeg(), "形象进度.jpg")).json()
    assert (await clerk.step(draft["id"], "submit", headers=clerk.unit("交通局"))).status_code == 200

    added = await attach(clerk, draft["id"], photos.jpeg(), "补充.jpg")
    removed = await clerk.client.delete(f"/api/v1/progress-reports/{draft['id']}/attachments/{photo['id']}",
                                        headers=clerk.office)
    assert added.status_code == 409 and added.json()["code"] == "attachments_locked"
    assert removed.status_code == 409

    assert (await clerk.step(draft["id"], "return", reason="照片不能反映形象进度")).status_code == 200
    again = await attach(clerk, draft["id"], photos.jpeg(), "补拍.jpg")
    assert again.status_code == 201, again.text
    assert len(stored(files)) == 4


async def test_a_word_file_renamed_jpg_is_refused_naming_the_field(clerk: Clerk, files):
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04")).json()

    resp = await attach(clerk, draft["id"], photos.docx(), "形象进度.jpg")

    assert resp.status_code == 422
    assert resp.json()["code"] == "attachment_type_mismatch"
    assert resp.json()["errors"][0]["field"] == "file"
    assert stored(files) == []
