"""The login throttle: per-account limits hold under parallel attempts, an attacker's failures slow the
attacker's address down (doubling waits, capped) without locking the owner out, the per-account ceiling
across addresses only delays, and the client address comes from X-Forwarded-For only via trusted proxies."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest

from tuijin.gateway.clientaddr import client_address, trusted_networks
from tuijin.kernel.clock import clock

PASSWORD = "user-password-123"
WRONG = "not-the-password"


@pytest.fixture
def settings(gw):
    return gw.stack.apps["gateway"].state.settings


@pytest.fixture
def from_address(gw) -> Callable[[str], AsyncIterator[httpx.AsyncClient]]:
    """A client whose connection comes from ``address`` (the peer the gateway sees)."""

    @asynccontextmanager
    async def client(address: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=gw.stack.apps["gateway"], client=(address, 40000),
                                        raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield c

    return client


async def _login(client: httpx.AsyncClient, username: str, password: str, **headers: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", data={"username": username, "password": password},
                             headers=headers)


async def test_twenty_parallel_wrong_passwords_get_at_most_the_configured_number_of_401s(gw, settings):
    """Per-account limits hold under parallel attempts: the count is taken atomically before the password is
    checked, so of 20 concurrent wrong logins at most login_max_failures are checked (401), the rest get 429."""
    await gw.create_user("lc.unit")

    answers = await asyncio.gather(*(gw.login_response("lc.unit", WRONG) for _ in range(20)))

    statuses = Counter(r.status_code for r in answers)
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses[401] <= settings.login_max_failures, statuses
    assert statuses[429] == 20 - statuses[401]
    gw.problem(await gw.login_response("lc.unit", PASSWORD), 429, "login_rate_limited")


async def test_a_refused_login_says_how_long_to_wait_in_retry_after_and_in_chinese(gw, settings):
    await gw.create_user("lc.unit")
    for _ in range(settings.login_max_failures):
        gw.problem(await gw.login_response("lc.unit", WRONG), 401, "invalid_credentials")

    resp = await gw.login_response("lc.unit", PASSWORD)

    body = gw.problem(resp, 429, "login_rate_limited")
    wait = int(resp.headers["retry-after"])
    assert 0 < wait <= settings.login_backoff_base_seconds
    assert body["detail"] == f"登录失败次数过多，请 {wait} 秒后再试。"


async def test_each_further_failure_from_one_address_doubles_the_wait_up_to_the_cap(gw, settings, monkeypatch):
    monkeypatch.setattr(settings, "login_backoff_max_seconds", 3 * settings.login_backoff_base_seconds)
    await gw.create_user("lc.unit")
    for _ in range(settings.login_max_failures):
        await gw.login_response("lc.unit", WRONG)
    waits = []
    for _ in range(3):
        refused = await gw.login_response("lc.unit", WRONG)
        gw.problem(refused, 429, "login_rate_limited")
        waits.append(int(refused.headers["retry-after"]))
        clock.advance(timedelta(seconds=waits[-1] + 1))
        gw.problem(await gw.login_response("lc.unit", WRONG), 401, "invalid_credentials")

    base = settings.login_backoff_base_seconds
    assert base - 1 <= waits[0] <= base
    assert 2 * base - 1 <= waits[1] <= 2 * base
    assert 3 * base - 1 <= waits[2] <= 3 * base, "4 x base is capped at 3 x base"


async def test_the_wait_is_over_after_retry_after_and_the_right_password_then_works(gw, settings):
    await gw.create_user("lc.unit")
    for _ in range(settings.login_max_failures):
        await gw.login_response("lc.unit", WRONG)
    resp = await gw.login_response("lc.unit", PASSWORD)
    gw.problem(resp, 429, "login_rate_limited")

    clock.advance(timedelta(seconds=int(resp.headers["retry-after"]) + 1))

    assert (await gw.login_response("lc.unit", PASSWORD)).status_code == 200


async def test_an_attackers_failures_do_not_lock_out_the_owner_at_another_address(gw, settings, from_address):
    """Failures are counted per account and address: the admin logging in from the office is not locked out
    by someone guessing the admin's password from elsewhere."""
    async with from_address("203.0.113.66") as attacker, from_address("10.20.0.7") as owner:
        answers = [await _login(attacker, gw.admin_username, WRONG) for _ in range(settings.login_max_failures + 5)]
        assert answers[-1].status_code == 429

        resp = await _login(owner, gw.admin_username, gw.admin_password)

    assert resp.status_code == 200, resp.text


