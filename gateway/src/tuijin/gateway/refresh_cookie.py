"""The refresh token as an httpOnly cookie, for the web console (网页控制台的刷新令牌 Cookie).

Login and refresh answer the token pair in the JSON body as before (scripts and other clients keep using it) and
also set the refresh token in a cookie no script can read (``HttpOnly``), sent only to the auth routes
(``Path=/api/v1/auth``) and only by pages of the gateway's own site (``SameSite=Strict``: another site cannot
make the browser present it, so refresh and logout need no CSRF token). ``Secure`` when the request came over
https. Refresh and logout take the token from the body when one is sent, else from this cookie; logout clears it.
The console keeps the access token in memory only and never stores the refresh token (not in localStorage,
where any script of the page could read it).
"""

from __future__ import annotations

from fastapi import Request, Response

COOKIE = "tuijin_refresh"
COOKIE_PATH = "/api/v1/auth"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def set_refresh_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    response.set_cookie(COOKIE, token, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict",
                        secure=_secure(request))


def clear_refresh_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict", secure=_secure(request))


def refresh_token_of(request: Request, body_token: str | None) -> str | None:
    """The token of the body when sent, else the cookie's."""
    return body_token or request.cookies.get(COOKIE) or None
