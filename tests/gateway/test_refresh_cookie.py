"""Issue 16: the web console keeps the refresh token out of script-readable storage. Login and refresh also set it
as an httpOnly, SameSite=Strict cookie limited to the auth routes; refresh and logout accept it instead of a body;
logout revokes the login and clears the cookie. Other clients keep the JSON body answer."""

from __future__ import annotations

from tuijin.gateway.refresh_cookie import COOKIE


def _set_cookie(resp) -> str:
    return next(v for k, v in resp.headers.multi_items() if k == "set-cookie" and v.startswith(f"{COOKIE}="))


async def test_login_sets_an_httponly_strict_cookie_on_the_auth_path_and_still_answers_the_pair(gw):
    resp = await gw.login_response(gw.admin_username, gw.admin_password)
    assert resp.status_code == 200
    assert resp.json()["refresh_token"]
    cookie = _set_cookie(resp).lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/api/v1/auth" in cookie
    assert resp.json()["refresh_token"].lower() in cookie


async def test_refresh_without_a_body_uses_the_cookie_and_rotates_it(gw):
    first = await gw.login()
    resp = await gw.client.post("/api/v1/auth/refresh")
    assert resp.status_code == 200, resp.text
    second = resp.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["refresh_token"] in _set_cookie(resp)
    gw.problem(await gw.refresh(first["refresh_token"]), 401, "refresh_token_reused")


async def test_logout_with_the_cookie_revokes_the_login_and_clears_the_cookie(gw):
    pair = await gw.login()
    resp = await gw.client.post("/api/v1/auth/logout")
    assert resp.status_code == 204
    assert 'max-age=0' in _set_cookie(resp).lower()
    gw.problem(await gw.refresh(pair["refresh_token"]), 401, "refresh_token_revoked")
    gw.problem(await gw.client.post("/api/v1/auth/refresh"), 401, "refresh_token_invalid")
