"""Site visits (现场调研督导 / 现场办公, issue 20): a leader's or a unit's visit to projects is recorded once it took
place, with the people, projects and units of its region; what it decides becomes decided items (议定事项) that are
followed up and chased exactly as a meeting's; another region's visit is a 404 like a missing one; a change needs
``If-Match``; photos and documents are checked by their content."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import photos
from tests.meetings.conftest import REGION
from tuijin.kernel.storage import LocalStorage


@pytest.fixture
def files(desk, tmp_path) -> Any:
    """The meetings service's file store: a fresh folder for each test."""
    state = desk.stack.apps["meetings"].state
    before = state.storage
    state.storage = LocalStorage(tmp_path / "files")
    yield tmp_path / "files"
    state.storage = before


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def hold_post(desk, person: str = "李") -> None:
    """The person holds the leader post of the projects (副县长（分管交通）)."""
    resp = await desk.registry.put(f"/api/v1/posts/{desk.posts['分管交通']}/holder",
                                   json={"person_id": desk.people[person], "start_date": "2026-01-01"},
                                   headers={**desk.office, "If-Match": "*"})
    assert resp.status_code == 200, resp.text


def visit_body(desk, projects: list[dict], day: str, **overrides: Any) -> dict[str, Any]:
    body = {"region_code": REGION, "visited_on": day, "kind": "inspection", "title": "李副县长现场调研督导",
            "leading_person_id": desk.people["李"], "person_ids": [desk.people["王"]],
            "project_ids": [p["id"] for p in projects], "unit_ids": [desk.units["交通局"]],
            "observations": "路基施工完成约70%，二标段用地组卷未报批。", "conclusions": "明确用地报批责任单位和时限。",
            "decisions": []}
    body.update(overrides)
    return body


