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
