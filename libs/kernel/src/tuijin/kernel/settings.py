"""Settings from environment variables, with safe defaults for the embedded (SQLite) mode.

Two layers: ``TUIJIN_*`` variables shared by every app (the apps' public token keys, peers' URLs, clock
control), and ``TUIJIN_<APP>_*`` variables of one app (its database, host, port and private token key).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tuijin.kernel.storage import StorageSettings

APPS = ("registry", "issues", "meetings", "scoring", "gateway")
SERVICES = ("registry", "issues", "meetings", "scoring")
DEFAULT_PORTS = {"gateway": 8000, "registry": 8001, "issues": 8002, "meetings": 8003, "scoring": 8004}


class CommonSettings(BaseSettings):
    """Settings every app reads (prefix ``TUIJIN_``)."""

    model_config = SettingsConfigDict(env_prefix="TUIJIN_", extra="ignore")

    environment: str = Field("development", description="development | test | production")
    var_dir: Path = Field(Path("var"), description="where the embedded SQLite files live")
    jwt_public_keys: str = Field(
        "", description="every app's Ed25519 public key, 'gateway:<b64>,registry:<b64>,...' (tokens are verified "
        "with the key their header's kid names; see tuijin.kernel.keys)"
    )
    jwt_issuer: str = "tuijin"
    jwt_audience: str = "tuijin"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 14 * 24 * 3600
    service_token_ttl_seconds: int = 300
    clock_control: bool = Field(False, description="allow admins to set the clock (tests, rehearsals)")
    log_json: bool = False
    log_level: str = "INFO"
    background_jobs: bool = Field(True, description="run the periodic job loop inside the process")
    sql_count: bool = Field(False, description="count SQL statements per request into X-SQL-Statements (benchmark)")
    registry_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['registry']}"
    issues_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['issues']}"
    meetings_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['meetings']}"
    scoring_url: str = f"http://127.0.0.1:{DEFAULT_PORTS['scoring']}"
    upstream_connect_timeout: float = 1.0
    upstream_read_timeout: float = 15.0
    upstream_pool_size: int = 100
    outbox_max_attempts: int = 12
    outbox_backoff_base_seconds: float = 2.0
    outbox_backoff_max_seconds: float = 900.0
    max_body_bytes: int = Field(10 * 1024 * 1024, ge=1, description="largest request body (413 above it)")
    max_upload_bytes: int = Field(
        11 * 1024 * 1024, ge=1, description="largest request body on an upload route (the 一览表 import: a 10 MB file)"
    )
    max_attachment_bytes: int = Field(
        10 * 1024 * 1024, ge=1, description="largest photo or document attached to a record (413 above it)"
    )
    storage: StorageSettings = Field(
        default_factory=StorageSettings, description="where uploaded files are kept (TUIJIN_STORAGE_*)"
    )
    idempotency_wait_seconds: float = Field(
        10.0, description="how long a request waits for a concurrent one with the same Idempotency-Key to finish"
    )

    def url_of(self, app: str) -> str:
        return getattr(self, f"{app}_url").rstrip("/")


class AppSettings(BaseSettings):
    """Settings of one app (prefix ``TUIJIN_<APP>_``)."""

    model_config = SettingsConfigDict(extra="ignore")

    name: str
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 0
    db_pool_size: int = 10
    db_echo: bool = False
    jwt_private_key: SecretStr = Field(
        SecretStr(""), description="this app's Ed25519 private key (base64url of 32 bytes): the gateway's signs "
        "user tokens, a service's only its own service tokens"
    )
    common: CommonSettings = Field(default_factory=CommonSettings)

    @model_validator(mode="after")
    def _default_port(self) -> AppSettings:
        if not self.port:
            self.port = DEFAULT_PORTS.get(self.name, 0)
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        path = (self.common.var_dir / f"{self.name}.sqlite3").resolve()
        return f"sqlite+aiosqlite:///{path}"


def load_settings(name: str, settings_cls: type[AppSettings] = AppSettings, **overrides) -> AppSettings:
    """Read one app's settings from ``TUIJIN_<NAME>_*``; ``overrides`` win (used by tests)."""
    if name not in APPS:
        raise ValueError(f"unknown app {name!r}")
    cls = type(
        f"{name.title()}Settings",
        (settings_cls,),
        {"model_config": SettingsConfigDict(env_prefix=f"TUIJIN_{name.upper()}_", extra="ignore")},
    )
    return cls(name=name, **overrides)
