"""Process-wide settings of the adapter (``TUIJIN_PROVINCE_*``); per-region settings live in the database,
and secrets are read from the environment or a file at the moment they are used."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tuijin.registry.province.egress import REF_FORM, HostRule, check_ref, parse_rules, secret_file


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

    allowed_hosts: str = Field(
        "",
        description="hosts the registry may call, comma-separated host or host:port (a host alone: the scheme's "
        "default port); *.domain allows names under it that resolve to global addresses only; empty: none",
    )
    secrets_dir: str = Field(
        "", description="folder of secret files: a region's file: references are only read in <dir>/<region_code>/"
    )

    def host_rules(self) -> list[HostRule]:
        return parse_rules(self.allowed_hosts)


@lru_cache
def province_settings() -> ProvinceSettings:
    return ProvinceSettings()


def check_secret_ref(ref: str) -> str:
    """The form of a reference: ``env:NAME`` or ``file:path``, never the secret itself (which names the
    region may use is checked against its region: :func:`tuijin.registry.province.egress.check_ref`)."""
    kind, _, target = ref.partition(":")
    if kind not in ("env", "file") or not target.strip():
        raise ValueError(REF_FORM)
    if kind == "env" and not target.replace("_", "").isalnum():
        raise ValueError("环境变量名只能包含字母、数字和下划线 (letters, digits and underscores only)")
    return ref


def resolve_secret(ref: str, region_code: str, purpose: str) -> str | None:
    """The secret a reference names, or None when the variable or file is missing or empty, or when the
    reference is not one the region may use (a reference stored before the rules is never read)."""
    settings = province_settings()
    try:
        check_ref(ref, region_code, purpose, settings.secrets_dir)
    except ValueError:
        return None
    kind, _, target = ref.partition(":")
    if kind == "env":
        value = os.environ.get(target, "")
    else:
        try:
            value = secret_file(target, region_code, settings.secrets_dir).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
    return value.strip() or None
