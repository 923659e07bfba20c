"""Write var/.env on the first run: a fresh token secret, the first admin's password and the demo
accounts' password. Nothing secret is ever built into the code; delete the file to start over."""

from __future__ import annotations

import os
import secrets
import string
import sys
from pathlib import Path


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


def _add_missing(target: Path) -> None:
    """Add the provincial platform's secrets and allowed address to a file written before they existed."""
    text = target.read_text()
    if "TUIJIN_PROVINCE_410324_TOKEN=" not in text:
        text += ("" if text.endswith("\n") else "\n") + _province_lines()
        target.write_text(text)
        print(f"added the demo provincial platform's secrets to {target}")
    if "TUIJIN_PROVINCE_ALLOWED_HOSTS=" not in text:
        target.write_text(text + ("" if text.endswith("\n") else "\n") + _allowed_hosts_line())
        print(f"allowed the demo provincial platform's address in {target}")


def main(path: str) -> None:
    target = Path(path)
    if target.exists():
        _add_missing(target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# written by make run on the first run; keep it private\n"
        f"TUIJIN_JWT_SECRET={secrets.token_urlsafe(48)}\n"
        "TUIJIN_GATEWAY_ADMIN_USERNAME=admin\n"
        f"TUIJIN_GATEWAY_ADMIN_PASSWORD={readable_password()}\n"
        f"TUIJIN_DEMO_PASSWORD={readable_password()}\n"
        "TUIJIN_VAR_DIR=var\n"
        + _province_lines()
        + _allowed_hosts_line()
    )
    target.chmod(0o600)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/.env")
