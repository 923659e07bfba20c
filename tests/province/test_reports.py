"""Project-unit reports to the platform (开工 / 进度 / 停工 / 复工 / 竣工): written in the transaction of the
change that causes them, delivered by a job, delayed and never lost by an outage, and each received
exactly once (the report id is the idempotency key the platform honours)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.province.conftest import REGION, TOKEN, WEBHOOK_SECRET, Province
from tuijin.kernel.clock import clock, today


async def provincial(province: Province, n: int) -> dict[str, Any]:
    project = await province.linked_project(n)
    resp = await province.client.put(
        f"/api/v1/projects/{project['id']}/tier-override",
        json={"tier": "provincial_major", "reason": "省级重大项目"},
        headers={**province.office, "If-Match": "*"},
    )
    assert resp.status_code == 200, resp.text
    return project


async def stage(province: Province, project_id: str, to: str) -> None:
    resp = await province.client.post(
        f"/api/v1/projects/{project_id}/stage-changes", json={"to_stage": to}, headers=province.office
    )
    assert resp.status_code == 201, resp.text


async def unit_report(province: Province, project_id: str, kind: str) -> Any:
    return await province.client.post(
        f"/api/v1/province/projects/{project_id}/unit-reports",
        json={"kind": kind, "report_date": today().isoformat(), "reason": "汛期"},
        headers=province.office,
    )


async def outbound(province: Province, **params: Any) -> list[dict[str, Any]]:
    resp = await province.client.get(
        f"/api/v1/province/regions/{REGION}/outbound-reports", params=params, headers=province.office
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def test_each_report_arrives_exactly_once_after_an_outage(province: Province) -> None:
    """Start, suspension, resumption, a monthly report and completion are made while the platform is down;
    the job retries with backoff, the first answers back are lost (the platform did the work), and once
    the platform is back every report is there once, in the order they were made."""
    project = await provincial(province, 1)
    province.platform.down = True
    await stage(province, project["id"], "under_construction")  # 开工
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201  # 停工
    assert (await unit_report(province, project["id"], "resumption")).status_code == 201  # 复工
    month = (today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    resp = await province.client.post(
        f"/api/v1/projects/{project['id']}/progress-reports",
        json={"period": month, "physical_progress": "主体施工", "investment_completed": "1200.5", "submit": True},
        headers=province.office,
    )
    assert resp.status_code == 201, resp.text  # 进度
    await stage(province, project["id"], "completed")  # 竣工
    assert len(await outbound(province, status="pending")) == 5

    result = await province.run_job("province-deliver")
    assert result["delivered"] == 0 and result["retrying"] == 1  # the region stops at its first failure
    assert province.store.reports == {}

    province.platform.down = False
    province.store.knobs.lose_answers = True  # the platform keeps each report but the answer never arrives
    clock.set(clock.now() + timedelta(hours=1))
    await province.run_job("province-deliver")
    province.store.knobs.lose_answers = False
    for _ in range(10):
        clock.set(clock.now() + timedelta(hours=1))
        await province.run_job("province-deliver")
        if not await outbound(province, status="pending"):
            break
    delivered = await outbound(province, status="delivered")
    assert len(delivered) == 5
    received = province.store.reports
    assert sorted(received) == sorted(r["id"] for r in delivered)  # each once, by its id
    assert [r["kind"] for r in received.values()] == ["start", "suspension", "resumption", "progress", "completion"]
    progress = next(r for r in received.values() if r["kind"] == "progress")
    assert progress["investment_completed"] == "1200.5" and progress["period"] == month
    assert province.store.report_attempts > 5  # some were sent more than once, and kept once


async def test_a_project_not_on_the_provincial_list_reports_nothing(province: Province) -> None:
    """Only linked provincial-list projects report: a county-list project's start queues nothing, and a
    suspension for it is refused."""
    project = await province.linked_project(2)
    await stage(province, project["id"], "under_construction")
    assert await outbound(province) == []
    resp = await unit_report(province, project["id"], "suspension")
    assert resp.status_code == 409 and resp.json()["code"] == "not_reporting_to_province"


async def test_start_progress_and_completion_are_not_sent_by_hand(province: Province) -> None:
    """Start, progress and completion come from stage changes and monthly reports, not from the form."""
    project = await provincial(province, 3)
    resp = await unit_report(province, project["id"], "start")
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.kind"


async def test_a_report_that_gave_up_is_replayed_and_arrives_once(province: Province, monkeypatch: Any) -> None:
    """After the maximum attempts a report waits as dead; the office's replay sends it, once."""
    from tuijin.registry.province import settings as province_settings

    monkeypatch.setattr(province_settings.province_settings(), "deliver_max_attempts", 1)
    project = await provincial(province, 4)
    province.platform.down = True
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201
    assert (await province.run_job("province-deliver"))["dead"] == 1
    [dead] = await outbound(province, status="dead")
    assert "unavailable" in dead["last_error"]
    province.platform.down = False
    resp = await province.client.post(f"/api/v1/province/outbound-reports/{dead['id']}/replay", headers=province.office)
    assert resp.status_code == 200 and resp.json()["status"] == "pending"
    assert (await province.run_job("province-deliver"))["delivered"] == 1
    assert list(province.store.reports) == [dead["id"]]


