"""Identity: JWT access tokens (EdDSA, one key pair per app) verified by every service, the caller's
:class:`Principal`, helpers for role and region/unit scoping, and service-to-service tokens."""

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
from pydantic import SecretStr
from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.clock import utcnow
from tuijin.kernel.errors import (
    Forbidden,
    NotAuthenticated,
    TokenExpired,
    TokenInvalid,
    raises,
)
from tuijin.kernel.keys import PUBLIC_KEYS_VAR, load_private_key, parse_public_keys, private_key_var
from tuijin.kernel.settings import AppSettings, CommonSettings


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
ALGORITHM = "EdDSA"
GATEWAY = "gateway"
"""The one app whose key signs user tokens; every other app's key signs only its own service tokens."""


def service_claims(service: str) -> dict[str, Any]:
    """The identity claims of ``service``'s own token."""
    return {"sub": f"service:{service}", "roles": [Role.service.value], "typ": "access"}


def _is_own_service_token(claims: dict[str, Any], app: str) -> bool:
    return (claims.get("sub") == f"service:{app}" and claims.get("roles") == [Role.service.value]
            and claims.get("typ", "access") == "access")


class TokenCodec:
    """Signs with one app's Ed25519 private key; verifies with every app's public key, chosen by the
    token header's ``kid`` (the signing app's name).

    The gateway's key signs user tokens of any role; a service's key signs only that service's own token
    (sub ``service:<name>``, roles ``["service"]``), and a token signed with a service's key that claims
    anything else is refused, so a service, or a leaked service configuration, cannot mint a user's or an
    admin's token. Only EdDSA is accepted (no HMAC, no ``alg=none``). The gateway, the public door, takes
    no service token at all (``accept_service_tokens``): services call each other directly, so a service
    token presented there comes from outside."""

    def __init__(self, common: CommonSettings, *, name: str, private_key: str | SecretStr,
                 accept_service_tokens: bool = True) -> None:
        var = private_key_var(name)
        text = private_key.get_secret_value() if isinstance(private_key, SecretStr) else private_key
        if not text.strip():
            raise RuntimeError(f"{var} must be set to {name}'s token signing key "
                               "(make run writes one to var/.env; python -m tuijin.kernel.keys makes a set)")
        try:
            self._key = load_private_key(text)
        except ValueError as exc:
            raise RuntimeError(f"{var} is not an Ed25519 private key: {exc}") from None
        if not common.jwt_public_keys.strip():
            raise RuntimeError(f"{PUBLIC_KEYS_VAR} must list every app's public token key "
                               "(make run writes it to var/.env; python -m tuijin.kernel.keys makes a set)")
        try:
            self._public_keys = parse_public_keys(common.jwt_public_keys)
        except ValueError as exc:
            raise RuntimeError(f"{PUBLIC_KEYS_VAR} is malformed: {exc}") from None
        if GATEWAY not in self._public_keys:
            raise RuntimeError(f"{PUBLIC_KEYS_VAR} has no key of the gateway (gateway:<b64>), which signs user tokens")
        own = self._public_keys.get(name)
        if own is None or own.public_bytes_raw() != self._key.public_key().public_bytes_raw():
            raise RuntimeError(f"{PUBLIC_KEYS_VAR} has no key of {name} matching {var}")
        self.name = name
        self.accept_service_tokens = accept_service_tokens
        self.issuer = common.jwt_issuer
        self.audience = common.jwt_audience
        self.settings = common
        # a token's signature, issuer and audience never change: each token is checked once (a failure is not
        # remembered), its lifetime on every use against the Tuijin clock
        self._verified = functools.lru_cache(maxsize=VERIFIED_TOKENS_CACHED)(self._verify)
        self._service_token: tuple[str, float, float] | None = None

    @classmethod
    def for_app(cls, settings: AppSettings) -> TokenCodec:
        """The codec of the app ``settings`` belong to (RuntimeError naming the variable that is missing)."""
        return cls(settings.common, name=settings.name, private_key=settings.jwt_private_key,
                   accept_service_tokens=settings.name != GATEWAY)

    def encode(self, claims: dict[str, Any], ttl: timedelta) -> str:
        """A token with ``claims`` signed with this app's key (a service's key signs only its own token)."""
        if self.name != GATEWAY and not _is_own_service_token(claims, self.name):
            raise ValueError(f"the {self.name} key signs only service:{self.name} tokens")
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
        return jwt.encode(payload, self._key, algorithm=ALGORITHM, headers={"kid": self.name})

    def _verify(self, token: str) -> dict[str, Any]:
        invalid = TokenInvalid("The access token is not valid.")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise invalid from exc
        kid = header.get("kid")
        if header.get("alg") != ALGORITHM or not isinstance(kid, str) or kid not in self._public_keys:
            raise invalid
        try:
            claims = jwt.decode(
                token,
                self._public_keys[kid],
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"], "verify_exp": False, "verify_nbf": False,
                         "verify_iat": False},
            )
        except jwt.PyJWTError as exc:
            raise invalid from exc
        if kid != GATEWAY and not _is_own_service_token(claims, kid):
            raise invalid
        return claims

    def decode(self, token: str) -> dict[str, Any]:
        """Verify signature, issuer, audience and lifetime; lifetime against the Tuijin clock."""
        claims = dict(self._verified(token))
        now = utcnow().timestamp()
        if not isinstance(claims["exp"], int | float) or now >= claims["exp"]:
            raise TokenExpired("The access token has expired.")
        if now < claims.get("nbf", 0):
            raise TokenInvalid("The access token is not valid yet.")
        return claims

    def principal(self, token: str) -> Principal:
        claims = self.decode(token)
        if claims.get("typ", "access") != "access":
            raise TokenInvalid("A refresh token cannot be used as an access token.")
        principal = principal_from_claims(claims)
        if principal.is_service and not self.accept_service_tokens:
            raise TokenInvalid("A service token is not accepted here.")
        return principal

    def service_token(self, service: str | None = None) -> str:
        """A short-lived token this app presents to another as ``service:<its name>`` (naming another
        service is a ValueError: no key signs for someone else).

        One token serves every call for the first half of its lifetime, so that the receivers verify its
        signature once (their cache) instead of a new token on every call."""
        if service is not None and service != self.name:
            raise ValueError(f"the {self.name} key signs only service:{self.name} tokens, not service:{service}")
        now = utcnow().timestamp()
        if self._service_token is not None:
            token, minted, renew_at = self._service_token
            if minted <= now < renew_at:  # not when the Tuijin clock was set back or moved on
                return token
        ttl = self.settings.service_token_ttl_seconds
        token = self.encode(service_claims(self.name), timedelta(seconds=ttl))
        self._service_token = (token, now, now + ttl / 2)
        return token


