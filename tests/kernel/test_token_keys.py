"""Tokens are signed with one Ed25519 key pair per app (EdDSA), never with a shared secret.

The gateway's private key signs user tokens of any role; a service's private key signs only that service's
own token (sub ``service:<name>``, roles ``["service"]``). Every app verifies with the public key the token
header's ``kid`` names, and refuses anything else a service's key signed, any algorithm but EdDSA (HMAC with
a public key as its secret, ``alg=none``) and a missing or unknown kid. So neither a service nor a leaked
service configuration can make a user's or an admin's token; and the gateway, the public door, takes no
service token at all."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr

from tuijin.kernel import cli
from tuijin.kernel.auth import TokenCodec
from tuijin.kernel.clock import clock, utcnow
from tuijin.kernel.errors import ProblemError
from tuijin.kernel.keys import (
    PUBLIC_KEYS_VAR,
    generate_private_key,
    load_private_key,
    new_key_set,
    parse_public_keys,
    private_key_var,
    public_key_text,
)
from tuijin.kernel.settings import APPS, SERVICES, load_settings

REGION = "410324"


def admin_path(app: str) -> str:
    """An admin-only read every app answers itself (200 for an admin, 403 for an office)."""
    return f"/api/v1/admin/{app}/clock"


def claims(sub: str, roles: list[str], **extra: Any) -> dict[str, Any]:
    now = int(utcnow().timestamp())
    return {"iss": "tuijin", "aud": "tuijin", "iat": now, "nbf": now - 5, "exp": now + 600,
            "jti": uuid.uuid4().hex, "sub": sub, "roles": roles, "typ": "access", **extra}


def eddsa(private_key: str, kid: str | None, body: dict[str, Any]) -> str:
    """``body`` signed with ``private_key`` (EdDSA) under ``kid`` (none when None)."""
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(body, load_private_key(private_key), algorithm="EdDSA", headers=headers)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def handmade(header: dict[str, Any], body: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    """A JWT built by hand (PyJWT refuses to make these: HMAC with a public key, ``alg=none``)."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(body).encode())}".encode()
    return f"{signing_input.decode()}.{_b64(sign(signing_input))}"


def hs256(secret: bytes, kid: str | None, body: dict[str, Any]) -> str:
    header = {"alg": "HS256", "typ": "JWT", **({"kid": kid} if kid is not None else {})}
    return handmade(header, body, lambda data: hmac.new(secret, data, hashlib.sha256).digest())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def key_of(stack: Any, app: str) -> str:
    """``app``'s private key as its own settings carry it (what a leaked configuration of it gives away)."""
    return stack.apps[app].state.settings.jwt_private_key.get_secret_value()


async def refused_everywhere(stack: Any, token: str) -> list[str]:
    """Where ``token`` was not refused with 401 token_invalid: each app reached directly, and each service
    through the gateway (which must not forward it)."""
    wrong = []
    for app in APPS:
        resp = await stack.client(app).get(admin_path(app), headers=bearer(token))
        if (resp.status_code, resp.json().get("code")) != (401, "token_invalid"):
            wrong.append(f"{app} directly: {resp.status_code} {resp.text[:80]}")
    for service in SERVICES:
        before = stack.transports[service].requests
        resp = await stack.client("gateway").get(admin_path(service), headers=bearer(token))
        if (resp.status_code, resp.json().get("code")) != (401, "token_invalid"):
            wrong.append(f"{service} through the gateway: {resp.status_code} {resp.text[:80]}")
        if stack.transports[service].requests != before:
            wrong.append(f"the gateway forwarded it to {service}")
    return wrong


# ---------------------------------------------------------------- through the apps


async def test_an_admin_token_signed_with_the_gateways_key_is_accepted_everywhere(stack):
    """The control for the refusals below: the admin paths answer a real admin token."""
    token = stack.token("admin")
    for app in APPS:
        assert (await stack.client(app).get(admin_path(app), headers=bearer(token))).status_code == 200
    for service in SERVICES:
        assert (await stack.client("gateway").get(admin_path(service), headers=bearer(token))).status_code == 200


