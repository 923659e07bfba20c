"""Pooled connections between the apps: the client forgets an idle connection before the server closes it.
With equal idle timeouts on both sides a request can go out on a connection the server is closing at that
very moment and fail with a read error (the gateway answered 500 for it)."""

from __future__ import annotations

from typing import Any

import pytest

from tuijin.kernel import cli
from tuijin.kernel.settings import CommonSettings
from tuijin.kernel.upstream import Upstreams


def served_with(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The keyword arguments ``tuijin-<app> serve`` hands to uvicorn."""
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    assert cli.run_cli("registry", ["serve"]) == 0
    return seen


def test_an_idle_upstream_connection_is_dropped_by_the_client_well_before_the_server_closes_it(monkeypatch):
    server_idle = served_with(monkeypatch)["timeout_keep_alive"]
    upstreams = Upstreams(CommonSettings(), ["registry"], tokens=None, caller="gateway")  # type: ignore[arg-type]
    upstreams.start()
    try:
        client_idle = upstreams.client("registry")._transport._pool._keepalive_expiry
    finally:
        upstreams._clients.clear()
    assert client_idle is not None
    assert client_idle + 1 <= server_idle, (client_idle, server_idle)