async def record(desk, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return await desk.client.post("/api/v1/site-visits", json=body, headers=headers or desk.office)


async def test_a_visits_decisions_become_decided_items_chased_like_a_meetings(desk):
    """Each decision of a visit is a decided item of its owner unit naming the visit (no meeting): listed with the
    meetings' items, followed up by the unit, and announced once when overdue (``decided_item.overdue`` to the
    issues service, which draws a letter to the unit)."""
    desk.at("2026-09-03")
    project = await desk.project("LC-101")
    resp = await record(desk, visit_body(desk, [project], "2026-09-03", decisions=[
        {"title": "县自然资源局9月10日前完成用地组卷报批", "owner_unit_id": desk.units["自然资源局"],
         "due_date": "2026-09-10", "project_id": project["id"]},
        {"title": "县交通局9月20日前完成便道修复", "owner_unit_id": desk.units["交通局"], "due_date": "2026-09-20"},
    ]), headers={**desk.office, "Idempotency-Key": "visit-1"})
    assert resp.status_code == 201, resp.text
    visit = resp.json()
    assert resp.headers["location"] == f"/api/v1/site-visits/{visit['id']}"
    assert visit["person_ids"] == [desk.people["李"], desk.people["王"]]  # the leading person first
    items = visit["decided_items"]
    assert [(i["seq"], i["site_visit_id"], i["meeting_id"], i["status"]) for i in items] == [
        (1, visit["id"], None, "open"), (2, visit["id"], None, "open")]

    mine = await desk.client.get("/api/v1/decided-items", params={"owner_unit_id": desk.units["交通局"]},
                                 headers=desk.unit("交通局"))
    assert [i["id"] for i in mine.json()["items"]] == [items[1]["id"]]
    done = await desk.client.post(f"/api/v1/decided-items/{items[1]['id']}/follow-ups",
                                  json={"action": "done", "note": "已修复"}, headers=desk.unit("交通局"))
    assert done.status_code == 201, done.text

    desk.at("2026-09-11")
    assert (await desk.run_job("meetings", "decided-item-overdue"))["announced"] == 1
    assert (await desk.run_job("meetings", "decided-item-overdue"))["announced"] == 0
    assert await desk.events("decided_item.overdue") == [{
        "decided_item_id": items[0]["id"], "meeting_id": None, "site_visit_id": visit["id"], "region_code": REGION,
        "unit_id": desk.units["自然资源局"], "project_id": project["id"], "title": items[0]["title"],
        "due_date": "2026-09-10"}]
    await desk.run_job("meetings", "outbox-dispatch")
    letters = await desk.stack.client("issues").get("/api/v1/letters", headers=desk.office,
                                                   params={"unit_id": desk.units["自然资源局"]})
    assert letters.status_code == 200, letters.text
    assert [(x["subject_kind"], x["unit_id"]) for x in letters.json()["items"]] == [
        ("decided_item", desk.units["自然资源局"])]

    replay = await record(desk, visit_body(desk, [project], "2026-09-03", decisions=[
        {"title": "县自然资源局9月10日前完成用地组卷报批", "owner_unit_id": desk.units["自然资源局"],
         "due_date": "2026-09-10", "project_id": project["id"]},
        {"title": "县交通局9月20日前完成便道修复", "owner_unit_id": desk.units["交通局"], "due_date": "2026-09-20"},
    ]), headers={**desk.office, "Idempotency-Key": "visit-1"})
    assert replay.json()["id"] == visit["id"]  # a retry records nothing twice


async def test_a_visit_is_recorded_after_it_took_place_with_the_regions_people_projects_and_units(desk):
    """A visit dated after today, a decision due before the visit or about a project not visited, and a person,
    project or unit that is not the region's are refused, each naming its field; nothing is written."""
    desk.at("2026-09-03")
    project = await desk.project("LC-102")
    future = await record(desk, visit_body(desk, [project], "2026-09-04"))
    assert (future.status_code, future.json()["code"]) == (422, "visit_in_future")
    assert future.json()["errors"][0]["field"] == "body.visited_on"
    bad = await record(desk, visit_body(desk, [project], "2026-09-02", decisions=[
        {"title": "补办手续", "owner_unit_id": desk.units["发改委"], "due_date": "2026-09-01"},
        {"title": "管线迁改", "owner_unit_id": desk.units["发改委"], "due_date": "2026-09-30",
         "project_id": str(uuid.uuid4())}]))
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_site_visit")
    assert [e["field"] for e in bad.json()["errors"]] == ["body.decisions.0.due_date", "body.decisions.1.project_id"]
    stranger = await record(desk, visit_body(desk, [project], "2026-09-02", person_ids=[str(uuid.uuid4())]))
    assert (stranger.status_code, stranger.json()["code"]) == (422, "unknown_person")
    assert stranger.json()["errors"][0]["field"] == "body.person_ids.0"
    elsewhere = await record(desk, visit_body(desk, [project, {"id": str(uuid.uuid4())}], "2026-09-02"))
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (422, "unknown_project")
    assert elsewhere.json()["errors"][0]["field"] == "body.project_ids.1"
    no_unit = await record(desk, visit_body(desk, [project], "2026-09-02", unit_ids=[str(uuid.uuid4())]))
    assert (no_unit.status_code, no_unit.json()["code"]) == (422, "unknown_unit")
    listed = await desk.client.get("/api/v1/site-visits", params={"region_code": REGION}, headers=desk.office)
    assert listed.json()["items"] == []


async def test_another_regions_visit_is_a_404_as_a_missing_one_and_a_unit_sees_the_visits_it_was_at(desk, files):
    """Another region's office gets the same 404 for a visit, its change and its files as for an id that does not
    exist; a unit sees the visits it was present at, not the others."""
    desk.at("2026-09-03")
    project = await desk.project("LC-103")
    visit = (await record(desk, visit_body(desk, [project], "2026-09-03"))).json()
    upload = await desk.client.post(f"/api/v1/site-visits/{visit['id']}/attachments", headers=desk.office,
                                    files={"file": ("现场.jpg", photos.jpeg(), "image/jpeg")})
    assert upload.status_code == 201, upload.text
    for path in (f"/api/v1/site-visits/{visit['id']}", f"/api/v1/site-visits/{uuid.uuid4()}",
                 f"/api/v1/site-visits/{visit['id']}/attachments",
                 f"/api/v1/site-visits/{visit['id']}/attachments/{upload.json()['id']}/file"):
        resp = await desk.client.get(path, headers=desk.other_office)
        assert (resp.status_code, resp.json()["code"]) == (404, "site_visit_not_found"), path
    patch = await desk.client.patch(f"/api/v1/site-visits/{visit['id']}", json={"title": "改"},
                                    headers={**desk.other_office, "If-Match": "*"})
    assert (patch.status_code, patch.json()["code"]) == (404, "site_visit_not_found")
    assert (await desk.client.get(f"/api/v1/site-visits/{visit['id']}", headers=desk.unit("交通局"))).status_code == 200
    absent = await desk.client.get(f"/api/v1/site-visits/{visit['id']}", headers=desk.unit("住建局"))
    assert absent.status_code == 404
    theirs = await desk.client.get("/api/v1/site-visits", headers=desk.unit("住建局"))
    assert theirs.json()["items"] == []


async def test_a_change_needs_if_match_and_new_decisions_are_numbered_after_the_visits(desk):
    """PATCH without ``If-Match`` is 428, with a stale ETag 412; a change replaces the fields given and adds its
    new decisions as decided items numbered after the visit's last."""
    desk.at("2026-09-03")
    project = await desk.project("LC-104")
    created = await record(desk, visit_body(desk, [project], "2026-09-03", decisions=[
        {"title": "完成用地报批", "owner_unit_id": desk.units["自然资源局"], "due_date": "2026-09-30"}]))
    visit, etag = created.json(), created.headers["etag"]
    url = f"/api/v1/site-visits/{visit['id']}"
    change = {"observations": "二标段用地组卷已上报。", "kind": "on_site_office", "new_decisions": [
        {"title": "完成施工用电迁改", "owner_unit_id": desk.units["住建局"], "due_date": "2026-10-10"}]}
    assert (await desk.client.patch(url, json=change, headers=desk.office)).status_code == 428
    changed = await desk.client.patch(url, json=change, headers={**desk.office, "If-Match": etag})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["observations"], body["kind"]) == ("二标段用地组卷已上报。", "on_site_office")
    assert [(i["seq"], i["title"]) for i in body["decided_items"]] == [(1, "完成用地报批"), (2, "完成施工用电迁改")]
    assert changed.headers["etag"] != etag
    stale = await desk.client.patch(url, json={"title": "再次修改"}, headers={**desk.office, "If-Match": etag})
    assert stale.status_code == 412
    read = await desk.client.get(url, headers=desk.office)
    assert read.headers["etag"] == changed.headers["etag"]
    outsider = await desk.client.patch(url, json={"title": "住建局修改"},
                                       headers={**desk.unit("交通局"), "If-Match": "*"})
    assert (outsider.status_code, outsider.json()["code"]) == (403, "site_visit_forbidden")