async def test_secrets_never_appear_in_api_responses(province: Province) -> None:
    """The configuration shows the credential references and whether they are readable, never the
    credential or the webhook secret, in any response of the adapter."""
    project = await provincial(province, 5)
    province.store.advance("eia-5", province.code(5), "HN-HB-01")
    await province.pull()
    await unit_report(province, project["id"], "suspension")
    await province.run_job("province-deliver")
    texts = []
    for path in (
        f"/api/v1/province/regions/{REGION}/config",
        f"/api/v1/province/regions/{REGION}/sync-log",
        f"/api/v1/province/regions/{REGION}/outbound-reports",
        f"/api/v1/province/regions/{REGION}/mappings",
        "/api/v1/admin/registry/jobs",
    ):
        resp = await province.client.get(path, headers=province.admin)
        assert resp.status_code == 200, resp.text
        texts.append(resp.text)
    resp = await province.client.get(f"/api/v1/province/links?region_code={REGION}", headers=province.office)
    texts.append(resp.text)
    config = (await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=province.office)).json()
    assert config["credential_available"] is True and config["credential_ref"].startswith("env:")
    assert all(TOKEN not in t and WEBHOOK_SECRET not in t for t in texts)


async def test_a_secret_given_in_clear_instead_of_a_reference_is_refused(province: Province) -> None:
    """The configuration takes a reference (env:VAR or file:/path), never the secret itself."""
    resp = await province.client.put(
        f"/api/v1/province/regions/{REGION}/config",
        json={"base_url": "http://province.test", "credential_ref": TOKEN},
        headers=province.admin,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.credential_ref"
    assert TOKEN not in resp.text


async def test_a_credential_from_a_secret_file_is_read_when_used(
    province: Province, tmp_path: Any, monkeypatch: Any
) -> None:
    """``file:/path`` names a secret file: read at the moment of the call, so a missing file shows as
    unavailable and a pull is refused (409) until the file is there."""
    from tuijin.registry.province import settings as province_settings

    monkeypatch.setattr(province_settings.province_settings(), "secrets_dir", str(tmp_path))
    (tmp_path / REGION).mkdir()
    secret = tmp_path / REGION / "province-token"  # in the region's folder of the secrets directory
    base = {"base_url": "http://province.test", "credential_ref": f"file:{secret}", "max_retries": 0}
    etag = (await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=province.office)).headers
    resp = await province.client.put(f"/api/v1/province/regions/{REGION}/config", json=base,
                                     headers={**province.admin, "If-Match": etag["etag"]})
    assert resp.status_code == 200 and resp.json()["credential_available"] is False
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 409 and resp.json()["code"] == "province_secret_missing"
    secret.write_text(TOKEN + "\n")
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 200, resp.text
    config = await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=province.office)
    assert config.json()["credential_available"] is True and TOKEN not in config.text


async def test_changing_the_configuration_needs_the_etag_that_was_read(province: Province) -> None:
    """Two admins editing the link at once: a change without If-Match is refused (428), one made on a
    stale read is refused (412), and neither touches the configuration."""
    path = f"/api/v1/province/regions/{REGION}/config"
    read = await province.client.get(path, headers=province.office)
    before = read.json()
    change = {k: before[k] for k in ("base_url", "credential_ref", "webhook_secret_ref")} | {"enabled": False}

    blind = await province.client.put(path, json=change, headers=province.admin)
    first = await province.client.put(path, json=change, headers={**province.admin, "If-Match": read.headers["etag"]})
    stale = await province.client.put(path, json={**change, "enabled": True},
                                      headers={**province.admin, "If-Match": read.headers["etag"]})

    assert blind.status_code == 428 and blind.json()["code"] == "if_match_required"
    assert first.status_code == 200 and first.headers["etag"] != read.headers["etag"]
    assert stale.status_code == 412 and stale.json()["code"] == "stale_etag"
    after = await province.client.get(path, headers=province.office)
    assert after.json()["enabled"] is False and after.headers["etag"] == first.headers["etag"]


async def test_an_unknown_outgoing_report_is_named_as_such_in_chinese(province: Province) -> None:
    """Issue 14 (errors are true, Chinese for people): replaying an outgoing report that does not exist answers
    404 with the adapter's own code, not a progress report's, and a message a clerk can read."""
    resp = await province.client.post(
        "/api/v1/province/outbound-reports/00000000-0000-0000-0000-000000000001/replay", headers=province.office
    )
    assert resp.status_code == 404 and resp.json()["code"] == "outbound_report_not_found"
    assert "省平台" in resp.json()["message"]


