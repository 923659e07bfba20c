"""The meetings that took a project up and the decided items about it (a project's dossier reads them)."""

from __future__ import annotations

from tests.meetings.conftest import held_meeting


async def test_meetings_and_decided_items_can_be_read_by_project(desk):
    desk.at("2026-09-01")
    lc1, lc2 = await desk.project("LC-001"), await desk.project("LC-002")
    on_agenda = await desk.meeting("2026-09-07")
    await desk.add_item(on_agenda, "LC-001用地", project_id=lc1["id"])
    await desk.meeting("2026-09-08")  # takes up nothing
    desk.at("2026-09-01")
    held = await held_meeting(desk, "2026-09-09")  # decides an item about LC-001 without an agenda item
    resp = await desk.client.put(
        f"/api/v1/meetings/{held['id']}/minutes",
        headers=desk.office,
        json={
            "decided_items": [
                {
                    "title": "完成用地预审",
                    "owner_unit_id": desk.units["交通局"],
                    "due_date": "2026-09-30",
                    "project_id": lc1["id"],
                },
                {
                    "title": "编制供水规划",
                    "owner_unit_id": desk.units["住建局"],
                    "due_date": "2026-09-30",
                    "project_id": lc2["id"],
                },
            ]
        },
    )
    assert resp.status_code == 200, resp.text
    resp = await desk.client.post(f"/api/v1/meetings/{held['id']}/minutes/publication", headers=desk.office)
    assert resp.status_code == 200, resp.text

    resp = await desk.client.get("/api/v1/meetings", params={"project_id": lc1["id"]}, headers=desk.office)
    assert resp.status_code == 200, resp.text
    assert [m["id"] for m in resp.json()["items"]] == [on_agenda["id"], held["id"]]
    resp = await desk.client.get("/api/v1/decided-items", params={"project_id": lc1["id"]}, headers=desk.office)
    assert [(d["title"], d["project_id"]) for d in resp.json()["items"]] == [("完成用地预审", lc1["id"])]
    # a unit still sees only what it may: the items it owns
    resp = await desk.client.get("/api/v1/decided-items", params={"project_id": lc2["id"]}, headers=desk.unit("交通局"))
    assert resp.json()["items"] == []