async def test_visits_are_listed_by_project_person_and_month(desk):
    """The list filters by project, person on the visit and month, latest visit first."""
    desk.at("2026-10-20")
    a, b = await desk.project("LC-105"), await desk.project("LC-106")
    first = (await record(desk, visit_body(desk, [a], "2026-09-28"))).json()
    second = (await record(desk, visit_body(desk, [a, b], "2026-10-08", person_ids=[]))).json()

    async def ids(**params: str) -> list[str]:
        resp = await desk.client.get("/api/v1/site-visits", params={"region_code": REGION, **params},
                                     headers=desk.office)
        assert resp.status_code == 200, resp.text
        return [v["id"] for v in resp.json()["items"]]

    assert await ids() == [second["id"], first["id"]]
    assert await ids(project_id=b["id"]) == [second["id"]]
    assert await ids(person_id=desk.people["王"]) == [first["id"]]
    assert await ids(month="2026-09") == [first["id"]]
    assert await ids(month="2026-10", project_id=a["id"]) == [second["id"]]


@pytest.mark.parametrize(("data", "name", "code"), [
    (photos.png(), "现场照片.pdf", "attachment_type_mismatch"),
    (b"not a photo at all, only text\n" * 30, "现场照片.jpg", "attachment_type_refused"),
])
async def test_evidence_is_checked_by_its_content_not_its_name(desk, files, data, name, code):
    """A PNG named .pdf and a text file named .jpg are refused (422 naming ``file``) and nothing is stored; a real
    photo is kept with its thumbnail and its EXIF time."""
    desk.at("2026-09-03")
    project = await desk.project("LC-107")
    visit = (await record(desk, visit_body(desk, [project], "2026-09-03"))).json()
    url = f"/api/v1/site-visits/{visit['id']}/attachments"
    refused = await desk.client.post(url, headers=desk.office, files={"file": (name, data, "image/jpeg")})
    assert (refused.status_code, refused.json()["code"]) == (422, code)
    assert refused.json()["errors"][0]["field"] == "file"
    assert not stored(files)
    photo = await desk.client.post(url, headers=desk.office, data={"caption": "项目现场"},
                                   files={"file": ("现场.jpg", photos.jpeg(taken="2026:09:03 10:20:00"), "image/jpeg")})
    assert photo.status_code == 201, photo.text
    assert photo.json()["thumbnail_url"] and photo.json()["taken_at"] == "2026-09-03T02:20:00Z"
    listed = await desk.client.get(url, headers=desk.leader)
    assert [i["caption"] for i in listed.json()["items"]] == ["项目现场"]


