"""Token signing keys: one Ed25519 key pair per app, each carried as a single-line environment value.

- ``TUIJIN_<APP>_JWT_PRIVATE_KEY``: the app's private key, the base64url text (43 characters, no padding) of
  its 32 raw bytes. Only that app is given it.
- ``TUIJIN_JWT_PUBLIC_KEYS``: every app's public key, ``gateway:<b64>,registry:<b64>,...`` (32 raw bytes each).

Single lines go unchanged through ``var/.env`` (sourced by make and read by honcho), docker compose's
``${VAR}`` substitution and any secret store, where a multi-line PEM would need quoting in each of them.
"""

from __future__ import annotations

import base64
import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tuijin.kernel.settings import APPS

PUBLIC_KEYS_VAR = "TUIJIN_JWT_PUBLIC_KEYS"
_RAW_KEY = re.compile(r"[A-Za-z0-9_-]{43}=?")


def private_key_var(app: str) -> str:
    """The environment variable holding ``app``'s private key."""
    return f"TUIJIN_{app.upper()}_JWT_PRIVATE_KEY"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _raw(text: str) -> bytes:
    text = text.strip()
    if not _RAW_KEY.fullmatch(text):
        raise ValueError("expected the base64url text of 32 bytes (43 characters)")
    return base64.urlsafe_b64decode(text.rstrip("=") + "=")


def generate_private_key() -> str:
    """A fresh private key as its environment value."""
    return _b64(Ed25519PrivateKey.generate().private_bytes_raw())


def load_private_key(text: str) -> Ed25519PrivateKey:
    """The key of an environment value (ValueError when it is not one)."""
    return Ed25519PrivateKey.from_private_bytes(_raw(text))


def public_key_text(private_key: Ed25519PrivateKey | str) -> str:
    """The environment text of the public half of ``private_key``."""
    key = load_private_key(private_key) if isinstance(private_key, str) else private_key
    return _b64(key.public_key().public_bytes_raw())


def parse_public_keys(text: str) -> dict[str, Ed25519PublicKey]:
    """``gateway:<b64>,registry:<b64>,...`` as {app: key}; ValueError naming the entry at fault."""
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        app, sep, value = entry.partition(":")
        app = app.strip()
        if not sep or app not in APPS:
            raise ValueError(f"entry {entry[:20]!r} does not start with an app name ({', '.join(APPS)}) and ':'")
        if app in keys:
            raise ValueError(f"{app} is named twice")
        try:
            keys[app] = Ed25519PublicKey.from_public_bytes(_raw(value))
        except ValueError as exc:
            raise ValueError(f"the key of {app}: {exc}") from None
    return keys


def format_public_keys(public_keys: dict[str, str]) -> str:
    """{app: public key text} as the value of ``TUIJIN_JWT_PUBLIC_KEYS``."""
    return ",".join(f"{app}:{key}" for app, key in public_keys.items())


def new_key_set(apps: tuple[str, ...] = APPS) -> dict[str, str]:
    """Fresh keys for ``apps`` as environment values: each app's private key and the line of public keys."""
    private = {app: generate_private_key() for app in apps}
    env = {private_key_var(app): key for app, key in private.items()}
    env[PUBLIC_KEYS_VAR] = format_public_keys({app: public_key_text(key) for app, key in private.items()})
    return env


def main(argv: list[str] | None = None) -> int:
    """``python -m tuijin.kernel.keys [APP ...]``: print a fresh key set as environment lines."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tuijin.kernel.keys",
        description="Print fresh Ed25519 token keys as environment lines: each app's private key (give it to "
                    f"that app only) and {PUBLIC_KEYS_VAR} (give it to every app).",
    )
    parser.add_argument("apps", nargs="*", metavar="APP",
                        help=f"the apps to make keys for (default all: {' '.join(APPS)})")
    args = parser.parse_args(argv)
    unknown = [app for app in args.apps if app not in APPS]
    if unknown:
        parser.error(f"unknown app {unknown[0]!r} (choose from {', '.join(APPS)})")
    for var, value in new_key_set(tuple(args.apps) or APPS).items():
        print(f"{var}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