async def test_failures_from_many_addresses_only_delay_the_account_and_spare_a_known_address(
        gw, settings, from_address, monkeypatch):
    """The ceiling across all addresses is higher and only delays (capped wait, never a long lock); an address
    that logged in to the account before is not held back by it."""
    monkeypatch.setattr(settings, "login_max_failures_per_account", 4)
    await gw.create_user("lc.unit")
    async with from_address("10.20.0.7") as owner:
        assert (await _login(owner, "lc.unit", PASSWORD)).status_code == 200
        for i in range(4):
            async with from_address(f"203.0.113.{i + 1}") as attacker:
                gw.problem(await _login(attacker, "lc.unit", WRONG), 401, "invalid_credentials")
        async with from_address("198.51.100.9") as newcomer:
            held = await _login(newcomer, "lc.unit", PASSWORD)
            gw.problem(held, 429, "login_rate_limited")
            assert int(held.headers["retry-after"]) <= settings.login_account_backoff_max_seconds

            assert (await _login(owner, "lc.unit", PASSWORD)).status_code == 200

            clock.advance(timedelta(seconds=int(held.headers["retry-after"]) + 1))
            assert (await _login(newcomer, "lc.unit", PASSWORD)).status_code == 200


async def test_one_address_trying_many_accounts_is_slowed_down(gw, settings, from_address, monkeypatch):
    monkeypatch.setattr(settings, "login_max_failures_per_ip", 3)
    for name in ("a.one", "a.two", "a.three", "a.four"):
        await gw.create_user(name)
    async with from_address("203.0.113.8") as sprayer, from_address("10.20.0.7") as other:
        for name in ("a.one", "a.two", "a.three"):
            gw.problem(await _login(sprayer, name, WRONG), 401, "invalid_credentials")

        gw.problem(await _login(sprayer, "a.four", PASSWORD), 429, "login_rate_limited")
        assert (await _login(other, "a.four", PASSWORD)).status_code == 200


async def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_change_the_address(gw, settings):
    """With no trusted proxy configured, X-Forwarded-For is ignored: changing it on each try does not give
    an attacker fresh attempts."""
    assert settings.trusted_proxies == []
    await gw.create_user("lc.unit")
    for i in range(settings.login_max_failures):
        await gw.client.post("/api/v1/auth/token", data={"username": "lc.unit", "password": WRONG},
                             headers={"X-Forwarded-For": f"198.51.100.{i + 1}"})

    resp = await gw.client.post("/api/v1/auth/token", data={"username": "lc.unit", "password": PASSWORD},
                                headers={"X-Forwarded-For": "198.51.100.200"})

    gw.problem(resp, 429, "login_rate_limited")


