"""Approval item changes coming in from the platform, by pull and by push: they fill in the project's
procedures through the mapping, each once however often it comes, the highest version winning whatever
the order; a push that is not signed or is stale is refused and changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.province.conftest import REGION, Province
from tuijin.kernel.clock import clock, today, utcnow


async def test_a_pull_brings_status_changes_into_procedures_with_their_history(province: Province) -> None:
    """Received → in progress, then done with the document number, date and department: the procedure
    follows, its history records each change by the platform, and the sync log says applied."""
    project = await province.linked_project(1)
    code = province.code(1)
    province.store.advance("eia-1", code, "HN-HB-01")  # received
    result = await province.pull()
    assert (result["received"], result["applied"], result["failed"]) == (1, 1, 0)
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "in_progress" and eia["source"] == "provincial_platform"

    province.store.advance("eia-1", code, "HN-HB-01", "accepted")
    province.store.advance("eia-1", code, "HN-HB-01", "done")
    result = await province.pull()
    assert result["applied"] == 2
    eia = (await province.procedures(project["id"]))["eia"]
    item = province.store.items["eia-1"]
    assert eia["status"] == "done"
    assert eia["approval_number"] == item.document_number and eia["approval_date"] == item.document_date.isoformat()
    history = await province.history(project["id"], eia["id"])
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
    ]
    assert all(h["changed_by"] == f"province-platform:{REGION}" for h in history)
    assert "洛阳市生态环境局栾川分局" in history[-1]["reason"]
    assert [e["outcome"] for e in await province.log()] == ["applied"] * 3
    assert (await province.pull())["received"] == 0  # the cursor moved on


async def test_a_pull_with_duplicated_and_reversed_deliveries_ends_in_the_latest_state(province: Province) -> None:
    """The platform sends every change twice and newest first: the highest version wins, the rest is
    skipped as duplicate or stale."""
    project = await province.linked_project(2)
    code = province.code(2)
    for status in ("received", "accepted", "in_progress", "done"):
        province.store.advance("permit-2", code, "HN-ZJ-01", status)
    province.store.knobs.duplicates = True
    province.store.knobs.out_of_order = True
    result = await province.pull()
    assert result["received"] == 8 and result["applied"] == 1
    assert result["duplicate"] + result["stale"] == 7
    permit = (await province.procedures(project["id"]))["construction_permit"]
    assert permit["status"] == "done"
    assert len(await province.history(project["id"], permit["id"])) == 1


async def test_the_same_webhook_event_twice_is_applied_once(province: Province) -> None:
    """A pushed change delivered twice changes the procedure once; the second is logged duplicate."""
    project = await province.linked_project(3)
    event = province.event(province.code(3), "HN-HB-01", "accepted", 1)
    for _ in range(2):
        resp = await province.push([event])
        assert resp.status_code == 200, resp.text
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "in_progress"
    assert len(await province.history(project["id"], eia["id"])) == 1
    assert sorted(e["outcome"] for e in await province.log()) == ["applied", "duplicate"]


async def test_two_events_out_of_order_end_in_the_state_of_the_higher_version(province: Province) -> None:
    """Version 2 (done) arrives before version 1 (in progress): the procedure stays done, version 1 is stale."""
    project = await province.linked_project(4)
    code = province.code(4)
    done = province.event(
        code,
        "HN-HB-01",
        "done",
        2,
        document_number="栾环审〔2026〕7号",
        document_date=(today() - timedelta(days=1)).isoformat(),
        department="县环境分局",
    )
    earlier = province.event(code, "HN-HB-01", "in_progress", 1)
    assert (await province.push([done])).status_code == 200
    resp = await province.push([earlier])
    assert resp.json()["results"][0]["outcome"] == "stale"
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "done" and eia["approval_number"] == "栾环审〔2026〕7号"


async def test_a_bad_signature_is_refused_and_changes_nothing(province: Province) -> None:
    """A push signed with another secret, or with no signature, is refused (401 problem+json); no
    procedure changes and nothing enters the sync log."""
    project = await province.linked_project(5)
    event = province.event(province.code(5), "HN-HB-01", "accepted", 1)
    resp = await province.push([event], secret="not-the-secret")
    assert resp.status_code == 401 and resp.json()["code"] == "signature_invalid"
    assert resp.headers["content-type"].startswith("application/problem+json")
    resp = await province.push([event], sign="sha256=" + "0" * 64)
    assert resp.status_code == 401
    assert (await province.procedures(project["id"])) == {}
    assert await province.log() == []


async def test_a_stale_timestamp_is_refused_and_changes_nothing(province: Province) -> None:
    """A correctly signed push whose timestamp is more than the window away from now is refused."""
    project = await province.linked_project(6)
    event = province.event(province.code(6), "HN-HB-01", "accepted", 1)
    old = int((utcnow() - timedelta(seconds=301)).timestamp())
    resp = await province.push([event], timestamp=old)
    assert resp.status_code == 401 and resp.json()["code"] == "timestamp_stale"
    assert (await province.procedures(project["id"])) == {}
    assert await province.log() == []


async def test_a_failed_change_is_logged_and_replayed_once_the_mapping_exists(province: Province) -> None:
    """An item with no mapping fails with the reason in the log; once the office maps it, a replay applies
    it and the failed entry points to the new one; a second replay is refused."""
    project = await province.linked_project(7)
    province.store.advance("soil-7", province.code(7), "HN-XX-09", "in_progress")
    result = await province.pull()
    assert result["failed"] == 1
    [failed] = await province.log(outcome="failed")
    assert "HN-XX-09" in failed["reason"] and failed["payload"]["item"]["item_code"] == "HN-XX-09"
    # one item per procedure type (issue 22): the demo item HN-SL-01 gives soil_water up first
    mappings = await province.client.get(f"/api/v1/province/regions/{REGION}/mappings", headers=province.office)
    [demo] = [m for m in mappings.json()["items"] if m["item_code"] == "HN-SL-01"]
    removed = await province.client.delete(f"/api/v1/province/mappings/{demo['id']}", headers=province.office)
    assert removed.status_code == 204, removed.text
    resp = await province.client.post(
        f"/api/v1/province/regions/{REGION}/mappings",
        json={
            "item_code": "HN-XX-09",
            "item_name": "水土保持方案（市级）",
            "procedure_type_id": province.types["soil_water"],
        },
        headers=province.office,
    )
    assert resp.status_code == 201, resp.text
    resp = await province.client.post(f"/api/v1/province/sync-log/{failed['id']}/replay", headers=province.office)
    assert resp.status_code == 200, resp.text
    assert resp.json()["outcome"] == "applied" and resp.json()["channel"] == "replay"
    assert (await province.procedures(project["id"]))["soil_water"]["status"] == "in_progress"
    again = await province.client.post(f"/api/v1/province/sync-log/{failed['id']}/replay", headers=province.office)
    assert again.status_code == 409


async def test_a_change_for_an_unlinked_project_fails_and_a_project_pull_after_linking_catches_up(
    province: Province,
) -> None:
    """Changes of a project not linked yet fail in the log; after linking, the project's pull reads its
    items from the start and applies them."""
    code = province.code(8)
    province.known(code)
    project = await province.county.project("LC-008", national_code=code)
    province.store.advance("eia-8", code, "HN-HB-01", "accepted")
    assert (await province.pull())["failed"] == 1
    resp = await province.client.post(
        "/api/v1/province/links", json={"project_id": project["id"], "national_code": code}, headers=province.office
    )
    link = resp.json()
    resp = await province.client.post(f"/api/v1/province/links/{link['id']}/pull", headers=province.office)
    assert resp.status_code == 200 and resp.json()["applied"] == 1
    assert (await province.procedures(project["id"]))["eia"]["status"] == "in_progress"


async def test_a_done_item_without_its_document_fails_and_changes_nothing(province: Province) -> None:
    """A done item needs the document number and date; without them the change fails in the log and the
    procedure is not touched (nothing half-written)."""
    project = await province.linked_project(9)
    resp = await province.push([province.event(province.code(9), "HN-HB-01", "done", 1)])
    assert resp.status_code == 200
    assert resp.json()["results"][0]["outcome"] == "failed"
    assert (await province.procedures(project["id"])) == {}


async def test_the_region_pull_job_survives_an_outage(province: Province) -> None:
    """A configured region has its own pull job (runnable now by an admin); a platform that is down is
    reported in its result, and the next run picks up once it is back."""
    project = await province.linked_project(10)
    province.store.advance("eia-10", province.code(10), "HN-HB-01", "accepted")
    province.platform.down = True
    result = await province.run_job(f"province-pull-{REGION}")
    assert "unavailable" in result["error"]
    province.platform.down = False
    result = await province.run_job(f"province-pull-{REGION}")
    assert result["applied"] == 1
    assert (await province.procedures(project["id"]))["eia"]["status"] == "in_progress"


async def test_a_push_through_the_gateway_reaches_the_webhook_without_a_login(province: Province) -> None:
    """The webhook is public on the gateway (the platform has no Tuijin login) and the body reaches the
    registry byte for byte, so the signature still matches."""
    import json

    from standins.province.app import signature
    from tests.province.conftest import WEBHOOK_SECRET

    project = await province.linked_project(11)
    body = json.dumps(
        {"events": [province.event(province.code(11), "HN-HB-01", "accepted", 1)]}, ensure_ascii=False
    ).encode()
    ts = str(int(utcnow().timestamp()))
    resp = await province.stack.client("gateway").post(
        f"/api/v1/province/webhook/{REGION}",
        content=body,
        headers={
            "content-type": "application/json",
            "x-province-timestamp": ts,
            "x-province-signature": signature(WEBHOOK_SECRET, ts, body),
        },
    )
    assert resp.status_code == 200, resp.text
    assert (await province.procedures(project["id"]))["eia"]["status"] == "in_progress"


async def test_a_region_configured_after_start_up_is_pulled_by_the_catch_all_job(province: Province) -> None:
    """Regions without a periodic job of their own (configured since start-up) are pulled by
    province-pull-new-regions; a switched-off region is not pulled at all."""
    await province.linked_project(12)
    province.store.advance("eia-12", province.code(12), "HN-HB-01", "accepted")
    result = await province.run_job("province-pull-new-regions")
    assert result[REGION]["applied"] == 1
    read = await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=province.office)
    keep = {k: read.json()[k] for k in ("base_url", "credential_ref", "webhook_secret_ref")}
    resp = await province.client.put(
        f"/api/v1/province/regions/{REGION}/config", json={**keep, "enabled": False},
        headers={**province.admin, "If-Match": read.headers["etag"]},
    )
    assert resp.status_code == 200, resp.text
    assert await province.run_job("province-pull-new-regions") == {}
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_disabled"


async def test_a_corrected_approval_of_a_done_item_replaces_the_document_and_is_kept_in_history(
    province: Province,
) -> None:
    """Version 2 of a done item carries another document number: the procedure takes it, and its history
    shows the correction beside the first approval."""
    project = await province.linked_project(13)
    code = province.code(13)
    day = (today() - timedelta(days=2)).isoformat()
    first = province.event(code, "HN-HB-01", "done", 1, document_number="栾环审〔2026〕1号", document_date=day)
    fixed = province.event(code, "HN-HB-01", "done", 2, document_number="栾环审〔2026〕2号", document_date=day)
    assert (await province.push([first, fixed])).status_code == 200
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "done" and eia["approval_number"] == "栾环审〔2026〕2号"
    history = await province.history(project["id"], eia["id"])
    assert [(h["to_status"], h["approval_number"]) for h in history] == [
        ("done", "栾环审〔2026〕1号"),
        ("done", "栾环审〔2026〕2号"),
    ]


async def test_a_malformed_event_in_a_push_fails_alone(province: Province) -> None:
    """One event of a push without a version is logged as failed with the reason; the others apply."""
    project = await province.linked_project(14)
    good = province.event(province.code(14), "HN-HB-01", "accepted", 1)
    bad = province.event(province.code(14), "HN-ZJ-01", "accepted", 1)
    del bad["item"]["version"]
    resp = await province.push([bad, good])
    assert resp.status_code == 200, resp.text
    outcomes = [r["outcome"] for r in resp.json()["results"]]
    assert outcomes == ["failed", "applied"]
    assert "version" in resp.json()["results"][0]["reason"]
    assert set(await province.procedures(project["id"])) == {"eia"}


async def test_old_log_entries_and_delivered_reports_are_pruned_but_unreplayed_failures_and_pending_reports_stay(
    province: Province,
) -> None:
    """The daily prune forgets what is older than the retention (180 days by default); what still needs the
    operator — a failed change not yet replayed, a report not yet delivered — stays."""
    project = await province.linked_project(31)
    province.store.advance("eia-31", province.code(31), "HN-HB-01", "accepted")
    province.store.advance("soil-31", province.code(31), "HN-XX-09", "in_progress")  # unmapped: fails
    assert (await province.pull())["failed"] == 1
    resp = await province.client.put(
        f"/api/v1/projects/{project['id']}/tier-override",
        json={"tier": "provincial_major", "reason": "省级重大项目"}, headers={**province.office, "If-Match": "*"},
    )
    assert resp.status_code == 200, resp.text
    for kind in ("suspension", "resumption"):
        resp = await province.client.post(
            f"/api/v1/province/projects/{project['id']}/unit-reports",
            json={"kind": kind, "report_date": today().isoformat(), "reason": "汛期"}, headers=province.office,
        )
        assert resp.status_code in (200, 201), resp.text
    await province.run_job("province-deliver")
    reports = f"/api/v1/province/regions/{REGION}/outbound-reports"
    assert len((await province.client.get(reports, headers=province.office)).json()["items"]) == 2

    clock.set(clock.now() + timedelta(days=181))
    resp = await province.client.post(
        f"/api/v1/province/projects/{project['id']}/unit-reports",
        json={"kind": "suspension", "report_date": today().isoformat(), "reason": "停电"}, headers=province.office,
    )
    assert resp.status_code in (200, 201), resp.text
    result = await province.run_job("province-prune")

    assert (result["sync_entries"], result["delivered_reports"]) == (1, 2)
    assert [e["outcome"] for e in await province.log()] == ["failed"]
    left = (await province.client.get(reports, headers=province.office)).json()["items"]
    assert [(r["kind"], r["status"]) for r in left] == [("suspension", "pending")]


async def test_twenty_copies_of_one_push_sent_at_once_apply_once(province: Province) -> None:
    """Issue 22: a change is applied exactly once however many copies of its push arrive at the same time, on
    SQLite as on PostgreSQL; the other copies are logged as duplicates and the procedure has one change."""
    project = await province.linked_project(30)
    event = province.event(province.code(30), "HN-HB-01", "accepted", 1)
    answers = await asyncio.gather(*(province.push([event]) for _ in range(20)))
    assert [r.status_code for r in answers] == [200] * 20, [r.text for r in answers if r.status_code != 200]
    outcomes = sorted(e["outcome"] for e in await province.log(limit=50))
    assert outcomes == ["applied"] + ["duplicate"] * 19
    eia = (await province.procedures(project["id"]))["eia"]
    assert len(await province.history(project["id"], eia["id"])) == 1


async def test_twenty_copies_of_a_later_version_sent_at_once_apply_once(province: Province) -> None:
    """The same when the item already has a state (an update, not the first version)."""
    project = await province.linked_project(31)
    assert (await province.push([province.event(province.code(31), "HN-HB-01", "accepted", 1)])).status_code == 200
    event = province.event(province.code(31), "HN-HB-01", "withdrawn", 2, note="项目单位撤回申请")
    answers = await asyncio.gather(*(province.push([event]) for _ in range(20)))
    assert [r.status_code for r in answers] == [200] * 20
    outcomes = sorted(e["outcome"] for e in await province.log(limit=50) if e["version"] == 2)
    assert outcomes == ["applied"] + ["duplicate"] * 19
    eia = (await province.procedures(project["id"]))["eia"]
    assert len(await province.history(project["id"], eia["id"])) == 2


async def test_a_version_sent_as_a_string_of_digits_is_applied_and_logged_as_that_number(province: Province) -> None:
    """Issue 22: the contract allows a version as a string of decimal digits; "9" is version 9, in the log too,
    and a later "10" supersedes it (compared as numbers, not as text)."""
    project = await province.linked_project(32)
    for version, status in (("9", "accepted"), ("10", "withdrawn")):
        resp = await province.push([province.event(province.code(32), "HN-HB-01", status, version)])
        assert resp.status_code == 200, resp.text
        assert resp.json()["results"][0]["outcome"] == "applied", resp.text
    assert sorted(e["version"] for e in await province.log()) == [9, 10]
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "not_started"


async def test_a_millisecond_timestamp_is_a_version_on_both_databases(province: Province) -> None:
    """Issue 22: versions are 64-bit: a millisecond timestamp (beyond 32 bits) is applied and logged whole,
    and a lower timestamp afterwards is stale."""
    await province.linked_project(33)
    later, earlier = 1_765_000_000_123, 1_764_999_999_000
    for version in (later, earlier):
        resp = await province.push([province.event(province.code(33), "HN-HB-01", "accepted", version)])
        assert resp.status_code == 200, resp.text
    log = {e["version"]: e["outcome"] for e in await province.log()}
    assert log == {later: "applied", earlier: "stale"}


async def test_a_version_that_is_not_a_whole_64_bit_number_fails_naming_the_field(province: Province) -> None:
    """A version like "9.0", 9.5, true or 2^63 is refused (logged failed, naming item.version); nothing applies."""
    await province.linked_project(34)
    for bad in ("9.0", 9.5, True, 2**63):
        resp = await province.push([province.event(province.code(34), "HN-HB-01", "accepted", bad)])
        assert resp.status_code == 200, resp.text
        result = resp.json()["results"][0]
        assert result["outcome"] == "failed" and "item.version" in result["reason"], (bad, result)


async def test_a_needs_correction_note_is_kept_in_the_procedures_reason_and_history(province: Province) -> None:
    """Issue 22 and the contract (需补正: in progress, the note is kept): an item in progress that the platform
    sends back for correction keeps the procedure in progress, and its reason and history carry the note; the
    item back in progress after the correction is in the history too; a plain step (已受理 → 办理中) adds none."""
    project = await province.linked_project(41)
    code = province.code(41)
    note = "请补充施工图审查合格书"
    events = [
        province.event(code, "HN-HB-01", "accepted", 1),
        province.event(code, "HN-HB-01", "in_progress", 2),
        province.event(code, "HN-HB-01", "needs_correction", 3, note=note),
    ]
    resp = await province.push(events)
    assert [r["outcome"] for r in resp.json()["results"]] == ["applied"] * 3, resp.text
    eia = (await province.procedures(project["id"]))["eia"]
    assert eia["status"] == "in_progress" and note in eia["status_reason"], eia
    history = await province.history(project["id"], eia["id"])
    assert len(history) == 2, history
    assert (history[-1]["from_status"], history[-1]["to_status"]) == ("in_progress", "in_progress")
    assert note in history[-1]["reason"] and "需补正" in history[-1]["reason"]
    resp = await province.push([province.event(code, "HN-HB-01", "in_progress", 4)])
    assert resp.json()["results"][0]["outcome"] == "applied", resp.text
    history = await province.history(project["id"], eia["id"])
    assert len(history) == 3 and "办理中" in history[-1]["reason"], history
