"""Gateway settings (``TUIJIN_GATEWAY_*``)."""

from __future__ import annotations

import ipaddress
import json
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from tuijin.kernel.settings import AppSettings


class GatewaySettings(AppSettings):
    admin_username: str = Field("admin", description="the first admin, created at start-up if none exists")
    admin_password: SecretStr | None = Field(None, description="its password; no default is ever built in")
    cors_origins: list[str] = Field(default_factory=list, description="front-end origins allowed by CORS")
    login_max_failures: int = Field(
        5, ge=1, description="failed logins per account from one client address before that address must wait")
    login_max_failures_per_account: int = Field(
        100, ge=1, description="failed logins per account from every address before addresses without a recent "
                               "successful login to it must wait (a delay, never a lock)")
    login_max_failures_per_ip: int = Field(
        30, ge=1, description="failed logins from one client address, any account, before it must wait")
    login_backoff_base_seconds: int = Field(
        30, ge=1, description="the first wait past the free failures; each further failure doubles it")
    login_backoff_max_seconds: int = Field(
        900, ge=1, description="the longest wait of one address (for one account, or for all accounts)")
    login_account_backoff_max_seconds: int = Field(
        120, ge=1, description="the longest wait an account's failures from every address impose")
    login_window_seconds: int = Field(
        900, ge=1, description="failures are forgotten after this many quiet seconds once the wait is over")
    login_known_address_days: int = Field(
        30, ge=0, description="an address that logged in to an account within this many days is not held back "
                              "by that account's failures from other addresses")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed "
                    "(comma-separated); empty: the client address is the connection's peer")
    openapi_cache_seconds: float = 60.0
    view_deadline_seconds: float = Field(
        3.0, gt=0, description="a composed view (dossier, dashboard, to-dos) answers within this, with what it got"
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):  # "10.0.0.1, 10.1.0.0/16" or a JSON list
            value = json.loads(value) if value.strip().startswith("[") else [
                v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # raises ValueError on a bad entry
        return value
