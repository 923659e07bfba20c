"""The request-body cap of the gateway and of every service (TUIJIN_MAX_BODY_BYTES, 10 MiB by default; the
一览表 import's route TUIJIN_MAX_UPLOAD_BYTES, 11 MiB): a body over it is answered 413 before anything reads it
(no token check, no forwarding, no parsing), a declared one without reading a byte, a streamed one as soon as it
passes the limit. An unauthenticated 51 MB body raised the registry's memory by 220 MB before its 401."""

from __future__ import annotations

import itertools

import pytest

from tests.raw_asgi import call

MIB = 1024 * 1024
CHUNK = b"x" * (64 * 1024)
LIMIT_CHUNKS = 10 * MIB // len(CHUNK)  # chunks in the default limit
IMPORT = b"/api/v1/project-lists/410324/2026/imports"


def assert_too_large(answer, limit_mb: int) -> None:
    assert answer.status == 413, answer.body[:300]
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["code"] == "payload_too_large" and body["status"] == 413
    assert body["detail"] == f"请求内容过大，上限为 {limit_mb} MB。"
    assert answer.headers["connection"] == "close"


@pytest.mark.parametrize("app", ["gateway", "registry", "issues", "meetings", "scoring"])
async def test_a_declared_body_over_the_limit_is_a_413_without_a_byte_of_it_read(stack, app):
    answer = await call(stack.apps[app], "POST", b"/api/v1/projects",
                        headers=[("content-type", "application/json"), ("content-length", str(51 * MIB))],
                        chunks=itertools.repeat(CHUNK))

    assert_too_large(answer, 10)
    assert answer.chunks_read == 0


async def test_the_gateway_refuses_a_large_body_before_it_checks_the_token(stack):
    answer = await call(stack.apps["gateway"], "POST", b"/api/v1/projects",
                        headers=[("authorization", "Bearer not.a.token"),
                                 ("content-length", str(51 * MIB))], chunks=itertools.repeat(CHUNK))

    assert_too_large(answer, 10)


@pytest.mark.parametrize("app", ["gateway", "registry"])
async def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit_and_the_rest_is_not_read(stack, app):
    """A chunked body (no Content-Length) that never ends: the app stops reading just past the limit."""
    answer = await call(stack.apps[app], "POST", b"/api/v1/projects", chunks=itertools.repeat(CHUNK),
                        headers=[("content-type", "application/json"), ("transfer-encoding", "chunked"),
                                 *stack.auth("office").items()])

    assert_too_large(answer, 10)
    assert LIMIT_CHUNKS < answer.chunks_read <= LIMIT_CHUNKS + 2


@pytest.mark.parametrize("app", ["gateway", "registry"])
async def test_a_body_just_under_the_limit_is_read_and_judged_by_the_route(stack, app):
    body = [b"[" + b" " * (len(CHUNK) - 1)] + [b" " * len(CHUNK)] * (LIMIT_CHUNKS - 2) + [b"1]"]
    answer = await call(stack.apps[app], "POST", b"/api/v1/projects", chunks=body,
                        headers=[("content-type", "application/json"), ("transfer-encoding", "chunked"),
                                 *stack.auth("office").items()])

    assert answer.status == 422, answer.body[:300]  # a list, not a project: the route read all of it
    assert answer.json()["code"] == "validation_failed"
    assert answer.chunks_read == len(body)


@pytest.mark.parametrize("app", ["gateway", "registry"])
async def test_the_import_route_takes_a_body_up_to_the_upload_limit(stack, app):
    """The 一览表 import takes a file of up to 10 MB: its route's limit is 11 MB, the others' 10 MB."""
    auth = [*stack.auth("office").items(), ("content-type", "multipart/form-data; boundary=b")]
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n'
    file = [head, *[CHUNK] * (LIMIT_CHUNKS + 8), b"\r\n--b--\r\n"]
    over_general = await call(stack.apps[app], "POST", IMPORT, chunks=file,
                              headers=[*auth, ("content-length", str(sum(len(c) for c in file)))])
    over_upload = await call(stack.apps[app], "POST", IMPORT, chunks=itertools.chain([head], itertools.repeat(CHUNK)),
                             headers=[*auth, ("transfer-encoding", "chunked")])

    assert over_general.json()["code"] != "payload_too_large", over_general.json()
    assert over_general.chunks_read == len(file)
    assert_too_large(over_upload, 11)
    assert over_upload.chunks_read <= 11 * MIB // len(CHUNK) + 3
