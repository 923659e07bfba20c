"""Login, the login rate limit, refresh-token rotation and reuse detection, logout, and the access
token as the gateway and the services verify it."""

from __future__ import annotations

from datetime import timedelta

import jwt

from tuijin.kernel.clock import clock
from tuijin.kernel.keys import generate_private_key, load_private_key

CALENDAR = "/api/v1/calendar/days?from=2026-10-01&to=2026-10-07"
ACCESS_TTL = timedelta(minutes=15)


async def test_login_returns_an_access_and_a_refresh_token_and_me_shows_roles_and_region(gw):
    user = await gw.create_user("lc.office", roles=["office", "viewer"], region_code="410324")

    resp = await gw.login_response("lc.office", "user-password-123")

    assert resp.status_code == 200, resp.text
    pair = resp.json()
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == 900
    assert pair["refresh_token"] and pair["refresh_token"] != pair["access_token"]
    claims = gw.stack.codec.decode(pair["access_token"])
    assert claims["uid"] == user["id"] and claims["typ"] == "access"
    assert sorted(claims["roles"]) == ["office", "viewer"] and claims["region"] == "410324"
    me = await gw.client.get("/api/v1/auth/me", headers=gw.bearer(pair["access_token"]))
    assert me.status_code == 200, me.text
    assert me.json()["id"] == user["id"]
    assert me.json()["username"] == "lc.office"
    assert sorted(me.json()["roles"]) == ["office", "viewer"]
    assert me.json()["region_code"] == "410324"


async def test_wrong_password_is_refused_with_invalid_credentials(gw):
    await gw.create_user("lc.unit")

    wrong = await gw.login_response("lc.unit", "not-the-password")
    unknown = await gw.login_response("nobody.here", "not-the-password")

    gw.problem(wrong, 401, "invalid_credentials")
    gw.problem(unknown, 401, "invalid_credentials")
    assert "access_token" not in wrong.json()


async def test_after_three_failures_the_account_is_rate_limited_even_with_the_right_password(gw):
    await gw.create_user("lc.unit")
    for _ in range(3):
        gw.problem(await gw.login_response("lc.unit", "not-the-password"), 401, "invalid_credentials")

    resp = await gw.login_response("lc.unit", "user-password-123")

    gw.problem(resp, 429, "login_rate_limited")
    assert int(resp.headers["retry-after"]) > 0


async def test_the_login_rate_limit_lifts_once_the_window_has_passed(gw):
    await gw.create_user("lc.unit")
    for _ in range(3):
        await gw.login_response("lc.unit", "not-the-password")
    gw.problem(await gw.login_response("lc.unit", "user-password-123"), 429, "login_rate_limited")

    clock.advance(timedelta(seconds=gw.stack.apps["gateway"].state.settings.login_window_seconds + 1))

    assert (await gw.login_response("lc.unit", "user-password-123")).status_code == 200


async def test_refresh_rotates_the_pair_and_the_new_pair_works(gw):
    _, first = await gw.user_with_tokens()

    resp = await gw.refresh(first["refresh_token"])

    assert resp.status_code == 200, resp.text
    second = resp.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await gw.client.get("/api/v1/auth/me", headers=gw.bearer(second["access_token"]))).status_code == 200
    third = await gw.refresh(second["refresh_token"])
    assert third.status_code == 200, third.text


async def test_reusing_a_refresh_token_revokes_the_newest_token_of_its_family(gw):
    _, first = await gw.user_with_tokens()
    second = (await gw.refresh(first["refresh_token"])).json()
    third = (await gw.refresh(second["refresh_token"])).json()

    reused = await gw.refresh(first["refresh_token"])

    gw.problem(reused, 401, "refresh_token_reused")
    gw.problem(await gw.refresh(third["refresh_token"]), 401, "refresh_token_revoked")


async def test_reuse_does_not_revoke_another_login_of_the_same_user(gw):
    user, first = await gw.user_with_tokens()
    other_login = await gw.login(user["username"], "user-password-123")
    await gw.refresh(first["refresh_token"])

    gw.problem(await gw.refresh(first["refresh_token"]), 401, "refresh_token_reused")

    assert (await gw.refresh(other_login["refresh_token"])).status_code == 200


async def test_logout_revokes_the_refresh_token(gw):
    _, pair = await gw.user_with_tokens()

    resp = await gw.client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})

    assert resp.status_code == 204, resp.text
    gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")


async def test_an_expired_access_token_is_refused_by_the_gateway_before_proxying(gw):
    _, pair = await gw.user_with_tokens(roles=["office"])
    headers = gw.bearer(pair["access_token"])
    assert (await gw.client.get(CALENDAR, headers=headers)).status_code == 200
    registry = gw.stack.transports["registry"]
    before = registry.requests

    clock.advance(ACCESS_TTL + timedelta(seconds=1))
    resp = await gw.client.get(CALENDAR, headers=headers)

    gw.problem(resp, 401, "token_expired")
    assert registry.requests == before, "the gateway forwarded an expired token"
    gw.problem(await gw.client.get("/api/v1/auth/me", headers=headers), 401, "token_expired")


