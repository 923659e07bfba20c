"""Write var/.env on the first run: fresh token keys (an Ed25519 private key per app and the line of their
public keys), the first admin's password and the demo accounts' password. Nothing secret is ever built into
the code; delete the file to start over."""

from __future__ import annotations

import os
import secrets
import string
import sys
from pathlib import Path

from tuijin.kernel.keys import PUBLIC_KEYS_VAR, new_key_set


def readable_password(n: int = 14) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _province_lines() -> str:
    """The demo county's credential and webhook secret, shared by the registry and the stand-in platform."""
    return (
        f"TUIJIN_PROVINCE_410324_TOKEN={secrets.token_urlsafe(32)}\n"
        f"TUIJIN_PROVINCE_410324_WEBHOOK_SECRET={secrets.token_urlsafe(32)}\n"
    )


def _allowed_hosts_line() -> str:
    """The registry calls only hosts an admin allowed: the demo allows its stand-in platform's address."""
    return f"TUIJIN_PROVINCE_ALLOWED_HOSTS=127.0.0.1:{os.environ.get('TUIJIN_PROVINCE_STANDIN_PORT', '8009')}\n"


def _key_lines() -> str:
    """Each app's token signing key and every app's public key (make run gives all of them to every process;
    docker-compose.yml gives each container only its own private key)."""
    return "".join(f"{var}={value}\n" for var, value in new_key_set().items())


def _add_missing(target: Path) -> None:
    """Add what a file written by an older version lacks: the provincial platform's secrets and allowed address,
    and token keys in place of the shared token secret (its line is dropped: no app reads it any more)."""
    text = target.read_text()
    if not text.endswith("\n"):
        text += "\n"
    added = []
    if f"{PUBLIC_KEYS_VAR}=" not in text:
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("TUIJIN_JWT_SECRET="))
        text += _key_lines()
        added.append("token keys")
    if "TUIJIN_PROVINCE_410324_TOKEN=" not in text:
        text += _province_lines()
        added.append("the demo provincial platform's secrets")
    if "TUIJIN_PROVINCE_ALLOWED_HOSTS=" not in text:
        text += _allowed_hosts_line()
        added.append("the demo provincial platform's allowed address")
    if added:
        target.write_text(text)
        print(f"added {' and '.join(added)} to {target}")


def main(path: str) -> None:
    target = Path(path)
    if target.exists():
        _add_missing(target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch(mode=0o600)  # private before anything is written to it
    target.chmod(0o600)
    target.write_text(
        "# written by make run on the first run; keep it private\n"
        + _key_lines()
        + "TUIJIN_GATEWAY_ADMIN_USERNAME=admin\n"
        f"TUIJIN_GATEWAY_ADMIN_PASSWORD={readable_password()}\n"
        f"TUIJIN_DEMO_PASSWORD={readable_password()}\n"
        "TUIJIN_VAR_DIR=var\n"
        + _province_lines()
        + _allowed_hosts_line()
    )
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/.env")
