"""Who writes and reads progress reports: the responsible or owner unit and the office write; a
co-organising unit reads; a unit of another project sees nothing (404); another region sees nothing."""

from __future__ import annotations

from tests.registry.reports.clerk import Clerk


async def test_a_unit_of_another_project_gets_404(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04")
    stranger = clerk.unit("发改委")
    assert (await clerk.report(project, "2026-05", headers=stranger)).status_code == 404
    assert (await clerk.client.get(f"/api/v1/progress-reports/{report['id']}", headers=stranger)).status_code == 404
    assert (await clerk.step(report["id"], "submit", headers=stranger)).status_code == 404
    listed = (await clerk.client.get("/api/v1/progress-reports", headers=stranger)).json()
    assert listed["items"] == []


async def test_a_co_organising_unit_reads_but_does_not_write(clerk: Clerk):
    project = await clerk.project("LC-001", co_unit_ids=[clerk.county.units["城关镇"]])
    draft = (await clerk.report(project, "2026-04")).json()
    co = clerk.unit("城关镇")
    assert (await clerk.client.get(f"/api/v1/progress-reports/{draft['id']}", headers=co)).status_code == 200
    refused = await clerk.report(project, "2026-05", headers=co)
    assert refused.status_code == 403
    assert refused.json()["code"] == "report_writer_required"
    assert (await clerk.step(draft["id"], "submit", headers=co)).status_code == 403


async def test_the_owner_unit_and_the_office_write_reports(clerk: Clerk):
    project = await clerk.project("LC-001", owner_unit_id=clerk.county.units["钼业"])
    assert (await clerk.report(project, "2026-04", headers=clerk.unit("钼业"))).status_code == 201
    assert (await clerk.report(project, "2026-05", headers=clerk.office)).status_code == 201


async def test_another_region_sees_nothing(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04")
    other = clerk.other_office
    assert (await clerk.client.get(f"/api/v1/projects/{project}/progress-reports", headers=other)).status_code == 404
    assert (await clerk.client.get(f"/api/v1/progress-reports/{report['id']}", headers=other)).status_code == 404
    assert (await clerk.step(report["id"], "verify", headers=other)).status_code == 404
    assert (await clerk.client.get("/api/v1/progress-reports", headers=other)).json()["items"] == []
    for path in ("overdue", "timeliness"):
        resp = await clerk.client.get(f"/api/v1/progress-reports/{path}?region_code=410324", headers=other)
        assert resp.status_code == 403, path


async def test_timeliness_is_for_the_office_not_units(clerk: Clerk):
    resp = await clerk.client.get(
        "/api/v1/progress-reports/timeliness?region_code=410324", headers=clerk.unit("交通局")
    )
    assert resp.status_code == 403
