"""Gateway settings (``TUIJIN_GATEWAY_*``)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from tuijin.kernel.settings import AppSettings


class GatewaySettings(AppSettings):
    admin_username: str = Field("admin", description="the first admin, created at start-up if none exists")
    admin_password: SecretStr | None = Field(None, description="its password; no default is ever built in")
    cors_origins: list[str] = Field(default_factory=list, description="front-end origins allowed by CORS")
    login_max_failures: int = Field(5, description="failed logins per account within the window")
    login_max_failures_per_ip: int = Field(30, description="failed logins per client address within the window")
    login_window_seconds: int = 900
    openapi_cache_seconds: float = 60.0
    view_deadline_seconds: float = Field(
        3.0, gt=0, description="a composed view (dossier, dashboard, to-dos) answers within this, with what it got"
    )
