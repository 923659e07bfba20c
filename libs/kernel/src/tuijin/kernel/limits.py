"""Limits on what a request may carry, checked in pure ASGI before anything reads it: before the gateway checks a
token or forwards the request, before a service's authentication, idempotency store or body parsing.

- The path: a path with a control character (C0, DEL, C1) or longer than :data:`MAX_PATH_BYTES` names no resource
  of any app and cannot be forwarded: 422 problem naming ``path`` (as a malformed id in a path is), never a 500.
- The body: at most ``max_body_bytes`` (``TUIJIN_MAX_BODY_BYTES``), or ``max_upload_bytes``
  (``TUIJIN_MAX_UPLOAD_BYTES``) on the upload routes an app names. A declared ``Content-Length`` over the limit is
  answered 413 at once, without reading a byte of the body; a streamed (chunked) body is counted as the app reads
  it and answered 413 as soon as it passes the limit, the rest left unread. A 413 closes the connection
  (``Connection: close``): what the client is still sending is not read.

Starlette's ``RequestBodyLimitMiddleware`` is not used: it lets the app run until the app reads the body or starts
its answer (the gateway would check the token and the service its caller first) and answers in plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tuijin.kernel.errors import ProblemError, invalid_field, problem_response

MIB = 1024 * 1024
MAX_PATH_BYTES = 2048
"""Longer than any path of the API (ids are UUIDs, codes a few characters); browsers and proxies stop near 8 KB."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class PayloadTooLarge(ProblemError):
    status, code = 413, "payload_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"请求内容过大，上限为 {megabytes(limit)} MB。", limit_bytes=limit)
        self.headers["Connection"] = "close"


def megabytes(n: int) -> str:
    """``10485760`` → ``10``, ``11534336`` → ``11``, ``1572864`` → ``1.5``."""
    return f"{n / MIB:.1f}".removesuffix(".0")


def path_problem(path: str, raw_path: bytes | None = None) -> ProblemError | None:
    """The 422 for a path no app can answer or forward, or None when the path is fine."""
    if len(raw_path if raw_path is not None else path.encode()) > MAX_PATH_BYTES:
        return invalid_field("path", f"请求路径过长（超过 {MAX_PATH_BYTES} 字节），无法处理。", "path_too_long")
    if _CONTROL.search(path):
        return invalid_field("path", "请求路径含有控制字符（如 %00、%0D%0A、%7F），无法处理。", "path_invalid")
    return None


def _body_headers(scope: Scope) -> tuple[int | None, bool]:
    """The declared ``Content-Length`` (None when absent or not a number) and whether the request has a body at
    all (HTTP/1.1: one of ``Content-Length`` and ``Transfer-Encoding``)."""
    length, has_body = None, False
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            has_body = True
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding":
            has_body = True
    return length, has_body


class RequestLimitsMiddleware:
    """Refuse a malformed path (422) and a body over the limit (413) before the app behind sees the request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int | None = None,
                 upload_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes if max_upload_bytes is not None else max_body_bytes
        self.upload_paths = [re.compile(p) for p in upload_paths]

    def limit_for(self, path: str) -> int:
        """The body limit of ``path``: the upload limit on an upload route, the general one elsewhere."""
        if any(p.fullmatch(path) for p in self.upload_paths):
            return self.max_upload_bytes
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        bad_path = path_problem(scope["path"], scope.get("raw_path"))
        if bad_path is not None:
            await problem_response(bad_path.to_problem())(scope, receive, send)
            return
        declared, has_body = _body_headers(scope)
        if not has_body:  # a GET: nothing to count
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        if declared is not None and declared > limit:
            await self._refuse(limit, scope, receive, send)
            return

        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:  # the app asks again after the refusal: it gets nothing more
                raise PayloadTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise PayloadTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:  # whatever the app answers to the failed read, the answer is the 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        err = PayloadTooLarge(limit)
        await problem_response(err.to_problem(), headers=err.headers)(scope, receive, send)
