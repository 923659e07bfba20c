"""One failing event never holds back the others: an event whose handler fails at the receiver is parked
(visible with its error, retried on its own, replayable) and the following events to that receiver go on,
except those about the same record (the same ordering key), which wait behind it. An unreachable receiver
is an outage, not a bad event: everything to it waits, in order, and nothing is lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tuijin.kernel.clock import clock, utcnow
from tuijin.kernel.errors import NotFound, ServiceUnavailable, Unprocessable
from tuijin.kernel.outbox import OUTBOX_STATUS_LABELS, OutboxStatus, publish

PICKY = "test.picky"
ADMIN = "/api/v1/admin/registry"


class Picky:
    """The issues service's handler of ``test.picky``: fails (as ``failure`` says) on payloads marked bad
    while ``broken`` is set, records the others."""

    def __init__(self, kit: Any) -> None:
        self.kit = kit
        self.broken = True
        self.failure: Exception = RuntimeError("handler bug")

    async def __call__(self, session: Any, event: Any, state: Any) -> None:
        if self.broken and event.payload.get("bad"):
            raise self.failure
        self.kit.calls.append(("issues", event.id, event.payload))


@pytest.fixture
def picky(stack, kit, monkeypatch) -> Picky:
    handler = Picky(kit)
    monkeypatch.setitem(stack.apps["issues"].state.event_handlers, PICKY, handler)
    return handler


async def about(stack, record: str | None, n: int, *, bad: bool = False) -> None:
    """Publish ``test.picky`` from the registry to issues, about ``record`` (its ordering key)."""
    state = stack.apps["registry"].state
    payload = {"record": record, "n": n, **({"bad": True} if bad else {})}
    async with state.sessionmaker() as session, session.begin():
        await publish(session, state.kernel_tables, PICKY, payload, destinations=["issues"],
                      ordering_key=f"record:{record}" if record else None)


def advance_past(instant) -> None:
    """Move the clock just past ``instant`` (a row's next_attempt_at)."""
    clock.advance(instant - utcnow() + timedelta(seconds=1))


def seen(kit) -> list[tuple[str | None, int]]:
    return [(p["record"], p["n"]) for p in kit.recorded_by("issues")]


async def by_n(kit) -> dict[int, dict[str, Any]]:
    return {r["payload"]["n"]: r for r in await kit.outbox()}


@pytest.mark.parametrize("failure", [RuntimeError("handler bug"), Unprocessable("bad data", code="bad_data"),
                                     NotFound("no such project here", code="project_not_found")],
                         ids=["500", "422", "404 from the handler"])
async def test_a_failing_event_is_parked_and_the_next_unrelated_events_go_in_the_same_round(
        stack, kit, picky, failure):
    picky.failure = failure
    await about(stack, "a", 1, bad=True)
    await about(stack, "b", 2)
    await about(stack, None, 3)
    assert await kit.dispatch() == {"delivered": 2, "retrying": 1, "dead": 0}
    assert seen(kit) == [("b", 2), (None, 3)]
    rows = await by_n(kit)
    assert rows[1]["status"] == "parked"
    assert rows[1]["attempts"] == 1
    assert rows[1]["last_error"].startswith(f"HTTP {500 if isinstance(failure, RuntimeError) else 422}")
    assert rows[1]["next_attempt_at"] > utcnow()
    assert rows[1]["ordering_key"] == "record:a"
    assert (rows[2]["status"], rows[3]["status"]) == ("delivered", "delivered")

    # an operator sees it, with its error
    resp = await stack.client("registry").get(f"{ADMIN}/outbox", params={"status": "parked"},
                                              headers=stack.auth("admin"))
    assert resp.status_code == 200, resp.text
    [item] = resp.json()["items"]
    assert (item["id"], item["status"], item["ordering_key"]) == (str(rows[1]["id"]), "parked", "record:a")
    assert item["last_error"] == rows[1]["last_error"]
    assert OUTBOX_STATUS_LABELS[OutboxStatus.parked] == "接收方处理失败（已搁置，可重放）"


async def test_later_events_about_the_same_record_wait_behind_the_parked_one_until_a_replay(stack, kit, picky):
    await about(stack, "a", 1, bad=True)
    await about(stack, "a", 2)
    await about(stack, "b", 3)
    assert await kit.dispatch() == {"delivered": 1, "retrying": 1, "dead": 0}
    assert seen(kit) == [("b", 3)]
    rows = await by_n(kit)
    assert (rows[1]["status"], rows[2]["status"], rows[2]["attempts"]) == ("parked", "pending", 0)

    # the parked event is retried on its own backoff; while it still fails, its record's events still wait
    await about(stack, "a", 4)
    await about(stack, "c", 5)
    advance_past(rows[1]["next_attempt_at"])
    assert await kit.dispatch() == {"delivered": 1, "retrying": 1, "dead": 0}
    rows = await by_n(kit)
    assert seen(kit) == [("b", 3), ("c", 5)]
    assert (rows[1]["status"], rows[1]["attempts"]) == ("parked", 2)
    assert [(rows[n]["status"], rows[n]["attempts"]) for n in (2, 4)] == [("pending", 0), ("pending", 0)]

    # the receiver is fixed and the operator replays it: it goes first, then the ones that waited, in order
    picky.broken = False
    resp = await stack.client("registry").post(f"{ADMIN}/outbox/{rows[1]['id']}/replay", headers=stack.auth("admin"))
    assert (resp.status_code, resp.json()) == (200, {"status": "pending"})
    assert await kit.dispatch() == {"delivered": 3, "retrying": 0, "dead": 0}
    assert seen(kit) == [("b", 3), ("c", 5), ("a", 1), ("a", 2), ("a", 4)]
    assert {r["status"] for r in await kit.outbox()} == {"delivered"}


async def test_a_parked_event_that_succeeds_on_its_own_retry_releases_its_record(stack, kit, picky):
    await about(stack, "a", 1, bad=True)
    await about(stack, "a", 2)
    await kit.dispatch()
    picky.broken = False
    [first, _] = await kit.outbox()
    advance_past(first["next_attempt_at"])
    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert await kit.dispatch() == {"delivered": 1, "retrying": 0, "dead": 0}
    assert seen(kit) == [("a", 1), ("a", 2)]


async def test_a_dead_event_still_holds_back_its_record_until_it_is_replayed(stack, kit, picky):
    max_attempts = stack.apps["registry"].state.settings.common.outbox_max_attempts
    await about(stack, "a", 1, bad=True)
    await about(stack, "a", 2)
    for _ in range(max_attempts):
        await kit.dispatch()
        first = (await by_n(kit))[1]
        if first["status"] == "dead":
            break
        advance_past(first["next_attempt_at"])
    rows = await by_n(kit)
    assert (rows[1]["status"], rows[1]["attempts"]) == ("dead", max_attempts)
    assert await kit.dispatch() == {"delivered": 0, "retrying": 0, "dead": 0}
    assert rows[2]["status"] == "pending" and seen(kit) == []
    picky.broken = False
    resp = await stack.client("registry").post(f"{ADMIN}/outbox/{rows[1]['id']}/replay", headers=stack.auth("admin"))
    assert resp.status_code == 200
    assert await kit.dispatch() == {"delivered": 2, "retrying": 0, "dead": 0}
    assert seen(kit) == [("a", 1), ("a", 2)]


@pytest.mark.parametrize("outage", ["connection refused", "503", "database error"])
async def test_an_unreachable_receiver_holds_everything_in_order_and_loses_nothing(stack, kit, picky, outage,
                                                                                    monkeypatch):
    issues = stack.transports["issues"]
    if outage == "503":  # the receiver answers, but says it cannot work now
        picky.failure = ServiceUnavailable("upstream down", code="upstream_unavailable")
    elif outage == "database error":  # the receiver's database is locked or gone: it answers 503
        picky.failure = OperationalError("UPDATE x", {}, Exception("database is locked"))
    else:
        issues.down = True
    await about(stack, "a", 1, bad=outage != "connection refused")
    await about(stack, "b", 2)
    await about(stack, None, 3)
    assert await kit.dispatch() == {"delivered": 0, "retrying": 1, "dead": 0}
    rows = await by_n(kit)
    assert [(rows[n]["status"], rows[n]["attempts"]) for n in (1, 2, 3)] == [
        ("pending", 1), ("pending", 0), ("pending", 0)]
    assert ("ConnectError" if outage == "connection refused" else "HTTP 503") in rows[1]["last_error"]
    assert seen(kit) == []
    assert await kit.dispatch() == {"delivered": 0, "retrying": 0, "dead": 0}  # before the backoff: nothing

    issues.down = False
    picky.broken = False
    advance_past(rows[1]["next_attempt_at"])
    assert await kit.dispatch() == {"delivered": 3, "retrying": 0, "dead": 0}
    assert seen(kit) == [("a", 1), ("b", 2), (None, 3)]
    assert {r["status"] for r in await kit.outbox()} == {"delivered"}


# ------------------------------------------------------------------ which events keep order per record


async def test_a_calendar_day_of_a_region_is_one_record(stack, kit):
    """Overrides are per region: a region's day is one record (another region's same day is another)."""
    resp = await stack.client("registry").put("/api/v1/calendar/overrides/2026-10-10", json={"is_working_day": False},
                                              headers=stack.auth("office"))
    assert resp.status_code == 200, resp.text
    assert {r["ordering_key"] for r in await kit.outbox()} == {"calendar:410324:2026-10-10"}


def test_the_registry_orders_events_per_project_post_and_policy():
    from tuijin.registry.service import ordering_key

    pid = "6f1c2d7e-0000-4000-8000-000000000001"
    for event_type in ("project.created", "project.updated", "project.stage_changed", "light.changed",
                       "milestone.overdue", "procedure.overdue", "report.submitted", "report.overdue"):
        assert ordering_key(event_type, {"project_id": pid, "region_code": "410324"}) == f"project:{pid}"
    # a swap is about the project swapped out: it keeps its place among that project's events
    assert ordering_key("project.swapped", {"swap_id": "s", "out_project_id": pid, "in_project_id": "x"}) == (
        f"project:{pid}")
    assert ordering_key("post.holder_changed", {"post_id": "p1", "person_id": "x"}) == "post_id:p1"
    assert ordering_key("policy.changed", {"region_code": "410324", "name": "lights", "year": 2026}) == (
        "policy:410324:lights")
    assert ordering_key("project_list.imported", {"import_id": "i", "region_code": "410324"}) is None


def test_the_issues_service_orders_events_per_problem_and_per_letter():
    from tuijin.issues.events import ordering_key

    assert ordering_key("problem.raised", {"problem_id": "p1", "project_id": "x"}) == "problem_id:p1"
    assert ordering_key("problem.escalated", {"problem_id": "p1", "project_id": "x"}) == "problem_id:p1"
    assert ordering_key("letter.issued", {"letter_id": "l1", "problem_id": "p1"}) == "letter_id:l1"
