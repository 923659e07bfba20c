"""The transactional outbox end to end: the registry publishes (calendar overrides, or ``publish``
called directly), its dispatcher delivers over HTTP to the receivers' internal endpoint, receivers
apply each event once."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tuijin.kernel.clock import clock, utcnow
from tuijin.kernel.outbox import publish

DAY = date(2026, 10, 10)  # a Saturday that the national calendar makes a working day (国庆调休)
INTERNAL = "/api/v1/internal/events"
ADMIN = "/api/v1/admin/registry"


def advance_past(instant) -> None:
    """Move the clock just past ``instant`` (a row's next_attempt_at)."""
    clock.advance(instant - utcnow() + timedelta(seconds=1))


# ------------------------------------------------------------------ (a) atomic with the change


async def test_event_row_exists_only_if_the_transaction_commits(stack, kit):
    state = stack.apps["registry"].state
    t = state.kernel_tables.outbox

    with pytest.raises(RuntimeError, match="change failed"):
        async with state.sessionmaker() as session, session.begin():
            await publish(session, state.kernel_tables, kit.recorded, {"n": 1}, destinations=["issues"])
            # visible inside the transaction that wrote it ...
            assert await session.scalar(select(func.count()).select_from(t)) == 1
            raise RuntimeError("change failed")
    # ... and gone with it
    assert await kit.outbox() == []

    async with state.sessionmaker() as session:
        await session.begin()
        await publish(session, state.kernel_tables, kit.recorded, {"n": 2}, destinations=["issues"])
        await session.rollback()
    assert await kit.outbox() == []

    event_id = await kit.publish(kit.recorded, {"n": 3}, destinations=("issues", "meetings"))
    rows = await kit.outbox()
    assert {r["destination"] for r in rows} == {"issues", "meetings"}
    for row in rows:
        assert row["event_id"] == event_id
        assert row["status"] == "pending"
        assert row["attempts"] == 0
        assert row["payload"] == {"n": 3}
        assert row["last_error"] is None


async def test_calendar_override_publishes_to_every_subscriber_in_the_same_commit(stack, kit):
    registry = stack.client("registry")
    # refused writes publish nothing
    resp = await registry.put(
        f"/api/v1/calendar/overrides/{DAY}", json={"is_working_day": False}, headers=stack.auth("viewer")
    )
    assert resp.status_code == 403
    resp = await registry.put(
        f"/api/v1/calendar/overrides/{DAY}",
        json={"is_working_day": False, "note": "x" * 201},
        headers=stack.auth("office"),
    )
    assert resp.status_code == 422
    assert await kit.outbox() == []

    resp = await registry.put(
        f"/api/v1/calendar/overrides/{DAY}",
        json={"is_working_day": False, "note": "停工"},
        headers=stack.auth("office"),
    )
    assert resp.status_code == 200, resp.text
    rows = await kit.outbox()
    assert sorted(r["destination"] for r in rows) == ["issues", "meetings", "scoring"]
    assert len({r["event_id"] for r in rows}) == 1
    assert {r["event_type"] for r in rows} == {"calendar.override_set"}
    assert rows[0]["payload"] == {"day": DAY.isoformat(), "is_working_day": False, "note": "停工",
                                  "region_code": "410324"}  # the office's own region

    for receiver in ("issues", "meetings", "scoring"):  # load (and cache) the national calendar
        assert (await kit.calendar(receiver)).is_working_day(DAY) is True
    assert await kit.dispatch() == {"delivered": 3, "retrying": 0, "dead": 0}
    for receiver in ("issues", "meetings", "scoring"):
        assert await kit.overrides(receiver) == {DAY: False}
        inbox = await kit.inbox(receiver)
        assert [(r["event_id"], r["outcome"]) for r in inbox] == [(rows[0]["event_id"], "applied")]
        # the receiver's cached calendar follows its copy
        assert (await kit.calendar(receiver)).is_working_day(DAY) is False


# ------------------------------------------------------------------ (b) retries with backoff


async def test_receiver_down_then_back_gets_the_event_exactly_once(stack, kit):
    issues = stack.transports["issues"]
    issues.down = True
    resp = await stack.client("registry").put(
        f"/api/v1/calendar/overrides/{DAY}", json={"is_working_day": False}, headers=stack.auth("office")
    )
    assert resp.status_code == 200

    # the others get it; issues is down
    assert await kit.dispatch() == {"delivered": 2, "retrying": 1, "dead": 0}
    [row] = await kit.outbox(destination="issues")
    assert row["status"] == "pending"
    assert row["attempts"] == 1
    assert "ConnectError" in row["last_error"]
    assert row["next_attempt_at"] > utcnow()
    assert row["delivered_at"] is None
    assert await kit.overrides("issues") == {}

    # back up, but the backoff has not run out: no attempt is made
    issues.down = False
    before = issues.requests
    assert await kit.dispatch() == {"delivered": 0, "retrying": 0, "dead": 0}
    assert issues.requests == before
    [same] = await kit.outbox(destination="issues")
    assert same["attempts"] == 1 and same["next_attempt_at"] == row["next_attempt_at"]

    # past the backoff: delivered once
    advance_past(row["next_attempt_at"])
    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert issues.requests == before + 1
    [done] = await kit.outbox(destination="issues")
    assert done["status"] == "delivered"
    assert done["attempts"] == 2
    assert done["last_error"] is None
    assert done["delivered_at"] is not None
    inbox = await kit.inbox("issues")
    assert [(r["event_id"], r["event_type"], r["source"], r["outcome"]) for r in inbox] == [
        (row["event_id"], "calendar.override_set", "registry", "applied")
    ]
    assert await kit.overrides("issues") == {DAY: False}

    # nothing is sent again
    clock.advance(timedelta(hours=1))
    assert await kit.dispatch() == {"delivered": 0, "retrying": 0, "dead": 0}
    assert issues.requests == before + 1
    assert len(await kit.inbox("issues")) == 1


async def test_backoff_grows_between_attempts(stack, kit):
    stack.transports["issues"].down = True
    await kit.publish(kit.recorded, {"n": 1})
    delays = []
    for attempt in (1, 2, 3):
        started = utcnow()
        await kit.dispatch()
        [row] = await kit.outbox()
        assert row["attempts"] == attempt
        delays.append((row["next_attempt_at"] - started).total_seconds())
        advance_past(row["next_attempt_at"])
    # base 1 s in tests, full jitter in [ceiling/2, ceiling]: 0.5-1, 1-2, 2-4 s
    assert 0.4 <= delays[0] <= 1.1
    assert 0.9 <= delays[1] <= 2.1
    assert 1.9 <= delays[2] <= 4.1


async def test_events_queued_while_down_are_all_delivered_in_order(stack, kit):
    issues = stack.transports["issues"]
    issues.down = True
    ids = [await kit.publish(kit.recorded, {"seq": n}, destinations=("issues", "meetings")) for n in range(6)]

    # meetings is up and gets them all, in order, at once
    result = await kit.dispatch()
    assert result["delivered"] == 6
    assert kit.recorded_by("meetings") == [{"seq": n} for n in range(6)]

    # issues: only the oldest is tried; the rest wait behind it
    assert result["retrying"] == 1
    rows = await kit.outbox(destination="issues")
    assert [r["attempts"] for r in rows] == [1, 0, 0, 0, 0, 0]

    # more dispatch runs while down and after it comes back, before the oldest is due again:
    # whatever gets through must keep the order
    await kit.dispatch()
    await kit.dispatch()
    issues.down = False
    await kit.dispatch()
    got = [p["seq"] for p in kit.recorded_by("issues")]
    assert got == list(range(len(got))), f"delivered out of order: {got}"

    # once the backoff has run out, everything arrives, in order, once
    for _ in range(10):
        clock.advance(timedelta(minutes=2))
        await kit.dispatch()
        if not await kit.outbox(destination="issues", status="pending"):
            break
    assert kit.recorded_by("issues") == [{"seq": n} for n in range(6)]
    assert [r["event_id"] for r in await kit.inbox("issues")] == ids
    assert {r["status"] for r in await kit.outbox()} == {"delivered"}


async def test_one_destination_down_does_not_hold_up_another(stack, kit):
    stack.transports["scoring"].down = True
    await kit.publish(kit.recorded, {"n": 1}, destinations=("scoring", "issues"))
    await kit.publish(kit.recorded, {"n": 2}, destinations=("scoring", "issues"))
    assert await kit.dispatch() == {"delivered": 2, "retrying": 1, "dead": 0}
    assert kit.recorded_by("issues") == [{"n": 1}, {"n": 2}]
    assert kit.recorded_by("scoring") == []


async def test_background_job_is_the_same_dispatcher(stack, kit):
    """The job the admin endpoint runs is ``app.state.outbox.dispatch``."""
    await kit.publish(kit.recorded, {"n": 1})
    assert await stack.apps["registry"].state.outbox.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    resp = await stack.client("registry").get(f"{ADMIN}/jobs", headers=stack.auth("admin"))
    assert resp.status_code == 200
    assert "outbox-dispatch" in {j["name"] for j in resp.json()}
    resp = await stack.client("registry").post(f"{ADMIN}/jobs/outbox-dispatch/run", headers=stack.auth("office"))
    assert resp.status_code == 403


# ------------------------------------------------------------------ (c) duplicates


async def test_duplicate_delivery_changes_nothing(stack, kit):
    issues = stack.client("issues")
    body = kit.envelope(payload={"n": 1})
    first = await issues.post(INTERNAL, json=body, headers=kit.service_headers())
    second = await issues.post(INTERNAL, json=body, headers=kit.service_headers())
    assert (first.status_code, first.json()) == (200, {"status": "applied"})
    assert (second.status_code, second.json()) == (200, {"status": "duplicate"})
    assert kit.recorded_by("issues") == [{"n": 1}]
    inbox = await kit.inbox("issues")
    assert [(str(r["event_id"]), r["outcome"]) for r in inbox] == [(body["id"], "applied")]


async def test_duplicate_calendar_event_applies_once(stack, kit):
    body = kit.envelope("calendar.override_set", {"day": DAY.isoformat(), "is_working_day": False, "note": ""})
    meetings = stack.client("meetings")
    assert (await meetings.post(INTERNAL, json=body, headers=kit.service_headers())).json() == {"status": "applied"}
    # the receiver's own copy is edited in between; a late duplicate must not undo that
    later = kit.envelope("calendar.override_set", {"day": DAY.isoformat(), "is_working_day": True, "note": ""})
    assert (await meetings.post(INTERNAL, json=later, headers=kit.service_headers())).json() == {"status": "applied"}
    assert (await meetings.post(INTERNAL, json=body, headers=kit.service_headers())).json() == {"status": "duplicate"}
    assert await kit.overrides("meetings") == {DAY: True}
    assert len(await kit.inbox("meetings")) == 2


async def test_redelivery_by_the_dispatcher_is_harmless(stack, kit):
    """A delivery that arrived but was not marked (e.g. the publisher crashed) is sent again; the
    receiver answers duplicate, the row is delivered and the effect happened once."""
    event_id = await kit.publish(kit.recorded, {"n": 7})
    [row] = await kit.outbox()
    body = kit.envelope(payload=row["payload"], event_id=event_id)
    resp = await stack.client("issues").post(INTERNAL, json=body, headers=kit.service_headers())
    assert resp.json() == {"status": "applied"}
    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert kit.recorded_by("issues") == [{"n": 7}]
    assert len(await kit.inbox("issues")) == 1
    [row] = await kit.outbox()
    assert row["status"] == "delivered"


# ------------------------------------------------------------------ (d) dead letters and replay


async def test_dead_letter_after_max_attempts_then_replay(stack, kit):
    max_attempts = stack.apps["registry"].state.settings.common.outbox_max_attempts
    assert max_attempts == 5
    registry = stack.client("registry")
    stack.transports["issues"].down = True
    await kit.publish(kit.recorded, {"n": 1})

    for attempt in range(1, max_attempts + 1):
        result = await kit.dispatch()
        [row] = await kit.outbox()
        assert row["attempts"] == attempt
        if attempt < max_attempts:
            assert result == {"delivered": 0, "retrying": 1, "dead": 0}
            assert row["status"] == "pending"
            advance_past(row["next_attempt_at"])
        else:
            assert result == {"delivered": 0, "retrying": 0, "dead": 1}
            assert row["status"] == "dead"
    dead_id = row["id"]

    # a dead row is left alone, even when the receiver is back and time passes
    stack.transports["issues"].down = False
    clock.advance(timedelta(hours=2))
    assert await kit.dispatch() == {"delivered": 0, "retrying": 0, "dead": 0}
    assert kit.recorded_by("issues") == []

    # an operator sees it ...
    resp = await registry.get(f"{ADMIN}/outbox", params={"status": "dead"}, headers=stack.auth("admin"))
    assert resp.status_code == 200, resp.text
    [item] = resp.json()["items"]
    assert item["id"] == str(dead_id)
    assert item["status"] == "dead"
    assert item["attempts"] == max_attempts
    assert item["destination"] == "issues"
    assert "ConnectError" in item["last_error"]
    assert item["payload"] == {"n": 1}
    resp = await registry.get(f"{ADMIN}/outbox", params={"status": "pending"}, headers=stack.auth("admin"))
    assert resp.json()["items"] == []
    resp = await registry.get(f"{ADMIN}/outbox", params={"status": "dead"}, headers=stack.auth("office"))
    assert resp.status_code == 403
    resp = await registry.get(f"{ADMIN}/outbox", params={"status": "lost"}, headers=stack.auth("admin"))
    assert resp.status_code == 422

    # ... and replays it
    resp = await registry.post(f"{ADMIN}/outbox/{uuid.uuid4()}/replay", headers=stack.auth("admin"))
    assert resp.status_code == 404
    assert resp.json()["code"] == "outbox_event_not_found"
    resp = await registry.post(f"{ADMIN}/outbox/{dead_id}/replay", headers=stack.auth("office"))
    assert resp.status_code == 403
    resp = await registry.post(f"{ADMIN}/outbox/{dead_id}/replay", headers=stack.auth("admin"))
    assert (resp.status_code, resp.json()) == (200, {"status": "pending"})
    [row] = await kit.outbox()
    assert (row["status"], row["attempts"]) == ("pending", 0)
    assert row["next_attempt_at"] <= utcnow()

    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert kit.recorded_by("issues") == [{"n": 1}]
    [row] = await kit.outbox()
    assert row["status"] == "delivered"
    resp = await registry.get(f"{ADMIN}/outbox", params={"status": "dead"}, headers=stack.auth("admin"))
    assert resp.json()["items"] == []

    # a delivered row cannot be replayed
    resp = await registry.post(f"{ADMIN}/outbox/{dead_id}/replay", headers=stack.auth("admin"))
    assert resp.status_code == 404


async def test_an_error_answer_counts_as_a_failed_attempt(stack, kit, monkeypatch):
    """A receiver that answers 5xx (its handler failed) does not lose the event, and its inbox does
    not remember an event whose effect was rolled back."""

    async def broken(session, event, state):
        raise RuntimeError("handler bug")

    monkeypatch.setitem(stack.apps["issues"].state.event_handlers, "test.broken", broken)
    await kit.publish("test.broken", {"n": 1})
    assert await kit.dispatch() == {"delivered": 0, "retrying": 1, "dead": 0}
    [row] = await kit.outbox()
    assert row["last_error"].startswith("HTTP 500")
    assert await kit.inbox("issues") == []

    monkeypatch.setitem(stack.apps["issues"].state.event_handlers, "test.broken", kit._handler("issues"))
    advance_past(row["next_attempt_at"])
    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert kit.recorded_by("issues") == [{"n": 1}]


# ------------------------------------------------------------------ (e) who may deliver


@pytest.mark.parametrize("role", ["admin", "office", "viewer"])
async def test_internal_events_refuse_a_user_token(stack, kit, role):
    resp = await stack.client("issues").post(INTERNAL, json=kit.envelope(payload={"n": 1}), headers=stack.auth(role))
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "service_token_required"
    assert kit.calls == []
    assert await kit.inbox("issues") == []


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}])
async def test_internal_events_refuse_no_token(stack, kit, headers):
    resp = await stack.client("issues").post(INTERNAL, json=kit.envelope(payload={"n": 1}), headers=headers)
    assert resp.status_code == 401
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert kit.calls == []
    assert await kit.inbox("issues") == []