def service_forgeries(service: str) -> dict[str, dict[str, Any]]:
    other = next(s for s in SERVICES if s != service)
    return {
        "an admin user": claims("user:mallory", ["admin"]),
        "an office of the county": claims("user:mallory", ["office"], region=REGION),
        "a user holding the service role": claims("user:mallory", ["service"]),
        "itself with the admin role besides": claims(f"service:{service}", ["service", "admin"]),
        "itself with the admin role instead": claims(f"service:{service}", ["admin"]),
        "itself without roles": claims(f"service:{service}", []),
        "another service": claims(f"service:{other}", ["service"]),
        "the gateway's service": claims("service:gateway", ["service"]),
        "its own token as a refresh token": claims(f"service:{service}", ["service"], typ="refresh"),
    }


@pytest.mark.parametrize("service", SERVICES)
async def test_a_services_key_cannot_make_a_user_or_admin_token_for_any_app(stack, service):
    """With a service's private key (a leaked configuration), every token but that service's own one is
    refused by every app with 401 token_invalid, and the gateway forwards none of them."""
    key = key_of(stack, service)
    wrong = {}
    for label, body in service_forgeries(service).items():
        where = await refused_everywhere(stack, eddsa(key, service, body))
        if where:
            wrong[label] = where
    assert wrong == {}


async def test_a_service_token_signed_with_another_services_key_is_refused(stack):
    """registry's service token is good only signed with registry's key under kid registry: with the issues
    key under kid registry (bad signature) or under kid issues (not issues' own token) it is refused."""
    body = claims("service:registry", ["service"])
    assert (await stack.client("scoring").get(admin_path("scoring"),
                                              headers=bearer(eddsa(key_of(stack, "registry"), "registry", body)))
            ).status_code == 200
    for kid in ("registry", "issues"):
        token = eddsa(key_of(stack, "issues"), kid, body)
        for app in SERVICES:
            resp = await stack.client(app).get(admin_path(app), headers=bearer(token))
            assert (resp.status_code, resp.json()["code"]) == (401, "token_invalid"), (kid, app, resp.text)


async def test_the_gateway_takes_no_service_token_not_even_a_valid_one(stack):
    """Services call each other directly; a service token at the public door comes from outside (a leaked
    service key) and is refused there, while the service it names accepts it directly."""
    for app in APPS:
        token = stack.apps[app].state.tokens.service_token()
        if app != "gateway":
            assert (await stack.client(app).get(admin_path(app), headers=bearer(token))).status_code == 200
        before = {s: t.requests for s, t in stack.transports.items()}
        for path in [admin_path("gateway"), "/api/v1/auth/me", *(admin_path(s) for s in SERVICES)]:
            resp = await stack.client("gateway").get(path, headers=bearer(token))
            assert (resp.status_code, resp.json()["code"]) == (401, "token_invalid"), (app, path, resp.text)
        assert {s: t.requests for s, t in stack.transports.items() if s != "gateway"} == {
            s: n for s, n in before.items() if s != "gateway"}


def _confusions(stack: Any) -> dict[str, str]:
    """Tokens of an admin that an HMAC or unsigned verifier would take."""
    admin = claims("user:mallory", ["admin"])
    gateway_public = load_private_key(key_of(stack, "gateway")).public_key()
    raw = gateway_public.public_bytes_raw()
    pem = gateway_public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    line = stack.apps["gateway"].state.settings.common.jwt_public_keys
    return {
        "HS256 with the gateway's raw public key": hs256(raw, "gateway", admin),
        "HS256 with the gateway's public key text": hs256(public_key_text(key_of(stack, "gateway")).encode(),
                                                          "gateway", admin),
        "HS256 with the gateway's public key PEM": hs256(pem, "gateway", admin),
        "HS256 with the public keys line": hs256(line.encode(), "gateway", admin),
        "HS256 with the public keys line, no kid": hs256(line.encode(), None, admin),
        "HS256 with an old shared secret": hs256(b"test-secret-" + b"x" * 40, None, admin),
        "alg none under the gateway's kid": handmade({"alg": "none", "kid": "gateway"}, admin, lambda _: b""),
        "alg None under the gateway's kid": handmade({"alg": "None", "kid": "gateway"}, admin, lambda _: b""),
        "EdDSA by the gateway's key without kid": eddsa(key_of(stack, "gateway"), None, admin),
        "EdDSA by the gateway's key under an unknown kid": eddsa(key_of(stack, "gateway"), "province", admin),
        "EdDSA by the gateway's key under an empty kid": eddsa(key_of(stack, "gateway"), "", admin),
        "EdDSA by the gateway's key under kid GATEWAY": eddsa(key_of(stack, "gateway"), "GATEWAY", admin),
        "EdDSA by another key under the gateway's kid": eddsa(generate_private_key(), "gateway", admin),
    }


