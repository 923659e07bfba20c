"""Efficiency complaints (行政效能投诉, 惠济 seed 004: 實行行政效能投訴制度): a project owner complains about a unit's
handling; the office receives it, investigates, and concludes with its finding (属实 / 部分属实 / 不属实), due ten
working days after receipt."""

from __future__ import annotations

import uuid

COMP = "/api/v1/complaints"


def body(desk, **over) -> dict:
    return {"region_code": "410324", "complainant": "洛阳栾川钼业集团 项目经理 刘某",
            "complainant_contact": "0379-6xxxxxxx",
            "project_id": desk.projects["LC-001"]["id"], "unit_id": desk.units["自然资源局"],
            "content": "用地预审材料9月初已提交，多次要求补充材料且未一次性告知，至今未办结。",
            "received_on": "2026-11-02", **over}


async def receive(desk, **over) -> dict:
    resp = await desk.client.post(COMP, json=body(desk, **over), headers=desk.office())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def act(desk, cid: str, action: str, headers: dict, payload: dict | None = None) -> object:
    return await desk.client.post(f"{COMP}/{cid}/{action}", json=payload, headers=headers)


FINDING = {"finding": "partly_substantiated", "finding_text": "未一次性告知补正材料属实；超时系材料不全所致。",
           "decided_on": "2026-11-10"}


async def test_a_complaint_is_received_investigated_and_concluded_with_the_offices_finding(desk):
    """received → investigating → concluded, with the finding, its text and the day decided; the finding is due
    ten working days after receipt (2026-11-02 → 2026-11-16)."""
    desk.at("2026-11-05")
    got = await receive(desk)
    assert (got["status"], got["finding_due_on"], got["unit_name"], got["project_code"], got["finding"]) == (
        "received", "2026-11-16", "栾川县自然资源局", "LC-001", None)
    resp = await act(desk, got["id"], "investigation", desk.office())
    assert resp.status_code == 200, resp.text
    assert (resp.json()["status"], resp.json()["investigation_started_on"]) == ("investigating", "2026-11-05")
    desk.at("2026-11-10")
    resp = await act(desk, got["id"], "conclusion", desk.supervisor(), FINDING)
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert (out["status"], out["finding"], out["finding_text"], out["decided_on"]) == (
        "concluded", "partly_substantiated", FINDING["finding_text"], "2026-11-10")
    assert (await desk.client.get(f"{COMP}/{got['id']}", headers=desk.office())).json() == out


async def test_steps_out_of_order_and_impossible_dates_are_refused(desk):
    """Concluding before investigating, investigating twice, a finding decided before receipt or in the future,
    a complaint received in the future: each a typed 422 naming the field, with a Chinese message."""
    desk.at("2026-11-05")
    got = await receive(desk)
    resp = await act(desk, got["id"], "conclusion", desk.office(), FINDING)
    assert (resp.status_code, resp.json()["code"]) == (422, "complaint_step_not_allowed")
    assert resp.json()["message"] == "该投诉当前状态不能进行此操作。"
    await act(desk, got["id"], "investigation", desk.office())
    resp = await act(desk, got["id"], "investigation", desk.office())
    assert (resp.status_code, resp.json()["code"]) == (422, "complaint_step_not_allowed")
    for decided, code in (("2026-11-01", "decided_before_received"), ("2026-11-06", "complaint_date_in_future")):
        resp = await act(desk, got["id"], "conclusion", desk.office(), {**FINDING, "decided_on": decided})
        assert (resp.status_code, resp.json()["code"]) == (422, code), resp.text
        assert resp.json()["errors"][0]["field"] == "body.decided_on"
    resp = await desk.client.post(COMP, json=body(desk, received_on="2026-11-06"), headers=desk.office())
    assert (resp.status_code, resp.json()["code"]) == (422, "complaint_date_in_future")
    resp = await act(desk, got["id"], "conclusion", desk.office(), {**FINDING, "finding": "maybe"})
    assert (resp.status_code, resp.json()["code"]) == (422, "validation_failed")


