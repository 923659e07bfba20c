"""Accountability (问责): each sanction — 通报批评, 约谈, 诫勉谈话, 组织处理, 移交纪委监委, 取消优惠政策 (栾川 seed 000,
郸城 seed 002, 清水 seed 003) — against a unit or a post, with its grounds, who decided it and when; seen by the
office and the supervision office only."""

from __future__ import annotations

import uuid

ACC = "/api/v1/accountability-records"


async def letter(desk) -> str:
    resp = await desk.client.post("/api/v1/letters", headers=desk.office(), json={
        "region_code": "410324", "grade": "supervision", "unit_id": desk.units["交通局"], "subject_kind": "project",
        "project_id": desk.projects["LC-001"]["id"], "title": "关于加快推进的督办函",
        "body": "项目建设进度滞后，请加快推进。"})
    assert resp.status_code == 201, resp.text
    return resp.json()["id"]


def record_body(desk, **over) -> dict:
    return {"region_code": "410324", "sanction": "circulated_criticism", "target_kind": "unit",
            "unit_id": desk.units["交通局"], "project_id": desk.projects["LC-001"]["id"],
            "summary": "项目推进不力，督办函逾期未回复。", "grounds": [], "decided_by": "县委、县政府",
            "decided_on": "2026-09-28", **over}


async def record(desk, headers=None, **over) -> dict:
    resp = await desk.client.post(ACC, json=record_body(desk, **over), headers=headers or desk.office())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_a_sanction_against_a_unit_is_recorded_with_its_grounds(desk):
    """A record names the sanction, the unit (as the registry names it), the grounds (letters, interviews,
    inspections, absences, rankings: kind, id and a note), who decided it and when."""
    letter_id = await letter(desk)
    ranking = str(uuid.uuid4())
    grounds = [{"kind": "letter", "id": letter_id, "note": "督办函逾期未回复"},
               {"kind": "ranking", "id": ranking, "note": "第三季度排名后三位"}]
    resp = await desk.client.post(ACC, json=record_body(desk, grounds=grounds), headers=desk.supervisor())
    assert resp.status_code == 201, resp.text
    out = resp.json()
    assert resp.headers["location"] == f"{ACC}/{out['id']}" and resp.headers["etag"]
    assert (out["sanction"], out["target_kind"], out["target_name"], out["decided_by"], out["decided_on"]) == (
        "circulated_criticism", "unit", "栾川县交通运输局", "县委、县政府", "2026-09-28")
    assert out["grounds"] == grounds
    got = await desk.client.get(f"{ACC}/{out['id']}", headers=desk.office())
    assert got.status_code == 200 and got.json() == out


async def test_the_sanction_kinds_have_chinese_labels(desk):
    """Every sanction kind is in the enum catalogue with its zh-CN label."""
    resp = await desk.client.get("/api/v1/enums/issues", headers=desk.office())
    assert resp.status_code == 200, resp.text
    text = resp.text
    for label in ("通报批评", "约谈", "诫勉谈话", "组织处理", "移交纪委监委", "取消优惠政策"):
        assert label in text


async def test_a_sanction_against_a_post_is_checked_against_the_registry(desk):
    """The duty belongs to the post: a record may name a post of the region (its title is kept); a post of no
    region or another region's is a 422 post_not_found; a unit of another region is 422 unit_not_found."""
    out = await record(desk, target_kind="post", unit_id=None, post_id=desk.posts["分管交通"],
                       sanction="admonishment")
    assert (out["target_kind"], out["post_id"], out["target_name"]) == ("post", desk.posts["分管交通"],
                                                                        "副县长（分管交通）")
    cases = (
        ({"target_kind": "post", "unit_id": None, "post_id": str(uuid.uuid4())}, "post_not_found", "body.post_id"),
        ({"unit_id": desk.units["嵩县交通局"]}, "unit_not_found", "body.unit_id"),
        ({"unit_id": None}, "required", "body.unit_id"),
        ({"post_id": desk.posts["分管城建"]}, "accountability_target_mismatch", "body.post_id"),
    )
    for over, code, field in cases:
        resp = await desk.client.post(ACC, json=record_body(desk, **over), headers=desk.office())
        assert (resp.status_code, resp.json()["code"]) == (422, code), (over, resp.text)
        assert resp.json()["errors"][0]["field"] == field
        assert resp.json()["message"]