async def test_the_gateway_does_not_take_internal_events(stack, kit):
    """``/api/v1/internal`` is neither proxied nor answered by the public door, whatever the token."""
    before = {name: t.requests for name, t in stack.transports.items()}
    body = kit.envelope(payload={"n": 1})
    for headers in (stack.auth("admin"), kit.service_headers(), {}):
        resp = await stack.client("gateway").post(INTERNAL, json=body, headers=headers)
        assert resp.status_code == 404, resp.text
    assert {name: t.requests for name, t in stack.transports.items()} == before
    assert kit.calls == []
    assert await kit.inbox("issues") == []


async def test_internal_events_accept_any_service_token(stack, kit):
    resp = await stack.client("scoring").post(
        INTERNAL, json=kit.envelope(payload={"n": 1}), headers=kit.service_headers("meetings")
    )
    assert resp.json() == {"status": "applied"}


# ------------------------------------------------------------------ (f) events nobody handles


async def test_an_event_without_a_handler_is_recorded_as_ignored(stack, kit):
    issues = stack.client("issues")
    body = kit.envelope("nobody.listens", {"n": 1})
    resp = await issues.post(INTERNAL, json=body, headers=kit.service_headers())
    assert (resp.status_code, resp.json()) == (200, {"status": "ignored"})
    resp = await issues.post(INTERNAL, json=body, headers=kit.service_headers())
    assert resp.json() == {"status": "duplicate"}
    inbox = await kit.inbox("issues")
    assert [(str(r["event_id"]), r["event_type"], r["outcome"]) for r in inbox] == [
        (body["id"], "nobody.listens", "ignored")
    ]


async def test_an_unhandled_event_is_delivered_not_retried(stack, kit):
    event_id = await kit.publish("nobody.listens", {"n": 1}, destinations=("issues", "scoring"))
    assert await kit.dispatch() == {"delivered": 2, "retrying": 0, "dead": 0}
    for row in await kit.outbox():
        assert (row["status"], row["attempts"], row["last_error"]) == ("delivered", 1, None)
    for receiver in ("issues", "scoring"):
        assert [(r["event_id"], r["outcome"]) for r in await kit.inbox(receiver)] == [(event_id, "ignored")]
    # the registry owns the calendar: a calendar event sent to it is ignored, its table untouched
    body = kit.envelope("calendar.override_set", {"day": DAY.isoformat(), "is_working_day": False, "note": ""})
    resp = await stack.client("registry").post(INTERNAL, json=body, headers=kit.service_headers("issues"))
    assert resp.json() == {"status": "ignored"}
    assert await kit.overrides("registry") == {}
