"""Bulk submission (批量报送, issue 21): a unit with many projects reports the month for all of them in one call,
all or nothing, with every item's errors answered at once; a retry with the same Idempotency-Key writes nothing
twice; a project of another unit or region is refused as a missing one. And the report form's pre-fill."""

from __future__ import annotations

import uuid
from typing import Any

from tests.registry.reports.clerk import LONG, Clerk

BULK = "/api/v1/progress-reports/bulk"


def item(project_id: str, **fields: Any) -> dict[str, Any]:
    return {"project_id": project_id, "investment_completed": "100.00", "funds_in_place": "80.00",
            "physical_progress": "主体施工", **fields}


async def period_reports(clerk: Clerk, period: str) -> list[dict[str, Any]]:
    resp = await clerk.client.get("/api/v1/progress-reports", params={"period": period}, headers=clerk.office)
    return resp.json()["items"]


async def test_a_bulk_submission_writes_every_project_submitted(clerk: Clerk):
    """Rule: one call submits the period for each of the unit's projects, each report counted and on the record."""
    a, b = await clerk.project("LC-001", plan="1000"), await clerk.project("LC-002", plan="2000")
    body = {"period": "2026-04", "items": [item(a), item(b, investment_completed="250.50")]}
    resp = await clerk.client.post(BULK, json=body, headers=clerk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    out = resp.json()["items"]
    assert [r["project_id"] for r in out] == [a, b]
    assert {r["status"] for r in out} == {"submitted"}
    assert out[1]["computed"]["year_to_date_completed"] == "250.50"
    assert out[1]["computed"]["year_plan_rate"] == "12.53"


async def test_one_bad_item_writes_nothing_and_every_error_is_answered_at_once(clerk: Clerk):
    """Rule: all or nothing, and every project's errors at once (issue 21), each naming the item and the field
    with a Chinese message."""
    a, b, c = [await clerk.project(f"LC-00{n}") for n in (1, 2, 3)]
    await clerk.submitted(c, "2026-04")
    body = {"period": "2026-04", "items": [
        item(a), item(b, physical_progress=""), item(c), item(str(uuid.uuid4())),
    ]}
    resp = await clerk.client.post(BULK, json=body, headers=clerk.unit("交通局"))
    assert resp.status_code == 422, resp.text
    problem = resp.json()
    assert problem["code"] == "bulk_report_invalid"
    assert "未写入" in problem["message"]
    fields = {e["field"]: e for e in problem["errors"]}
    assert set(fields) == {"body.items.1.physical_progress", "body.items.2.project_id", "body.items.3.project_id"}
    assert fields["body.items.1.physical_progress"]["message"] == "报送时须填写形象进度。"
    assert fields["body.items.2.project_id"]["type"] == "report_exists"
    assert "LC-003" in fields["body.items.2.project_id"]["label"]
    assert fields["body.items.3.project_id"]["type"] == "project_not_found"
    written = await period_reports(clerk, "2026-04")
    assert [r["project_id"] for r in written] == [c]  # a and b were not written


async def test_a_retry_with_the_same_key_replays_the_first_answer(clerk: Clerk):
    """Rule: submitting is safe to repeat on a bad network: the same Idempotency-Key answers the first response
    and writes nothing twice."""
    a, b = await clerk.project("LC-001"), await clerk.project("LC-002")
    body = {"period": "2026-04", "items": [item(a), item(b)]}
    headers = {**clerk.unit("交通局"), "Idempotency-Key": "bulk-2026-04-form-1"}
    first = await clerk.client.post(BULK, json=body, headers=headers)
    again = await clerk.client.post(BULK, json=body, headers=headers)
    assert first.status_code == again.status_code == 200, again.text
    assert [r["id"] for r in again.json()["items"]] == [r["id"] for r in first.json()["items"]]
    assert len(await period_reports(clerk, "2026-04")) == 2
    history = await clerk.client.get(f"/api/v1/progress-reports/{first.json()['items'][0]['id']}/history",
                                     headers=clerk.office)
    assert [s["action"] for s in history.json()["items"]] == ["create", "submit"]


async def test_another_units_or_regions_project_is_refused_as_a_missing_one(clerk: Clerk):
    """Rule: a unit writes only its own projects' reports, and another unit's or region's project is answered as
    one that does not exist (the same code and message), so nothing tells it apart."""
    own = await clerk.project("LC-001")
    theirs = await clerk.project("LC-002", responsible_unit_id=clerk.county.units["发改委"])
    missing = str(uuid.uuid4())
    resp = await clerk.client.post(BULK, json={"period": "2026-04", "items": [item(own), item(theirs), item(missing)]},
                                   headers=clerk.unit("交通局"))
    assert resp.status_code == 422
    errors = {e["field"]: e for e in resp.json()["errors"]}
    assert set(errors) == {"body.items.1.project_id", "body.items.2.project_id"}
    strip = ({k: v for k, v in e.items() if k not in ("field", "label")} for e in errors.values())
    assert len({tuple(sorted(e.items())) for e in strip}) == 1  # the same answer for both
    other_region = clerk.stack.auth("unit", region="410325", unit=uuid.UUID(clerk.county.units["交通局"]), ttl=LONG)
    resp = await clerk.client.post(BULK, json={"period": "2026-04", "items": [item(own)]}, headers=other_region)
    assert resp.status_code == 422
    assert [e["type"] for e in resp.json()["errors"]] == ["project_not_found"]
    assert await period_reports(clerk, "2026-04") == []


async def test_a_returned_report_is_corrected_and_resubmitted_in_bulk(clerk: Clerk):
    """Rule: a returned report is corrected and submitted again (resubmit on its history)."""
    a = await clerk.project("LC-001")
    report = await clerk.submitted(a, "2026-04", "100")
    assert (await clerk.step(report["id"], "return", reason="完成投资与财务数据不符")).status_code == 200
    resp = await clerk.client.post(BULK, json={"period": "2026-04", "items": [item(a, investment_completed="90")]},
                                   headers=clerk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    out = resp.json()["items"][0]
    assert (out["id"], out["status"], out["investment_completed"]) == (report["id"], "submitted", "90.00")


async def test_a_draft_keeps_what_the_bulk_item_does_not_send(clerk: Clerk):
    """Rule: a bulk item updates the project's draft of the period with what it sends; the draft's photos and
    texts it does not send stay (a liaison's photos are not lost by submitting from the bulk screen)."""
    a = await clerk.project("LC-001")
    draft = (await clerk.report(a, "2026-04", photos=["reports/2026-04/lc-001-01.jpg"], measures="倒排工期")).json()
    body = {"period": "2026-04", "items": [{"project_id": a, "investment_completed": "75"}]}
    resp = await clerk.client.post(BULK, json=body, headers=clerk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    out = resp.json()["items"][0]
    assert out["id"] == draft["id"] and out["status"] == "submitted"
    assert (out["photos"], out["measures"], out["physical_progress"]) == (
        ["reports/2026-04/lc-001-01.jpg"], "倒排工期", "主体施工")
    assert out["investment_completed"] == "75.00"


async def test_the_prefill_gives_the_last_report_and_the_sums_before_the_period(clerk: Clerk):
    """Rule: the form is pre-filled from the project's last report, with the year-to-date and since-start sums
    before the period and the plan, so the totals and rates are computed as the liaison types."""
    a = await clerk.project("LC-001", plan="1000")
    await clerk.submitted(a, "2026-03", "100", physical_progress="桩基完成")
    await clerk.submitted(a, "2026-04", "150", physical_progress="主体结构施工")
    draft = (await clerk.report(a, "2026-05", investment_completed="40")).json()
    resp = await clerk.client.get(f"/api/v1/projects/{a}/progress-reports/prefill", params={"period": "2026-05"},
                                  headers=clerk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["last"]["period"] == "2026-04" and got["last"]["physical_progress"] == "主体结构施工"
    assert got["report"]["id"] == draft["id"]
    assert (got["year_to_date_before"], got["since_start_before"]) == ("250.00", "250.00")
    assert got["year_planned_investment"] == "1000.00"
    assert got["time_progress"] == "41.67"  # end of May: 5 of 12 months
    other = await clerk.client.get(f"/api/v1/projects/{a}/progress-reports/prefill", headers=clerk.unit("发改委"))
    assert other.status_code == 404