async def test_a_ground_that_is_not_the_regions_letter_or_interview_is_refused(desk):
    """A letter or interview named as a ground must be one of the region's: else 422 ground_not_found on that
    ground's id."""
    for kind in ("letter", "interview"):
        grounds = [{"kind": kind, "id": str(uuid.uuid4()), "note": ""}]
        resp = await desk.client.post(ACC, json=record_body(desk, grounds=grounds), headers=desk.office())
        assert (resp.status_code, resp.json()["code"]) == (422, "ground_not_found"), resp.text
        assert resp.json()["errors"][0]["field"] == "body.grounds.0.id"
        assert resp.json()["message"] == "问责依据中的函件或约谈记录不存在。"


async def test_only_the_office_and_supervisors_see_accountability_records(desk, stack):
    """Records are for the office and the supervision office: a unit (even the one sanctioned), a leader and a
    viewer are refused with 403 role_required — on the list and on any id alike, existing or not; another
    region's office finds no such record (404) and may not name the region (403 region_forbidden)."""
    rec = await record(desk)
    viewer = stack.auth("viewer", region="410324")
    for who in (desk.unit("交通局"), desk.leader("李"), viewer):
        for path in (ACC, f"{ACC}/{rec['id']}", f"{ACC}/{uuid.uuid4()}"):
            resp = await desk.client.get(path, headers=who)
            assert (resp.status_code, resp.json()["code"]) == (403, "role_required"), (path, resp.text)
        resp = await desk.client.post(ACC, json=record_body(desk), headers=who)
        assert resp.status_code == 403, resp.text
    assert (await desk.client.get(f"{ACC}/{rec['id']}", headers=desk.supervisor())).status_code == 200
    other = desk.office("410325")
    resp = await desk.client.get(f"{ACC}/{rec['id']}", headers=other)
    assert (resp.status_code, resp.json()["code"]) == (404, "accountability_record_not_found")
    assert (await desk.client.get(ACC, headers=other)).json()["items"] == []
    resp = await desk.client.get(ACC, params={"region_code": "410324"}, headers=other)
    assert (resp.status_code, resp.json()["code"]) == (403, "region_forbidden")


async def test_scoring_reads_the_records_decided_in_a_period_page_by_page(desk):
    """What scoring counts: the region's records decided in [from, to], latest first, keyset-paginated; a service
    reads them."""
    for day in ("2026-07-01", "2026-08-15", "2026-09-20", "2026-09-28"):
        await record(desk, decided_on=day)
    service = {"Authorization": f"Bearer {desk.stack.codec.service_token('scoring')}"}
    params = {"region_code": "410324", "from": "2026-08-01", "to": "2026-09-25", "limit": 1}
    first = await desk.client.get(ACC, params=params, headers=service)
    assert first.status_code == 200, first.text
    assert [r["decided_on"] for r in first.json()["items"]] == ["2026-09-20"]
    second = await desk.client.get(ACC, params={**params, "cursor": first.json()["next_cursor"]}, headers=service)
    assert [r["decided_on"] for r in second.json()["items"]] == ["2026-08-15"]
    assert second.json()["next_cursor"] is None
    bad = await desk.client.get(ACC, params={"from": "2026-09-01", "to": "2026-08-01"}, headers=desk.office())
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_range")


async def test_a_retried_record_with_the_same_idempotency_key_writes_once(desk):
    """Creating a record takes an Idempotency-Key: the retry replays the first answer."""
    headers = {**desk.office(), "Idempotency-Key": "acc-1"}
    first = await desk.client.post(ACC, json=record_body(desk), headers=headers)
    second = await desk.client.post(ACC, json=record_body(desk), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    assert len((await desk.client.get(ACC, headers=desk.office())).json()["items"]) == 1