async def test_the_project_and_the_unit_must_be_the_regions(desk):
    """The project and the unit complained about are checked in the registry like any reference."""
    desk.at("2026-11-05")
    for over, code, field in (({"unit_id": desk.units["嵩县交通局"]}, "unit_not_found", "body.unit_id"),
                              ({"project_id": str(uuid.uuid4())}, "project_not_found", "body.project_id")):
        resp = await desk.client.post(COMP, json=body(desk, **over), headers=desk.office())
        assert (resp.status_code, resp.json()["code"]) == (422, code), resp.text
        assert resp.json()["errors"][0]["field"] == field


async def test_only_the_office_receives_and_only_region_wide_roles_see_complaints(desk, stack):
    """The office (or the supervision office) receives and decides; the unit complained about, another unit and a
    leader do not see complaints (404 by id, an empty list) — the complainant is not exposed — while a viewer of
    the region reads them but may not act; another region's office finds none."""
    desk.at("2026-11-05")
    got = await receive(desk)
    for who in (desk.unit("自然资源局"), desk.unit("交通局"), desk.leader("李")):
        resp = await desk.client.get(f"{COMP}/{got['id']}", headers=who)
        assert (resp.status_code, resp.json()["code"]) == (404, "complaint_not_found")
        assert (await desk.client.get(COMP, headers=who)).json()["items"] == []
        resp = await desk.client.post(COMP, json=body(desk), headers=who)
        assert (resp.status_code, resp.json()["code"]) == (403, "role_required")
    viewer = stack.auth("viewer", region="410324")
    assert (await desk.client.get(f"{COMP}/{got['id']}", headers=viewer)).status_code == 200
    resp = await act(desk, got["id"], "investigation", viewer)
    assert (resp.status_code, resp.json()["code"]) == (403, "role_required")
    resp = await desk.client.get(f"{COMP}/{got['id']}", headers=desk.office("410325"))
    assert (resp.status_code, resp.json()["code"]) == (404, "complaint_not_found")


async def test_a_complaint_not_concluded_by_its_due_day_shows_overdue(desk):
    """Past the finding's due day and not concluded: overdue, and the list filters on it and on status."""
    desk.at("2026-11-05")
    late = await receive(desk)
    on_time = await receive(desk, complainant="某建设公司 王某")
    await act(desk, on_time["id"], "investigation", desk.office())
    await act(desk, on_time["id"], "conclusion", desk.office(), {**FINDING, "decided_on": "2026-11-05"})
    desk.at("2026-11-17")
    resp = await desk.client.get(COMP, params={"overdue": "true"}, headers=desk.office())
    assert [c["id"] for c in resp.json()["items"]] == [late["id"]]
    assert resp.json()["items"][0]["overdue"] is True
    resp = await desk.client.get(COMP, params={"status": "concluded"}, headers=desk.office())
    assert [c["id"] for c in resp.json()["items"]] == [on_time["id"]]


async def test_edits_honour_if_match_and_a_retried_receipt_writes_once(desk):
    """A step with an If-Match that is not the ETag is 412; receiving with the same Idempotency-Key twice is one
    complaint."""
    desk.at("2026-11-05")
    headers = {**desk.office(), "Idempotency-Key": "complaint-1"}
    first = await desk.client.post(COMP, json=body(desk), headers=headers)
    second = await desk.client.post(COMP, json=body(desk), headers=headers)
    assert first.json()["id"] == second.json()["id"]
    assert len((await desk.client.get(COMP, headers=desk.office())).json()["items"]) == 1
    resp = await act(desk, first.json()["id"], "investigation", {**desk.office(), "If-Match": '"7"'})
    assert (resp.status_code, resp.json()["code"]) == (412, "stale_etag")
    resp = await act(desk, first.json()["id"], "investigation", {**desk.office(), "If-Match": first.headers["etag"]})
    assert resp.status_code == 200, resp.text