async def test_forwarded_for_from_a_trusted_proxy_names_the_client(gw, settings, monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxies", ["127.0.0.0/8"])
    for _ in range(settings.login_max_failures):
        await gw.client.post("/api/v1/auth/token", data={"username": gw.admin_username, "password": WRONG},
                             headers={"X-Forwarded-For": "203.0.113.66"})
    spoofing_attacker = await gw.client.post(
        "/api/v1/auth/token", data={"username": gw.admin_username, "password": WRONG},
        headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.66"})

    owner = await gw.client.post("/api/v1/auth/token",
                                 data={"username": gw.admin_username, "password": gw.admin_password},
                                 headers={"X-Forwarded-For": "198.51.100.7"})

    gw.problem(spoofing_attacker, 429, "login_rate_limited")
    assert owner.status_code == 200, owner.text


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "expected"), [
    ("203.0.113.5", ["1.2.3.4"], [], "203.0.113.5"),
    ("203.0.113.5", ["1.2.3.4"], ["10.0.0.0/8"], "203.0.113.5"),
    ("10.0.0.2", ["1.2.3.4"], ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.2", ["9.9.9.9, 1.2.3.4, 10.0.0.3"], ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.2", ["9.9.9.9", "1.2.3.4"], ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.2", ["not-an-address, 10.0.0.5"], ["10.0.0.0/8"], "10.0.0.5"),
    ("10.0.0.2", [], ["10.0.0.0/8"], "10.0.0.2"),
    ("::1", ["2001:db8::7"], ["::1"], "2001:db8::7"),
    ("10.0.0.2", ["1.2.3.4:5678"], ["10.0.0.2"], "1.2.3.4"),
])
def test_the_client_address_is_read_right_to_left_past_trusted_hops_only(peer, forwarded, trusted, expected):
    assert client_address(peer, forwarded, trusted_networks(tuple(trusted))) == expected


def test_the_gateway_server_leaves_forwarded_headers_to_the_gateway(monkeypatch):
    """uvicorn must not rewrite the peer from X-Forwarded-For for the gateway (it trusted any local client);
    the gateway reads the header itself, from configured proxies only."""
    import uvicorn

    from tuijin.kernel.cli import run_cli
    from tuijin.kernel.keys import new_key_set

    for var, value in new_key_set().items():  # serve refuses to start without its token keys
        monkeypatch.setenv(var, value)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    run_cli("gateway", ["serve"])

    assert seen["proxy_headers"] is False


async def test_failures_quiet_for_a_window_past_their_wait_are_forgotten(gw, settings):
    """Counts do not pile up for ever: once a key's wait is over and it stayed quiet for the window, its next
    failure counts as the first again (and old rows are removed)."""
    await gw.create_user("lc.unit")
    for _ in range(settings.login_max_failures):
        await gw.login_response("lc.unit", WRONG)
    clock.advance(timedelta(seconds=settings.login_backoff_max_seconds + settings.login_window_seconds + 1))

    for _ in range(settings.login_max_failures):
        gw.problem(await gw.login_response("lc.unit", WRONG), 401, "invalid_credentials")
    gw.problem(await gw.login_response("lc.unit", PASSWORD), 429, "login_rate_limited")


@pytest.mark.parametrize("value", ["127.0.0.1, 10.0.0.0/8", '["127.0.0.1", "10.0.0.0/8"]'])
def test_trusted_proxies_are_read_from_the_environment_as_a_list(monkeypatch, value):
    from tuijin.gateway.settings import GatewaySettings
    from tuijin.kernel.settings import load_settings

    monkeypatch.setenv("TUIJIN_GATEWAY_TRUSTED_PROXIES", value)

    assert load_settings("gateway", GatewaySettings).trusted_proxies == ["127.0.0.1", "10.0.0.0/8"]


def test_a_trusted_proxy_that_is_no_address_is_refused_at_start_up(monkeypatch):
    from pydantic import ValidationError

    from tuijin.gateway.settings import GatewaySettings
    from tuijin.kernel.settings import load_settings

    monkeypatch.setenv("TUIJIN_GATEWAY_TRUSTED_PROXIES", "proxy.example")

    with pytest.raises(ValidationError):
        load_settings("gateway", GatewaySettings)


async def test_wrong_current_passwords_on_a_password_change_count_as_failed_logins(gw, settings):
    """A stolen access token cannot be used to guess the current password without limit."""
    _, pair = await gw.user_with_tokens()
    headers = gw.bearer(pair["access_token"])

    answers = [await gw.client.post("/api/v1/auth/password", headers=headers, json={
        "current_password": f"guess-{i}", "new_password": "a-new-password-456"})
        for i in range(settings.login_max_failures + 1)]

    assert [a.status_code for a in answers[:-1]] == [401] * settings.login_max_failures
    gw.problem(answers[-1], 429, "login_rate_limited")