async def test_hmac_unsigned_and_unnamed_tokens_are_refused_everywhere(stack):
    """Only EdDSA under a known kid is accepted: HMAC with a public key as its secret (the classic algorithm
    confusion), ``alg=none``, a missing, unknown or differently spelt kid are all 401 token_invalid."""
    wrong = {}
    for label, token in _confusions(stack).items():
        where = await refused_everywhere(stack, token)
        if where:
            wrong[label] = where
    assert wrong == {}


async def test_a_kid_that_is_not_a_name_is_refused(stack):
    admin = claims("user:mallory", ["admin"])
    for kid in (["gateway"], {"gateway": 1}, 1, None):
        header = {"alg": "EdDSA", "typ": "JWT", "kid": kid}
        token = handmade(header, admin, load_private_key(key_of(stack, "gateway")).sign)
        resp = await stack.client("registry").get(admin_path("registry"), headers=bearer(token))
        assert (resp.status_code, resp.json()["code"]) == (401, "token_invalid"), (kid, resp.text)
    # the same hand-made token under the gateway's kid passes: the refusals above are the kid's
    token = handmade({"alg": "EdDSA", "typ": "JWT", "kid": "gateway"}, admin,
                     load_private_key(key_of(stack, "gateway")).sign)
    assert (await stack.client("registry").get(admin_path("registry"), headers=bearer(token))).status_code == 200


def test_a_running_service_can_sign_only_its_own_service_token(stack):
    registry = stack.apps["registry"].state.tokens
    with pytest.raises(ValueError, match="signs only service:registry"):
        registry.encode({"sub": "user:mallory", "roles": ["admin"], "typ": "access"}, timedelta(minutes=5))
    with pytest.raises(ValueError, match="signs only service:registry"):
        registry.service_token("issues")
    assert registry.principal(registry.service_token()).sub == "service:registry"


# ---------------------------------------------------------------- settings and keys


@pytest.fixture
def all_keys_in_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Every key of a fresh set in the environment, as make run's var/.env gives them to every process."""
    keys = new_key_set()
    for var, value in keys.items():
        monkeypatch.setenv(var, value)
    return keys


@pytest.mark.parametrize("service", SERVICES)
def test_a_services_settings_carry_its_own_private_key_and_no_other(all_keys_in_env, service):
    settings = load_settings(service)

    assert settings.jwt_private_key.get_secret_value() == all_keys_in_env[private_key_var(service)]
    values = [*settings.model_dump().values(), *settings.common.model_dump().values()]
    texts = [v.get_secret_value() if isinstance(v, SecretStr) else str(v) for v in values]
    for app in APPS:
        if app != service:
            assert not any(all_keys_in_env[private_key_var(app)] in t for t in texts), app


def test_the_gateways_key_signs_user_tokens_the_services_verify_them(all_keys_in_env):
    gateway = TokenCodec.for_app(load_settings("gateway"))
    registry = TokenCodec.for_app(load_settings("registry"))
    token = gateway.encode({"sub": "user:alice", "roles": ["office"], "region": REGION, "typ": "access"},
                           timedelta(minutes=5))

    assert registry.principal(token).roles == {"office"}
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": "gateway", "typ": "JWT"}
    assert TokenCodec.for_app(load_settings("issues")).principal(registry.service_token()).sub == "service:registry"


def test_a_verified_token_is_checked_once_and_its_lifetime_on_every_use(all_keys_in_env):
    codec = TokenCodec.for_app(load_settings("registry"))
    token = TokenCodec.for_app(load_settings("gateway")).encode({"sub": "user:a", "roles": []}, timedelta(minutes=5))

    codec.decode(token)
    codec.decode(token)

    assert codec._verified.cache_info().hits == 1


