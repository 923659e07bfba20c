"""What an operator sees of the exchange's lag (issue 22): the last successful pull and the last failed one
kept apart, Prometheus metrics for the pull lag, open failures, undelivered reports and the oldest one's age,
and a sync log whose filters all narrow the list."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.province.conftest import REGION, Province
from tests.province.test_reports import provincial, scripted, unit_report
from tuijin.kernel.clock import clock


async def config(province: Province) -> dict:
    resp = await province.client.get(f"/api/v1/province/regions/{REGION}/config", headers=province.office)
    assert resp.status_code == 200, resp.text
    return resp.json()


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    raise AssertionError(f"no {name}{{{wanted}}} in the metrics")


async def test_a_failed_pull_does_not_move_the_last_success(province: Province) -> None:
    """A pull that fails sets last_error_at and leaves last_success_at where the last good pull put it; the
    next good pull moves last_success_at and clears the error text, and last_error_at stays."""
    await province.pull()
    first = await config(province)
    assert first["last_success_at"] is not None and first["last_error_at"] is None
    clock.set(clock.now() + timedelta(minutes=10))
    province.platform.down = True
    result = await province.run_job(f"province-pull-{REGION}")
    assert "error" in result
    failed = await config(province)
    assert failed["last_success_at"] == first["last_success_at"]
    assert failed["last_error_at"] > failed["last_success_at"] and failed["last_error"]
    province.platform.down = False
    clock.set(clock.now() + timedelta(minutes=10))
    await province.pull()
    again = await config(province)
    assert again["last_success_at"] > failed["last_error_at"]
    assert again["last_error_at"] == failed["last_error_at"] and again["last_error"] == ""


async def test_the_metrics_show_pull_lag_open_failures_and_undelivered_reports(province: Province) -> None:
    """After a good pull, ten minutes of failed pulls show ten minutes of lag; a failed change counts until it
    is replayed; a report held by an outage and one the platform rejected are undelivered, and the oldest one's
    age grows with the clock."""
    await province.pull()
    project = await provincial(province, 50)
    resp = await province.push([province.event(province.code(50), "NO-SUCH-ITEM", "accepted", 1)])
    assert resp.json()["results"][0]["outcome"] == "failed"
    transport = scripted(province)
    transport.script = [(400, {"status": 400, "code": "bad_report", "detail": "报告日期格式错误"}, {})]
    assert (await unit_report(province, project["id"], "suspension")).status_code == 201
    await province.run_job("province-deliver")  # rejected
    assert (await unit_report(province, project["id"], "resumption")).status_code == 201
    province.platform.down = True
    clock.set(clock.now() + timedelta(minutes=10))
    await province.run_job(f"province-pull-{REGION}")
    await province.run_job("province-deliver")  # held by the outage
    text = (await province.client.get("/metrics")).text
    assert 600 <= metric(text, "tuijin_province_pull_lag_seconds", region=REGION) < 660
    assert metric(text, "tuijin_province_pull_failing", region=REGION) == 1
    assert metric(text, "tuijin_province_open_failures", region=REGION) == 1
    assert metric(text, "tuijin_province_undelivered_reports", region=REGION, status="pending") == 1
    assert metric(text, "tuijin_province_undelivered_reports", region=REGION, status="rejected") == 1
    age = metric(text, "tuijin_province_oldest_undelivered_report_age_seconds", region=REGION)
    assert 600 <= age < 660
    clock.set(clock.now() + timedelta(minutes=5))
    text = (await province.client.get("/metrics")).text
    assert metric(text, "tuijin_province_oldest_undelivered_report_age_seconds", region=REGION) >= age + 300


async def test_the_sync_log_filters_by_item_id_and_channel(province: Province) -> None:
    """Issue 22: the item_id filter was silently ignored; it and the channel filter narrow the list."""
    await province.linked_project(51)
    one = province.event(province.code(51), "HN-HB-01", "accepted", 1)
    other = province.event(province.code(51), "HN-ZJ-01", "accepted", 1)
    assert (await province.push([one, other])).status_code == 200
    item_id = one["item"]["item_id"]
    entries = await province.log(item_id=item_id)
    assert [e["item_id"] for e in entries] == [item_id]
    assert len(await province.log(channel="webhook")) == 2
    assert await province.log(channel="pull") == []


async def test_a_pull_answered_429_waits_the_retry_after_and_the_operator_sees_it(province: Province) -> None:
    """The contract: a 429 to a pull is not retried within the call; no call goes to the platform for the
    county until its Retry-After has passed (the scheduled pull and a pull asked for alike, the latter answered
    503 province_throttled with Retry-After); the configuration and the metrics show the wait and the count;
    after the wait the pull goes on from the same cursor."""
    await province.pull()
    before = await config(province)
    province.store.knobs.throttled, province.store.knobs.retry_after = 1, "120"
    calls_before = province.store.knobs.throttled
    result = await province.run_job(f"province-pull-{REGION}")
    assert "error" in result and province.store.knobs.throttled == calls_before - 1
    cfg = await config(province)
    assert cfg["throttled_count"] == 1 and cfg["throttled_until"] is not None and "429" in cfg["last_error"]
    assert cfg["cursor"] == before["cursor"] and cfg["last_success_at"] == before["last_success_at"]
    text = (await province.client.get("/metrics")).text
    assert 110 <= metric(text, "tuijin_province_pull_throttled_seconds", region=REGION) <= 120
    assert metric(text, "tuijin_province_pull_throttled_total", region=REGION) == 1
    province.store.knobs.throttled = 5  # any call now would be answered 429 again and counted
    resp = await province.client.post(f"/api/v1/province/regions/{REGION}/pull", headers=province.office)
    assert resp.status_code == 503 and resp.json()["code"] == "province_throttled", resp.text
    assert 1 <= int(resp.headers["retry-after"]) <= 120
    await province.run_job(f"province-pull-{REGION}")
    assert province.store.knobs.throttled == 5, "a call went to the platform during its Retry-After"
    province.store.knobs.throttled = 0
    clock.set(clock.now() + timedelta(seconds=121))
    await province.pull()
    after = await config(province)
    assert after["last_success_at"] > before["last_success_at"] and after["throttled_count"] == 1


async def test_a_429_without_retry_after_waits_a_minute(province: Province) -> None:
    """No (or an unreadable) Retry-After: the pulls wait a minute, the next scheduled pull being the earliest."""
    province.store.knobs.throttled, province.store.knobs.retry_after = 1, ""
    await province.run_job(f"province-pull-{REGION}")
    text = (await province.client.get("/metrics")).text
    assert 55 <= metric(text, "tuijin_province_pull_throttled_seconds", region=REGION) <= 60
