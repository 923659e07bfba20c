"""``tuijin-gateway reset-admin``: the recovery when no admin can log in. It sets the password (from
standard input, or generated and printed once), re-activates the account, forgets its failed logins and
revokes its sessions; run here through the command line's own entry against the test database."""

from __future__ import annotations

import asyncio
import io
import re

from tuijin.kernel.cli import run_cli


async def _reset_admin(gw, monkeypatch, *args: str, stdin: str = "") -> int:
    settings = gw.stack.apps["gateway"].state.settings
    monkeypatch.setenv("TUIJIN_GATEWAY_DATABASE_URL", settings.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return await asyncio.to_thread(run_cli, "gateway", ["reset-admin", *args])


async def test_reset_admin_sets_the_password_reactivates_unlocks_and_revokes_sessions(gw, monkeypatch, capsys):
    pair = await gw.login()
    assert (await gw.disable(pair["user"]["id"])).status_code == 200
    for _ in range(gw.stack.apps["gateway"].state.settings.login_max_failures):
        await gw.login_response(gw.admin_username, "not-the-password")
    gw.problem(await gw.login_response(gw.admin_username, gw.admin_password), 429, "login_rate_limited")

    rc = await _reset_admin(gw, monkeypatch, "--username", gw.admin_username, stdin="recovered-password-1\n")

    assert rc == 0
    out = capsys.readouterr().out
    assert "reset" in out and "recovered-password-1" not in out
    resp = await gw.login_response(gw.admin_username, "recovered-password-1")
    assert resp.status_code == 200, resp.text
    assert "admin" in resp.json()["user"]["roles"] and resp.json()["user"]["is_active"] is True
    gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")


async def test_reset_admin_generates_a_password_and_prints_it_once(gw, monkeypatch, capsys):
    rc = await _reset_admin(gw, monkeypatch, "--generate")

    assert rc == 0
    out = capsys.readouterr().out
    printed = re.findall(r"new password \(shown once\): (\S+)", out)
    assert len(printed) == 1 and len(printed[0]) >= 10
    assert (await gw.login_response("admin", printed[0])).status_code == 200


async def test_reset_admin_creates_the_named_admin_when_it_is_missing(gw, monkeypatch):
    rc = await _reset_admin(gw, monkeypatch, "--username", "rescue.admin", stdin="rescue-password-123\n")

    assert rc == 0
    pair = await gw.login("rescue.admin", "rescue-password-123")
    assert pair["user"]["roles"] == ["admin"]


async def test_reset_admin_refuses_a_short_password_and_changes_nothing(gw, monkeypatch):
    rc = await _reset_admin(gw, monkeypatch, stdin="short\n")

    assert rc == 2
    assert (await gw.login_response(gw.admin_username, gw.admin_password)).status_code == 200
