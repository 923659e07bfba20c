"""The limited token of a login that must change its password (a reset, a one-time password): with it the
gateway answers 403 ``password_change_required`` to every call but changing the password, reading the account and
logging out, whether the call is the gateway's own or goes on to a service.

The services refuse such a token by themselves too (its ``typ`` is not ``access``: 401 ``token_invalid``); this
guard, in front of the gateway's routes and its proxy, gives the clear answer a front end acts on."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from tuijin.gateway.accounts import PASSWORD_CHANGE_TOKEN
from tuijin.gateway.errors import PasswordChangeRequired
from tuijin.kernel.errors import ProblemError, problem_response

ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("POST", "/api/v1/auth/password"),
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/refresh"),
})


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            text = value.decode("latin-1")
            if text[:7].lower() == "bearer ":
                return text[7:].strip()
    return None


class PasswordChangeGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        token = _bearer(scope)
        if token is not None and (scope["method"], scope["path"].rstrip("/")) not in ALLOWED:
            try:
                claims = scope["app"].state.tokens.decode(token)
            except ProblemError:  # a bad token is answered where it is used, as before
                claims = {}
            if claims.get("typ") == PASSWORD_CHANGE_TOKEN:
                request = Request(scope, receive)
                exc = PasswordChangeRequired("The password was reset: change it (POST /api/v1/auth/password) "
                                             "before anything else.")
                await problem_response(exc.to_problem(request))(scope, receive, send)
                return
        await self.app(scope, receive, send)
