"""Calling an app over ASGI directly, for requests an HTTP client will not build (a path of 70,000 bytes) and
to see how much of a request body the app read (a body that is never sent in full)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    chunks_read: int = 0
    """How many body messages the app (or its middleware) took from the server."""
    received: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.body)


async def call(app: Any, method: str, raw_path: bytes, *, headers: Iterable[tuple[str, str]] = (),
               chunks: Iterable[bytes] = (), query: bytes = b"") -> Answer:
    """Send one request to ``app`` with its body in ``chunks`` (an iterator may be endless: the body is offered
    one chunk per ``receive`` call, and the count of chunks taken is reported)."""
    chunks = iter(chunks)
    sent: dict[str, Any] = {"status": 0, "headers": {}, "body": b""}
    read = 0
    pending = next(chunks, None)

    async def receive() -> dict[str, Any]:
        nonlocal read, pending
        if pending is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk, pending = pending, next(chunks, None)
        read += 1
        return {"type": "http.request", "body": chunk, "more_body": pending is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": unquote(raw_path.decode("ascii")), "raw_path": raw_path, "root_path": "", "query_string": query,
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {},
    }
    await app(scope, receive, send)
    return Answer(sent["status"], sent["headers"], sent["body"], read)
