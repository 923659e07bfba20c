"""Process-wide settings of the adapter (``TUIJIN_PROVINCE_*``); per-region settings live in the database,
and secrets are read from the environment or a file at the moment they are used."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tuijin.kernel.errors import Conflict


class ProvinceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TUIJIN_PROVINCE_", extra="ignore")

    pull_interval_seconds: float = Field(60.0, description="how often the pull job asks every enabled region")
    deliver_interval_seconds: float = Field(10.0, description="how often due outgoing reports are sent")
    webhook_window_seconds: int = Field(300, description="a pushed event's timestamp must be this close to now")
    deliver_max_attempts: int = Field(20, description="attempts before an outgoing report waits for a replay")
    deliver_backoff_base_seconds: float = 5.0
    deliver_backoff_max_seconds: float = 1800.0
    log_retention_days: int = Field(
        180, ge=1, description="sync-log entries and delivered reports older than this are pruned daily; a failed "
        "entry not yet replayed and a report not yet delivered are kept"
    )


@lru_cache
def province_settings() -> ProvinceSettings:
    return ProvinceSettings()


def check_secret_ref(ref: str) -> str:
    """A reference is ``env:NAME`` or ``file:/absolute/path``; never the secret itself."""
    kind, _, target = ref.partition(":")
    if kind not in ("env", "file") or not target.strip():
        raise ValueError("must be env:VARIABLE_NAME or file:/path/to/secret (the secret itself is never stored)")
    if kind == "env" and not target.replace("_", "").isalnum():
        raise ValueError("an environment variable name has letters, digits and underscores only")
    return ref


def resolve_secret(ref: str) -> str | None:
    """The secret a reference names, or None when the variable or file is missing or empty."""
    kind, _, target = ref.partition(":")
    if kind == "env":
        value = os.environ.get(target, "")
    elif kind == "file":
        try:
            value = Path(target).read_text(encoding="utf-8")
        except OSError:
            return None
    else:
        return None
    return value.strip() or None


def require_secret(ref: str, what: str) -> str:
    secret = resolve_secret(ref) if ref else None
    if secret is None:
        raise Conflict(
            f"The {what} named by {ref or '(none)'} is not available to the registry; set the variable or file.",
            code="province_secret_missing",
        )
    return secret