class Scripted(httpx.AsyncBaseTransport):
    """The platform, except that its answers to reports are scripted (status, body, headers), one per call,
    until the script runs out."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.script, self.report_calls = inner, [], 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/unit-reports"):
            self.report_calls += 1
            if self.script:
                status, body, headers = self.script.pop(0)
                problem = {"content-type": "application/problem+json", **headers}
                return httpx.Response(status, json=body, headers=problem)
        return await self.inner.handle_async_request(request)


def scripted(province: Province) -> Scripted:
    transport = Scripted(province.platform)
    province.stack.apps["registry"].state.province_transport = transport
    return transport


async def test_a_report_the_platform_rejects_is_parked_at_once_with_its_reason_and_later_ones_go_on(
    province: Province,
) -> None:
    """Issue 22: a 4xx about the report is not an outage: the report is rejected after one attempt with the
    platform's reason, is not retried, and the region's later reports are delivered in the same run."""
    project = await provincial(province, 40)
    transport = scripted(province)
    transport.script = [(422, {"status": 422, "code": "reason_too_long", "detail": "停工原因超过200字"}, {})]
    for kind in ("suspension", "resumption"):
        assert (await unit_report(province, project["id"], kind)).status_code == 201
    result = await province.run_job("province-deliver")
    assert result["rejected"] == 1 and result["delivered"] == 1 and result["retrying"] == 0
    [rejected] = await outbound(province, status="rejected")
    assert rejected["kind"] == "suspension" and rejected["attempts"] == 1
    assert "422" in rejected["last_error"] and "reason_too_long" in rejected["last_error"]
    assert "停工原因超过200字" in rejected["last_error"]
    clock.set(clock.now() + timedelta(days=1))
    await province.run_job("province-deliver")
    assert transport.report_calls == 2  # the rejected report was not sent again
    assert [r["kind"] for r in province.store.reports.values()] == ["resumption"]


async def test_a_5xx_is_retried_with_backoff_and_holds_the_later_reports(province: Province) -> None:
    """A 5xx (after the client's own retries) holds the region's reports and retries later, not at once."""
    project = await provincial(province, 41)
    transport = scripted(province)
    transport.script = [(503, {"status": 503, "code": "unavailable", "detail": "维护中"}, {})] * 2
    for kind in ("suspension", "resumption"):
        assert (await unit_report(province, project["id"], kind)).status_code == 201
    result = await province.run_job("province-deliver")
    assert result["retrying"] == 1 and result["delivered"] == 0 and result["rejected"] == 0
    [first, _] = sorted(await outbound(province, status="pending"), key=lambda r: r["created_at"])
    assert first["attempts"] == 1 and first["next_attempt_at"] > first["last_attempt_at"]
    assert (await province.run_job("province-deliver"))["delivered"] == 0  # still waiting out the backoff
    clock.set(clock.now() + timedelta(hours=1))
    assert (await province.run_job("province-deliver"))["delivered"] == 2


async def test_a_429_waits_for_the_platforms_retry_after(province: Province) -> None:
    """429 with Retry-After: 120 puts the next attempt two minutes on, whatever the backoff would be."""
    project = await provincial(province, 42)
    transport = scripted(province)
    transport.script = [(429, {"status": 429, "code": "rate_limited", "detail": "请求过多"}, {"Retry-After": "120"})]
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201
    before = clock.now()
    assert (await province.run_job("province-deliver"))["retrying"] == 1
    [report] = await outbound(province, status="pending")
    waited = datetime.fromisoformat(report["next_attempt_at"]) - before
    assert timedelta(seconds=119) <= waited <= timedelta(seconds=125), waited
    clock.set(clock.now() + timedelta(seconds=60))
    await province.run_job("province-deliver")
    assert transport.report_calls == 1  # not before the platform said
    clock.set(clock.now() + timedelta(seconds=61))
    assert (await province.run_job("province-deliver"))["delivered"] == 1


async def test_a_replay_keeps_the_attempts_made(province: Province, monkeypatch: Any) -> None:
    """Issue 22: replaying a report that gave up keeps its attempt count (its history); the maximum counts
    from the replay, so it is tried again, and the count goes on from where it was."""
    from tuijin.registry.province import settings as province_settings

    monkeypatch.setattr(province_settings.province_settings(), "deliver_max_attempts", 2)
    project = await provincial(province, 43)
    province.platform.down = True
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201
    await province.run_job("province-deliver")
    clock.set(clock.now() + timedelta(hours=1))
    assert (await province.run_job("province-deliver"))["dead"] == 1
    [dead] = await outbound(province, status="dead")
    assert dead["attempts"] == 2
    resp = await province.client.post(f"/api/v1/province/outbound-reports/{dead['id']}/replay", headers=province.office)
    assert resp.status_code == 200, resp.text
    assert resp.json()["attempts"] == 2 and resp.json()["replays"] == 1 and resp.json()["status"] == "pending"
    assert (await province.run_job("province-deliver"))["retrying"] == 1  # not dead at once: a new round
    province.platform.down = False
    clock.set(clock.now() + timedelta(hours=1))
    assert (await province.run_job("province-deliver"))["delivered"] == 1
    [delivered] = await outbound(province, status="delivered")
    assert delivered["attempts"] == 4 and delivered["replays"] == 1
