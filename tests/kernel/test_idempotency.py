"""``Idempotency-Key``: a retried write runs once and replays its stored response; the same key
with another body is refused; failures are not stored; keys are scoped to the verified caller."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from datetime import timedelta

from tuijin.kernel.clock import utcnow
from tuijin.kernel.idempotency import CLAIM_LEASE, scope_key_of

WIDGETS = "/api/v1/test/widgets"


def key() -> str:
    return str(uuid.uuid4())


def with_key(kernel_app, k: str, *roles: str, **kw) -> dict[str, str]:
    return {**kernel_app.auth(*(roles or ("unit",)), **kw), "Idempotency-Key": k}


async def test_retry_with_the_same_key_creates_one_row_and_replays_the_response(kernel_app):
    headers = with_key(kernel_app, key())
    first = await kernel_app.client.post(WIDGETS, json={"name": "once"}, headers=headers)
    second = await kernel_app.client.post(WIDGETS, json={"name": "once"}, headers=headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    assert second.status_code == 201, second.text
    assert second.headers["idempotent-replayed"] == "true"
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["etag"] == first.headers["etag"]
    assert len(await kernel_app.widgets()) == 1
    assert await kernel_app.count(kernel_app.kernel_tables.idempotency) == 1


async def test_a_request_without_a_key_runs_every_time(kernel_app):
    headers = kernel_app.auth("unit")
    first = await kernel_app.client.post(WIDGETS, json={"name": "twice"}, headers=headers)
    second = await kernel_app.client.post(WIDGETS, json={"name": "twice"}, headers=headers)
    assert first.status_code == 201
    assert second.status_code == 409  # it ran again and hit the name rule
    assert await kernel_app.count(kernel_app.kernel_tables.idempotency) == 0


async def test_same_key_with_a_different_body_is_a_422_idempotency_key_reused(kernel_app):
    headers = with_key(kernel_app, key())
    first = await kernel_app.client.post(WIDGETS, json={"name": "original"}, headers=headers)
    assert first.status_code == 201
    resp = await kernel_app.client.post(WIDGETS, json={"name": "changed"}, headers=headers)
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "idempotency_key_reused"
    assert [r["name"] for r in await kernel_app.widgets()] == ["original"]


async def test_rejected_request_is_not_stored_so_a_corrected_retry_executes(kernel_app):
    headers = with_key(kernel_app, key())
    bad = await kernel_app.client.post(WIDGETS, json={"name": "fixed", "quantity": -1}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_failed"
    good = await kernel_app.client.post(WIDGETS, json={"name": "fixed", "quantity": 1}, headers=headers)
    assert good.status_code == 201, good.text
    assert "idempotent-replayed" not in good.headers
    assert [(r["name"], r["quantity"]) for r in await kernel_app.widgets()] == [("fixed", 1)]


async def test_refused_request_is_not_stored_so_the_same_retry_executes_later(kernel_app):
    client = kernel_app.client
    blocker = await client.post(WIDGETS, json={"name": "wanted"}, headers=kernel_app.auth("office"))
    headers = with_key(kernel_app, key())
    refused = await client.post(WIDGETS, json={"name": "wanted"}, headers=headers)
    assert refused.status_code == 409
    async with kernel_app.sessionmaker() as session, session.begin():  # the conflict goes away
        table = kernel_app.widgets_table
        await session.execute(table.delete().where(table.c.id == uuid.UUID(blocker.json()["id"])))
    retry = await client.post(WIDGETS, json={"name": "wanted"}, headers=headers)
    assert retry.status_code == 201, retry.text
    assert "idempotent-replayed" not in retry.headers
    assert [r["created_by"] for r in await kernel_app.widgets()] == ["test:unit"]


async def test_different_callers_with_the_same_key_do_not_collide(kernel_app):
    k = key()
    alice = await kernel_app.client.post(WIDGETS, json={"name": "alice's"},
                                         headers=with_key(kernel_app, k, sub="user:alice"))
    bob = await kernel_app.client.post(WIDGETS, json={"name": "bob's"},
                                       headers=with_key(kernel_app, k, sub="user:bob"))
    assert alice.status_code == 201, alice.text
    assert bob.status_code == 201, bob.text
    assert "idempotent-replayed" not in bob.headers
    assert sorted((r["created_by"], r["name"]) for r in await kernel_app.widgets()) == [
        ("user:alice", "alice's"), ("user:bob", "bob's")
    ]


async def test_same_caller_with_a_fresh_token_still_gets_the_replay(kernel_app):
    k = key()
    first = await kernel_app.client.post(WIDGETS, json={"name": "w"}, headers=with_key(kernel_app, k, sub="u:1"))
    retry = await kernel_app.client.post(WIDGETS, json={"name": "w"}, headers=with_key(kernel_app, k, sub="u:1"))
    assert retry.status_code == 201
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.content == first.content


async def test_replay_is_not_served_to_a_forged_token_naming_the_same_caller(kernel_app, forge_token):
    k = key()
    first = await kernel_app.client.post(WIDGETS, json={"name": "private"},
                                         headers=with_key(kernel_app, k, sub="user:alice"))
    assert first.status_code == 201
    forged = forge_token("user:alice", "unit")
    resp = await kernel_app.client.post(WIDGETS, json={"name": "private"},
                                        headers={"Authorization": f"Bearer {forged}", "Idempotency-Key": k})
    assert resp.status_code == 401
    assert resp.json()["code"] == "token_invalid"
    assert "idempotent-replayed" not in resp.headers


async def test_malformed_token_with_a_key_is_a_401_problem_not_a_crash(kernel_app):
    for token in ("a.WzFd.b", "a.IjEi.b", "nodots"):  # payloads [1], "1", none
        resp = await kernel_app.client.post(WIDGETS, json={"name": "w"},
                                            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key()})
        assert resp.status_code == 401, (token, resp.text)
        assert resp.json()["code"] == "token_invalid"


async def test_key_longer_than_255_characters_is_a_422_problem(kernel_app):
    resp = await kernel_app.client.post(WIDGETS, json={"name": "w"}, headers=with_key(kernel_app, "k" * 256))
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "idempotency_key_invalid"
    assert await kernel_app.widgets() == []


# ------------------------------------------------------------------ duplicates that overlap


def raw(name: str) -> bytes:
    return json.dumps({"name": name}).encode()


async def add_claim(kernel_app, k: str, body: bytes, claimed_at) -> None:
    """A pending claim of ``k`` for ``body``, as a request still running in another process leaves it."""
    t = kernel_app.kernel_tables.idempotency
    async with kernel_app.sessionmaker() as session, session.begin():
        await session.execute(t.insert().values(
            scope_key=scope_key_of("test:unit", "POST", WIDGETS, "", k), request_hash=hashlib.sha256(body).hexdigest(),
            status_code=0, headers=[], body=b"", created_at=claimed_at))


async def post_raw(kernel_app, k: str, body: bytes):
    return await kernel_app.client.post(WIDGETS, content=body, headers={**with_key(kernel_app, k),
                                                                         "Content-Type": "application/json"})


async def test_concurrent_duplicates_wait_for_the_first_and_replay_its_answer(kernel_app):
    headers = with_key(kernel_app, key())
    answers = await asyncio.gather(*(kernel_app.client.post(WIDGETS, json={"name": "burst"}, headers=headers)
                                     for _ in range(20)))
    assert [a.status_code for a in answers] == [201] * 20, [a.text for a in answers if a.status_code != 201]
    assert len({a.content for a in answers}) == 1
    assert len({a.headers["etag"] for a in answers}) == 1
    assert sum("idempotent-replayed" not in a.headers for a in answers) == 1
    assert len(await kernel_app.widgets()) == 1
    assert await kernel_app.count(kernel_app.kernel_tables.idempotency) == 1


async def test_a_duplicate_of_a_request_still_running_elsewhere_gets_409_in_progress_after_the_wait(
        kernel_app, monkeypatch):
    monkeypatch.setattr(kernel_app.app.state.settings.common, "idempotency_wait_seconds", 0.3)
    k = key()
    await add_claim(kernel_app, k, raw("slow"), utcnow())
    started = time.monotonic()
    resp = await post_raw(kernel_app, k, raw("slow"))
    assert time.monotonic() - started >= 0.3
    assert resp.status_code == 409
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["code"] == "idempotency_in_progress"
    assert int(resp.headers["retry-after"]) >= 1
    assert await kernel_app.widgets() == []
    # a different body under the same key is still refused at once
    other = await kernel_app.client.post(WIDGETS, json={"name": "other"}, headers=with_key(kernel_app, k))
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")


async def test_a_waiting_duplicate_runs_itself_when_the_first_failed_and_released_the_key(kernel_app):
    k = key()
    await add_claim(kernel_app, k, raw("second try"), utcnow())

    async def first_fails_then_releases() -> None:
        await asyncio.sleep(0.2)
        t = kernel_app.kernel_tables.idempotency
        async with kernel_app.sessionmaker() as session, session.begin():
            await session.execute(t.delete())

    resp, _ = await asyncio.gather(
        post_raw(kernel_app, k, raw("second try")),
        first_fails_then_releases())
    assert resp.status_code == 201, resp.text
    assert "idempotent-replayed" not in resp.headers
    assert [w["name"] for w in await kernel_app.widgets()] == ["second try"]


async def test_concurrent_duplicates_of_a_refused_request_each_get_the_refusal_and_store_nothing(kernel_app):
    headers = with_key(kernel_app, key())
    answers = await asyncio.gather(*(kernel_app.client.post(f"{WIDGETS}/then-problem", json={"name": "no"},
                                                            headers=headers) for _ in range(5)))
    assert [(a.status_code, a.json()["code"]) for a in answers] == [(409, "refused_after_write")] * 5
    assert await kernel_app.widgets() == []
    assert await kernel_app.count(kernel_app.kernel_tables.idempotency) == 0  # every claim was released


async def test_a_crashed_request_releases_its_claim(kernel_app):
    headers = with_key(kernel_app, key())
    crashed = await kernel_app.client.post(f"{WIDGETS}/then-crash", json={"name": "boom"}, headers=headers)
    assert crashed.status_code == 500
    assert await kernel_app.count(kernel_app.kernel_tables.idempotency) == 0


async def test_a_claim_left_by_a_dead_process_is_taken_over_after_its_lease(kernel_app):
    k = key()
    await add_claim(kernel_app, k, raw("after a crash"), utcnow() - CLAIM_LEASE - timedelta(seconds=1))
    resp = await post_raw(kernel_app, k, raw("after a crash"))
    assert resp.status_code == 201, resp.text
    retry = await post_raw(kernel_app, k, raw("after a crash"))
    assert retry.headers["idempotent-replayed"] == "true"
    assert [w["name"] for w in await kernel_app.widgets()] == ["after a crash"]