def test_a_service_reuses_its_token_for_half_its_lifetime_so_a_receiver_verifies_it_once(all_keys_in_env):
    registry = TokenCodec.for_app(load_settings("registry"))
    issues = TokenCodec.for_app(load_settings("issues"))
    first = registry.service_token()

    issues.principal(first)
    issues.principal(registry.service_token())
    assert registry.service_token() == first
    assert issues._verified.cache_info().hits == 1

    clock.advance(timedelta(seconds=registry.settings.service_token_ttl_seconds / 2))
    renewed = registry.service_token()
    assert renewed != first
    assert issues.principal(renewed).sub == "service:registry"
    clock.set(utcnow() - timedelta(days=1))  # a rehearsal sets the clock back: the token is not valid yet then
    assert registry.service_token() != renewed
    assert issues.principal(registry.service_token()).sub == "service:registry"


@pytest.mark.parametrize(("unset", "named"), [
    (private_key_var("registry"), private_key_var("registry")),
    (PUBLIC_KEYS_VAR, PUBLIC_KEYS_VAR),
])
def test_serve_refuses_to_start_without_a_key_and_names_the_variable(all_keys_in_env, monkeypatch, capsys,
                                                                     unset, named):
    import uvicorn

    monkeypatch.delenv(unset)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("served without its token keys"))

    assert cli.run_cli("registry", ["serve"]) == 2
    assert named in capsys.readouterr().err


def test_an_app_with_a_key_that_is_not_its_own_public_key_does_not_start(all_keys_in_env, monkeypatch):
    monkeypatch.setenv(private_key_var("registry"), all_keys_in_env[private_key_var("issues")])
    with pytest.raises(RuntimeError, match=f"no key of registry matching {private_key_var('registry')}"):
        TokenCodec.for_app(load_settings("registry"))


@pytest.mark.parametrize(("line", "message"), [
    ("", "must list every app's public token key"),
    ("registry:AAAA", "the key of registry"),
    ("province:" + "A" * 43, "does not start with an app name"),
    ("registry:" + "A" * 43, "no key of the gateway"),
])
def test_malformed_public_keys_stop_the_app_with_a_message(all_keys_in_env, monkeypatch, line, message):
    monkeypatch.setenv(PUBLIC_KEYS_VAR, line)
    with pytest.raises(RuntimeError, match=message):
        TokenCodec.for_app(load_settings("registry"))


def test_a_malformed_private_key_stops_the_app_naming_the_variable(all_keys_in_env, monkeypatch):
    monkeypatch.setenv(private_key_var("gateway"), "not-a-key")
    with pytest.raises(RuntimeError, match=f"{private_key_var('gateway')} is not an Ed25519 private key"):
        TokenCodec.for_app(load_settings("gateway"))


def test_a_key_set_is_one_line_per_value_and_each_public_key_matches_its_private_key():
    keys = new_key_set()
    assert set(keys) == {PUBLIC_KEYS_VAR, *(private_key_var(app) for app in APPS)}
    assert all("\n" not in value and " " not in value for value in keys.values())
    public = parse_public_keys(keys[PUBLIC_KEYS_VAR])
    for app in APPS:
        assert public[app].public_bytes_raw() == load_private_key(keys[private_key_var(app)]).public_key(
        ).public_bytes_raw()


def test_keygen_prints_a_usable_key_set(capsys):
    from tuijin.kernel.keys import main

    assert main([]) == 0
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert set(lines) == {PUBLIC_KEYS_VAR, *(private_key_var(app) for app in APPS)}
    assert set(parse_public_keys(lines[PUBLIC_KEYS_VAR])) == set(APPS)


def test_a_refused_token_is_a_401_problem_not_a_crash(all_keys_in_env):
    codec = TokenCodec.for_app(load_settings("registry"))
    for token in ("", "a.b", "a.b.c", "e30.e30.", hs256(b"x", "gateway", claims("u", ["admin"]))):
        with pytest.raises(ProblemError) as caught:
            codec.principal(token)
        assert (caught.value.status, caught.value.code) == (401, "token_invalid")
