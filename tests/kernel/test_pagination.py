"""Keyset pagination: pages walk every row exactly once, in order, and a bad cursor is a 400."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from tuijin.kernel.pagination import encode_cursor

WIDGETS = "/api/v1/test/widgets"
T0 = datetime(2026, 10, 8, 1, 0, tzinfo=UTC)


def raw_cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


async def seed(kernel_app, offsets_seconds: list[int]) -> list[tuple[datetime, uuid.UUID]]:
    """Insert one widget per offset (equal offsets tie on created_at); returns (created_at, id)
    in the order the list must give them."""
    rows = [{"id": uuid.uuid4(), "name": f"w{i}", "quantity": i, "version": 1, "created_by": "seed",
             "created_at": T0 + timedelta(seconds=s)} for i, s in enumerate(offsets_seconds)]
    async with kernel_app.sessionmaker() as session, session.begin():
        await session.execute(insert(kernel_app.widgets_table), rows)
    return sorted((r["created_at"], r["id"]) for r in rows)


async def walk(kernel_app, limit: int) -> list[dict]:
    pages, cursor = [], None
    for _ in range(50):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        resp = await kernel_app.client.get(WIDGETS, params=params)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        pages.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
    raise AssertionError("the cursor never ran out")


async def test_pages_walk_every_row_exactly_once_in_order(kernel_app):
    # ties on created_at (offsets 20, 20, 20 and 50, 50) straddle page boundaries
    expected = await seed(kernel_app, [50, 0, 20, 90, 20, 50, 10, 20, 70, 5])
    pages = await walk(kernel_app, limit=3)
    assert [len(p["items"]) for p in pages] == [3, 3, 3, 1]
    walked = [uuid.UUID(item["id"]) for p in pages for item in p["items"]]
    assert walked == [row_id for _, row_id in expected]


async def test_microsecond_instants_keep_their_order_across_pages(kernel_app):
    base = T0 + timedelta(microseconds=123456)
    async with kernel_app.sessionmaker() as session, session.begin():
        await session.execute(insert(kernel_app.widgets_table), [
            {"id": uuid.uuid4(), "name": f"m{i}", "quantity": i, "version": 1, "created_by": "seed",
             "created_at": base + timedelta(microseconds=i)} for i in range(4)
        ])
    pages = await walk(kernel_app, limit=1)
    assert [item["name"] for p in pages for item in p["items"]] == ["m0", "m1", "m2", "m3"]


async def test_last_page_has_no_next_cursor(kernel_app):
    await seed(kernel_app, [0, 1, 2])
    resp = await kernel_app.client.get(WIDGETS, params={"limit": 3})
    assert len(resp.json()["items"]) == 3
    assert resp.json()["next_cursor"] is None


async def test_a_row_added_behind_the_cursor_does_not_shift_the_next_page(kernel_app):
    expected = await seed(kernel_app, [10, 20, 30, 40])
    first = (await kernel_app.client.get(WIDGETS, params={"limit": 2})).json()
    await seed(kernel_app, [0])  # lands before the cursor; an OFFSET list would repeat a row
    second = (await kernel_app.client.get(WIDGETS, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [uuid.UUID(i["id"]) for i in second["items"]] == [row_id for _, row_id in expected[2:]]


@pytest.mark.parametrize("cursor", [
    "not a cursor!",
    raw_cursor({"created_at": "2026-10-08T01:00:00+00:00"}),  # not a list
    raw_cursor(["2026-10-08T01:00:00+00:00"]),  # too short
    raw_cursor(["yesterday", str(uuid.UUID(int=1))]),  # not an instant
    raw_cursor(["2026-10-08T01:00:00+00:00", "not-a-uuid"]),
    raw_cursor(["2026-10-08T01:00:00+00:00", 12345]),  # a number where a uuid belongs
    raw_cursor([None, ["a list"]]),
    raw_cursor(["2026-10-08T01:00:00", str(uuid.UUID(int=1))]),  # a naive instant
], ids=["garbage", "object", "short", "bad-instant", "bad-uuid", "number-uuid", "list-uuid", "naive-instant"])
async def test_invalid_cursor_is_a_400_problem(kernel_app, cursor):
    resp = await kernel_app.client.get(WIDGETS, params={"cursor": cursor})
    assert resp.status_code == 400, resp.text
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["code"] == "invalid_cursor"
    assert [e["field"] for e in body["errors"]] == ["query.cursor"]


async def test_well_formed_cursor_from_another_position_is_accepted(kernel_app):
    expected = await seed(kernel_app, [0, 10, 20])
    created_at, row_id = expected[0]
    resp = await kernel_app.client.get(WIDGETS, params={"cursor": encode_cursor([created_at, row_id])})
    assert resp.status_code == 200, resp.text
    assert [uuid.UUID(i["id"]) for i in resp.json()["items"]] == [r for _, r in expected[1:]]


@pytest.mark.parametrize("limit", [0, 201])
async def test_limit_outside_1_to_200_is_a_422_naming_query_limit(kernel_app, limit):
    resp = await kernel_app.client.get(WIDGETS, params={"limit": limit})
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["query.limit"]


async def test_outbox_list_pages_newest_first_without_repeats(stack):
    registry, office, admin = stack.client("registry"), stack.auth("office"), stack.auth("admin")
    for day in ("2026-10-02", "2026-10-03", "2026-10-04"):  # 3 events x 3 subscribers = 9 rows
        resp = await registry.put(f"/api/v1/calendar/overrides/{day}", json={"is_working_day": True},
                                  headers=office)
        assert resp.status_code == 200, resp.text
    seen, cursor = [], None
    for _ in range(10):
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = await registry.get("/api/v1/admin/registry/outbox", params=params, headers=admin)
        assert page.status_code == 200, page.text
        seen += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 9
    assert len({row["id"] for row in seen}) == 9
    keys = [(datetime.fromisoformat(r["created_at"]), uuid.UUID(r["id"])) for r in seen]
    assert keys == sorted(keys, reverse=True)
    assert [r["payload"]["day"] for r in seen[::3]] == ["2026-10-04", "2026-10-03", "2026-10-02"]
