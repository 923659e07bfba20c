"""Identity: JWT access tokens verified by every service, the caller's :class:`Principal`, helpers
for role and region/unit scoping, and service-to-service tokens."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import Forbidden, Unauthorized
from tuijin.kernel.settings import CommonSettings


class Role(StrEnum):
    """Roles a user may hold (zh-CN labels in :data:`ROLE_LABELS`)."""

    admin = "admin"
    office = "office"
    leader = "leader"
    unit = "unit"
    supervisor = "supervisor"
    scorer = "scorer"
    viewer = "viewer"
    service = "service"


ROLE_LABELS = {
    Role.admin: "系统管理员",
    Role.office: "重点项目办公室",
    Role.leader: "县级责任领导",
    Role.unit: "责任单位",
    Role.supervisor: "督查",
    Role.scorer: "评分人",
    Role.viewer: "查看",
    Role.service: "服务间调用",
}


@dataclass(frozen=True)
class Principal:
    """Who is calling: claims of a verified token."""

    sub: str
    roles: frozenset[str] = field(default_factory=frozenset)
    user_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    region_code: str | None = None
    username: str | None = None
    token_id: str | None = None

    @property
    def is_service(self) -> bool:
        return Role.service in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.admin in self.roles

    def has_any(self, *roles: str) -> bool:
        return self.is_admin or self.is_service or bool(self.roles.intersection(roles))

    def can_see_region(self, region_code: str) -> bool:
        """Admins and services see every region; others their own region and the ones below it
        (region codes nest: 410000 province ⊃ 410300 prefecture ⊃ 410324 county)."""
        if self.is_admin or self.is_service:
            return True
        if not self.region_code:
            return False
        return region_code == self.region_code or region_within(region_code, self.region_code)


def region_within(code: str, ancestor: str) -> bool:
    """Whether the 6-digit region ``code`` lies within ``ancestor`` (province xx0000, prefecture xxxx00)."""
    if ancestor.endswith("0000"):
        return code[:2] == ancestor[:2]
    if ancestor.endswith("00"):
        return code[:4] == ancestor[:4]
    return code == ancestor


def region_clause(principal: Principal, column: ColumnElement) -> ColumnElement | None:
    """SQL twin of :meth:`Principal.can_see_region`: rows of the caller's region and the regions below it
    (None: no limit, for admins and services)."""
    if principal.is_admin or principal.is_service:
        return None
    code = principal.region_code
    if not code:
        return false()
    if code.endswith("0000"):
        return column.like(code[:2] + "%")
    if code.endswith("00"):
        return column.like(code[:4] + "%")
    return column == code


VERIFIED_TOKENS_CACHED = 4096


class TokenCodec:
    """Signs and verifies Tuijin JWTs with the shared settings."""

    def __init__(self, settings: CommonSettings) -> None:
        secret = settings.jwt_secret.get_secret_value()
        if len(secret) < 32:
            raise RuntimeError(
                "TUIJIN_JWT_SECRET must be set to at least 32 characters (make run writes one to var/.env)"
            )
        self._secret = secret
        self._alg = settings.jwt_algorithm
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.settings = settings
        # a token's signature, issuer and audience never change: each token is checked once (a failure is not
        # remembered), its lifetime on every use against the Tuijin clock
        self._verified = functools.lru_cache(maxsize=VERIFIED_TOKENS_CACHED)(self._verify)

    def encode(self, claims: dict[str, Any], ttl: timedelta) -> str:
        now = utcnow()
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()) - 5,
            "exp": int((now + ttl).timestamp()),
            "jti": uuid.uuid4().hex,
            **claims,
        }
        return jwt.encode(payload, self._secret, algorithm=self._alg)

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                self._secret,
                algorithms=[self._alg],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"], "verify_exp": False, "verify_nbf": False,
                         "verify_iat": False},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is not valid.", code="token_invalid") from exc

    def decode(self, token: str) -> dict[str, Any]:
        """Verify signature, issuer, audience and lifetime; lifetime against the Tuijin clock."""
        claims = dict(self._verified(token))
        now = utcnow().timestamp()
        if not isinstance(claims["exp"], int | float) or now >= claims["exp"]:
            raise Unauthorized("The access token has expired.", code="token_expired")
        if now < claims.get("nbf", 0):
            raise Unauthorized("The access token is not valid yet.", code="token_invalid")
        return claims

    def principal(self, token: str) -> Principal:
        claims = self.decode(token)
        if claims.get("typ", "access") != "access":
            raise Unauthorized("A refresh token cannot be used as an access token.", code="token_invalid")
        return principal_from_claims(claims)

    def service_token(self, service: str) -> str:
        """A short-lived token one service presents to another."""
        return self.encode(
            {"sub": f"service:{service}", "roles": [Role.service.value], "typ": "access"},
            timedelta(seconds=self.settings.service_token_ttl_seconds),
        )


def _uuid(value: Any) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Unauthorized("The access token carries a malformed id.", code="token_invalid") from exc


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    return Principal(
        sub=str(claims["sub"]),
        roles=frozenset(claims.get("roles") or ()),
        user_id=_uuid(claims.get("uid")),
        unit_id=_uuid(claims.get("unit")),
        person_id=_uuid(claims.get("person")),
        region_code=claims.get("region"),
        username=claims.get("name"),
        token_id=claims.get("jti"),
    )


_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller; 401 problem when the token is missing, expired or forged."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("A bearer access token is required.", code="not_authenticated")
    codec: TokenCodec = request.app.state.tokens
    principal = codec.principal(credentials.credentials)
    request.state.principal = principal
    return principal


async def get_optional_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The caller if a token was sent (a bad token is still refused), else None (public views)."""
    if credentials is None:
        return None
    return await get_principal(request, credentials)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_roles(*roles: str):
    """Dependency: the caller holds one of ``roles`` (admins and services always pass)."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden(
                f"This action needs one of the roles: {', '.join(roles)}.", code="role_required"
            )
        return principal

    return _check


def ensure_region(principal: Principal, region_code: str) -> None:
    """Refuse a caller outside ``region_code`` (an office runs its own region only)."""
    if not principal.can_see_region(region_code):
        raise Forbidden("This record belongs to another region.", code="region_forbidden")


def ensure_unit(principal: Principal, unit_ids: set[uuid.UUID] | list[uuid.UUID]) -> None:
    """Refuse a unit-role caller whose unit is not among ``unit_ids`` (office, admin, services pass)."""
    if principal.has_any(Role.office, Role.supervisor):
        return
    if principal.unit_id is None or principal.unit_id not in set(unit_ids):
        raise Forbidden("This record belongs to another unit.", code="unit_forbidden")
