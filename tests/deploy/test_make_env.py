"""``make run`` writes var/.env with scripts/make_env.py: fresh token keys for every app, and the same keys
added to a file an older version wrote with the shared token secret (whose line is dropped)."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tuijin.kernel.auth import TokenCodec
from tuijin.kernel.keys import PUBLIC_KEYS_VAR, private_key_var
from tuijin.kernel.settings import APPS, load_settings

ROOT = Path(__file__).resolve().parents[2]


def make_env(path: Path) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_env.py"), str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout


def read_env(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def codecs_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, TokenCodec]:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    return {app: TokenCodec.for_app(load_settings(app)) for app in APPS}


def test_a_new_env_file_holds_a_private_key_per_app_and_their_public_keys(tmp_path, monkeypatch):
    target = tmp_path / "var" / ".env"
    make_env(target)

    env = read_env(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "TUIJIN_JWT_SECRET" not in env
    assert len({env[private_key_var(app)] for app in APPS}) == len(APPS), "two apps share a key"
    codecs = codecs_from(env, monkeypatch)  # every app starts with what the file gives it
    token = codecs["gateway"].encode({"sub": "user:a", "roles": ["office"], "typ": "access"}, timedelta(minutes=1))
    assert all(codec.principal(token).roles == {"office"} for codec in codecs.values())


def test_an_older_env_file_gets_keys_in_place_of_the_shared_secret_and_keeps_the_rest(tmp_path, monkeypatch):
    target = tmp_path / ".env"
    target.write_text("# written by an older make run\nTUIJIN_JWT_SECRET=" + "s" * 64 + "\n"
                      "TUIJIN_GATEWAY_ADMIN_PASSWORD=kept-password\nTUIJIN_PROVINCE_410324_TOKEN=kept-token")

    assert "token keys" in make_env(target)

    env = read_env(target)
    assert "TUIJIN_JWT_SECRET" not in env
    assert env["TUIJIN_GATEWAY_ADMIN_PASSWORD"] == "kept-password"
    assert env["TUIJIN_PROVINCE_410324_TOKEN"] == "kept-token"
    assert PUBLIC_KEYS_VAR in env
    codecs_from(env, monkeypatch)
    before = target.read_text()
    make_env(target)
    assert target.read_text() == before, "a second run changed a complete file"
