"""``Idempotency-Key``: a retried write runs once and replays its stored response; the same key
with another body is refused; failures are not stored; keys are scoped to the verified caller."""

from __future__ import annotations

import uuid

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
