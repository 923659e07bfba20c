"""Issue 16: the gateway serves the built web console at ``/`` with a history-mode fallback, the API and docs
paths keep their meaning, and a missing build answers a Chinese page saying how to build it (not a 500)."""

from __future__ import annotations

import pytest

INDEX = "<!doctype html><title>推进</title><div id=app></div>"


@pytest.fixture
def dist(tmp_path, monkeypatch):
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"ico")
    monkeypatch.setenv("TUIJIN_GATEWAY_CONSOLE_DIR", str(root))
    return root


async def test_the_console_and_every_page_path_answer_index_html(gw, dist):
    for path in ("/", "/projects", "/projects/3f1c0a2e-0000-4000-8000-000000000000", "/no/such/page"):
        resp = await gw.client.get(path)
        assert resp.status_code == 200, path
        assert resp.text == INDEX
        assert resp.headers["cache-control"] == "no-cache"


async def test_built_files_are_served_and_hashed_assets_cached_for_good(gw, dist):
    resp = await gw.client.get("/assets/index-abc123.js")
    assert resp.status_code == 200 and resp.text == "console.log(1)"
    assert "immutable" in resp.headers["cache-control"]
    assert (await gw.client.get("/favicon.ico")).content == b"ico"


async def test_a_missing_file_or_a_path_outside_the_build_is_404_not_the_page(gw, dist):
    gw.problem(await gw.client.get("/assets/index-old.js"), 404)
    resp = await gw.client.get("/..%2F..%2Fetc%2Fpasswd")
    assert resp.status_code in (200, 404) and "root:" not in resp.text


async def test_api_docs_and_health_paths_keep_their_meaning(gw, dist):
    gw.problem(await gw.client.get("/api/nothing-here"), 404)
    assert (await gw.client.get("/healthz")).json() == {"status": "ok"}
    assert "upstreams" in (await gw.client.get("/readyz")).json()
    assert (await gw.client.get("/metrics")).headers["content-type"].startswith("text/plain")
    assert (await gw.client.get("/openapi.json")).headers["content-type"].startswith("application/json")
    docs = await gw.client.get("/docs")
    assert docs.status_code == 200 and INDEX not in docs.text
    gw.problem(await gw.client.get("/api/v1/auth/me"), 401)
    gw.problem(await gw.client.post("/projects"), 404)  # only GET and HEAD reach the console


async def test_without_a_build_the_console_says_in_chinese_how_to_build_it(gw, tmp_path, monkeypatch):
    monkeypatch.setenv("TUIJIN_GATEWAY_CONSOLE_DIR", str(tmp_path / "not-built"))
    resp = await gw.client.get("/")
    assert resp.status_code == 503
    assert "网页控制台尚未构建" in resp.text and "make web" in resp.text
