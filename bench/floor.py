"""The floor: the project list page served by a bare ASGI app under uvicorn with one raw asyncpg query, no
framework, no auth, no validation. What is left of a request's cost when nothing but the query and the JSON
remains. Run: ``BENCH_FLOOR_DSN=postgresql://… uvicorn bench.floor:app --port N``.

``GET /api/v1/projects?region_code=410101&limit=50`` answers the same rows, in the same order and shape, as the
registry's list (its first page)."""

from __future__ import annotations

import base64
import json
import os
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import asyncpg

QUERY = """
SELECT id, region_code, code, national_code, name, stage, system_id, industry, township_unit_id,
       total_investment, responsible_unit_id, leader_post_id, is_poverty_alleviation, latitude, longitude, version
FROM projects WHERE region_code = $1 ORDER BY code, id LIMIT $2
"""
_pool: asyncpg.Pool | None = None


def _value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if v is None or isinstance(v, bool | int | str):
        return v
    return str(v)


async def _send_json(send: Any, status: int, body: Any) -> None:
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": raw})


async def app(scope: dict, receive: Any, send: Any) -> None:
    global _pool
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                _pool = await asyncpg.create_pool(os.environ["BENCH_FLOOR_DSN"], min_size=2, max_size=10)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _pool is not None:
                    await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] != "/api/v1/projects":
        await _send_json(send, 404, {"detail": "not found"})
        return
    params = parse_qs(scope.get("query_string", b"").decode())
    region = params.get("region_code", [""])[0]
    limit = min(200, int(params.get("limit", ["50"])[0]))
    assert _pool is not None
    async with _pool.acquire() as conn:
        rows = await conn.fetch(QUERY, region, limit + 1)
    cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        cursor = base64.urlsafe_b64encode(json.dumps([last["code"], str(last["id"])]).encode()).decode().rstrip("=")
    items = [{k: _value(v) for k, v in r.items()} for r in rows]
    await _send_json(send, 200, {"items": items, "next_cursor": cursor, "limit": limit})