def leader_of(desk, person: str) -> dict[str, str]:
    """A leader's token carrying their person id (as the gateway mints it)."""
    from tests.fixtures.county import LONG

    token = desk.stack.codec.encode({"sub": f"test:leader:{person}", "roles": ["leader"], "region": REGION,
                                     "person": desk.people[person], "typ": "access"}, LONG)
    return {"Authorization": f"Bearer {token}"}


async def test_a_leader_records_a_visit_they_were_on_and_a_unit_its_own_visit_being_present(desk):
    """A leader records a visit they were on (not one of others: 403 site_visit_forbidden) and changes it as its
    leading person; a unit that records a visit is present at it and sees it; a viewer records nothing."""
    desk.at("2026-09-03")
    project = await desk.project("LC-108")
    others = await record(desk, visit_body(desk, [project], "2026-09-03", person_ids=[]), headers=leader_of(desk, "王"))
    assert (others.status_code, others.json()["code"]) == (403, "site_visit_forbidden")
    mine = await record(desk, visit_body(desk, [project], "2026-09-03", person_ids=[]), headers=leader_of(desk, "李"))
    assert mine.status_code == 201, mine.text
    change = await desk.client.patch(f"/api/v1/site-visits/{mine.json()['id']}", json={"conclusions": "限期整改"},
                                     headers={**leader_of(desk, "李"), "If-Match": mine.headers["etag"]})
    assert change.status_code == 200, change.text
    by_unit = await record(desk, visit_body(desk, [project], "2026-09-03", kind="on_site_office",
                                            unit_ids=[desk.units["住建局"]]), headers=desk.unit("发改委"))
    assert by_unit.status_code == 201, by_unit.text
    assert by_unit.json()["unit_ids"] == [desk.units["住建局"], desk.units["发改委"]]
    seen = await desk.client.get("/api/v1/site-visits", headers=desk.unit("发改委"))
    assert [v["id"] for v in seen.json()["items"]] == [by_unit.json()["id"]]
    viewer = await record(desk, visit_body(desk, [project], "2026-09-03"),
                          headers=desk.stack.auth("viewer", region=REGION))
    assert (viewer.status_code, viewer.json()["code"]) == (403, "site_visit_forbidden")