async def test_an_expired_access_token_is_refused_by_a_service_reached_directly(gw):
    _, pair = await gw.user_with_tokens(roles=["office"])
    registry = gw.stack.client("registry")
    headers = gw.bearer(pair["access_token"])
    assert (await registry.get(CALENDAR, headers=headers)).status_code == 200

    clock.advance(ACCESS_TTL + timedelta(seconds=1))

    gw.problem(await registry.get(CALENDAR, headers=headers), 401, "token_expired")


def _forge(gw, token: str, private_key: str) -> str:
    """The claims of ``token`` signed again with ``private_key``, naming the gateway's key (kid)."""
    claims = gw.stack.codec.decode(token)
    return jwt.encode(claims, load_private_key(private_key), algorithm="EdDSA", headers={"kid": "gateway"})


async def test_a_token_signed_with_another_key_than_the_gateways_is_refused_by_the_gateway(gw):
    """Only the gateway's private key makes a user token: the same claims signed again with it pass,
    signed with another Ed25519 key under the gateway's kid they are refused before any proxying."""
    _, pair = await gw.user_with_tokens(roles=["office"])
    gateway_key = gw.stack.apps["gateway"].state.settings.jwt_private_key.get_secret_value()
    resigned = _forge(gw, pair["access_token"], gateway_key)
    forged = _forge(gw, pair["access_token"], generate_private_key())
    assert (await gw.client.get(CALENDAR, headers=gw.bearer(resigned))).status_code == 200
    registry = gw.stack.transports["registry"]
    before = registry.requests

    resp = await gw.client.get(CALENDAR, headers=gw.bearer(forged))

    gw.problem(resp, 401, "token_invalid")
    assert registry.requests == before, "the gateway forwarded a forged token"
    gw.problem(await gw.client.get("/api/v1/auth/me", headers=gw.bearer(forged)), 401, "token_invalid")


async def test_a_token_signed_with_another_key_than_the_gateways_is_refused_by_a_service_reached_directly(gw):
    _, pair = await gw.user_with_tokens(roles=["office"])
    forged = _forge(gw, pair["access_token"], generate_private_key())

    resp = await gw.stack.client("registry").get(CALENDAR, headers=gw.bearer(forged))

    gw.problem(resp, 401, "token_invalid")


async def test_a_refresh_token_used_as_a_bearer_token_is_refused(gw):
    _, pair = await gw.user_with_tokens(roles=["office"])
    headers = gw.bearer(pair["refresh_token"])
    registry = gw.stack.transports["registry"]
    before = registry.requests

    gw.problem(await gw.client.get("/api/v1/auth/me", headers=headers), 401, "token_invalid")
    gw.problem(await gw.client.get(CALENDAR, headers=headers), 401, "token_invalid")
    assert registry.requests == before
    gw.problem(await gw.stack.client("registry").get(CALENDAR, headers=headers), 401, "token_invalid")


async def test_a_disabled_user_cannot_log_in(gw):
    user = await gw.create_user("lc.unit")
    assert (await gw.disable(user["id"])).status_code == 200

    resp = await gw.login_response("lc.unit", "user-password-123")

    gw.problem(resp, 401, "invalid_credentials")


async def test_disabling_a_user_stops_their_refresh_tokens(gw):
    user, pair = await gw.user_with_tokens()

    assert (await gw.disable(user["id"])).status_code == 200

    resp = await gw.refresh(pair["refresh_token"])
    assert resp.status_code == 401, resp.text
    assert resp.json()["code"] in {"refresh_token_revoked", "account_disabled"}


async def test_changing_the_password_revokes_the_refresh_tokens(gw):
    user, pair = await gw.user_with_tokens()
    other_login = await gw.login(user["username"], "user-password-123")

    resp = await gw.client.post(
        "/api/v1/auth/password", headers=gw.bearer(pair["access_token"]),
        json={"current_password": "user-password-123", "new_password": "a-new-password-456"},
    )

    assert resp.status_code == 204, resp.text
    gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")
    gw.problem(await gw.refresh(other_login["refresh_token"]), 401, "refresh_token_revoked")
    gw.problem(await gw.login_response(user["username"], "user-password-123"), 401, "invalid_credentials")
    assert (await gw.login_response(user["username"], "a-new-password-456")).status_code == 200


async def test_changing_the_password_needs_the_current_one(gw):
    _, pair = await gw.user_with_tokens()

    resp = await gw.client.post(
        "/api/v1/auth/password", headers=gw.bearer(pair["access_token"]),
        json={"current_password": "wrong-password", "new_password": "a-new-password-456"},
    )

    gw.problem(resp, 401, "invalid_credentials")
    assert (await gw.refresh(pair["refresh_token"])).status_code == 200