def _uuid(value: Any) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise TokenInvalid("The access token carries a malformed id.") from exc


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


@raises(NotAuthenticated, TokenInvalid, TokenExpired)
async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller; 401 problem when the token is missing, expired or forged."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("A bearer access token is required.")
    codec: TokenCodec = request.app.state.tokens
    principal = codec.principal(credentials.credentials)
    request.state.principal = principal
    return principal


@raises(TokenInvalid, TokenExpired)
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

    @raises(RoleRequired)
    async def _check(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*roles):
            raise RoleRequired(f"This action needs one of the roles: {', '.join(roles)}.")
        return principal

    return _check


class RoleRequired(Forbidden):
    """The caller's role may not take this step (e.g. only the office manages the project list)."""

    code = "role_required"


class UnitForbidden(Forbidden):
    """The record belongs to a unit other than the caller's."""

    code = "unit_forbidden"


class RegionForbidden(Forbidden):
    """The record belongs to a region the caller does not run."""

    code = "region_forbidden"


@raises(RegionForbidden)
def ensure_region(principal: Principal, region_code: str) -> None:
    """Refuse a caller outside ``region_code`` (an office runs its own region only)."""
    if not principal.can_see_region(region_code):
        raise RegionForbidden("This record belongs to another region.")


@raises(UnitForbidden)
def ensure_unit(principal: Principal, unit_ids: set[uuid.UUID] | list[uuid.UUID]) -> None:
    """Refuse a unit-role caller whose unit is not among ``unit_ids`` (office, admin, services pass)."""
    if principal.has_any(Role.office, Role.supervisor):
        return
    if principal.unit_id is None or principal.unit_id not in set(unit_ids):
        raise UnitForbidden("This record belongs to another unit.")
