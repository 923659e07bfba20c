"""Request and response bodies of the provincial platform adapter, and the platform's own messages as the
contract defines them (an approval item change, a webhook delivery)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from tuijin.kernel.validation import BusinessDate
from tuijin.registry.projects.schemas import _check_national_code
from tuijin.registry.province.enums import (
    DeliveryStatus,
    LinkStatus,
    PlatformItemStatus,
    SyncChannel,
    SyncOutcome,
    UnitReportKind,
)
from tuijin.registry.province.examples import (
    CONFIG_IN,
    ENTRY,
    EVENT,
    MAPPING,
    NATIONAL_CODE,
    PROJECT_ID,
    REPORT_ID,
    TYPE_ID,
)
from tuijin.registry.province.settings import check_secret_ref

# ---------------------------------------------------------------- what the platform sends


VERSION_MAX = 2**63 - 1  # the versions are BIGINT columns


def _version(value: Any) -> Any:
    """An integer, or a string of decimal digits; not a float, a boolean or a string like "9.0"."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError("a version is an integer, or a string of decimal digits")


class ApprovalItem(BaseModel):
    """An approval item (审批事项) of a project on the platform, at one version."""

    item_id: str = Field(min_length=1, max_length=100, examples=["HN-2026-000123"])
    project_code: str = Field(examples=["2411-410324-48-01-637015"])
    item_code: str = Field(min_length=1, max_length=60, examples=["HN-HB-01"])
    item_name: str = Field("", max_length=200, examples=["建设项目环境影响评价审批"])
    status: PlatformItemStatus
    version: Annotated[int, BeforeValidator(_version)] = Field(
        ge=1,
        le=VERSION_MAX,
        description="Per item, 64-bit (1 to 2^63-1), a higher version supersedes a lower one: a counter or the "
        "change's time in milliseconds, whichever the platform keeps, the same for every item. A JSON number "
        'or a string of decimal digits ("9" is version 9, for platforms that send 64-bit integers as strings).',
    )
    document_number: str = Field("", max_length=100, examples=["栾环审〔2026〕12号"])
    document_date: date | None = None
    department: str = Field("", max_length=200, examples=["洛阳市生态环境局栾川分局"])
    note: str = Field("", max_length=500)
    updated_at: datetime | None = None

    _code = field_validator("project_code")(classmethod(lambda cls, v: _check_national_code(v)))


class ItemEvent(BaseModel):
    """One change of an approval item: the item's new state and an event id."""

    model_config = ConfigDict(json_schema_extra={"examples": [EVENT]})

    event_id: str = Field(min_length=1, max_length=100)
    item: ApprovalItem


class WebhookBody(BaseModel):
    """Events are checked one by one when applied: a malformed one is logged as failed, the others apply."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"events": [EVENT]}]})

    events: list[dict[str, Any]] = Field(min_length=1, max_length=500)


# ---------------------------------------------------------------- configuration


class ConfigIn(BaseModel):
    """A region's link to its provincial platform (admin only; secrets by reference, never their value)."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONFIG_IN]})

    base_url: str = Field(
        pattern=r"^https?://",
        max_length=300,
        examples=["https://tzxm.hnzwfw.gov.cn/tuijin"],
        description="its host must be allowed by an admin in TUIJIN_PROVINCE_ALLOWED_HOSTS",
    )
    enabled: bool = True
    credential_ref: str = Field(
        max_length=300,
        examples=["env:TUIJIN_PROVINCE_410324_TOKEN"],
        description="env:TUIJIN_PROVINCE_<region>_TOKEN, or file: a file in <TUIJIN_PROVINCE_SECRETS_DIR>/<region>/ "
        "(absolute, or a name in that folder), naming the bearer credential",
    )
    webhook_secret_ref: str = Field(
        "",
        max_length=300,
        examples=["env:TUIJIN_PROVINCE_410324_WEBHOOK_SECRET"],
        description="env:TUIJIN_PROVINCE_<region>_WEBHOOK_SECRET, or file: a file in "
        "<TUIJIN_PROVINCE_SECRETS_DIR>/<region>/, naming the webhook HMAC secret",
    )
    timeout_seconds: float = Field(10.0, gt=0, le=120)
    max_retries: int = Field(3, ge=0, le=10)
    backoff_seconds: float = Field(0.5, ge=0, le=60)
    rate_per_second: float = Field(5.0, gt=0, le=1000)
    burst: int = Field(10, ge=1, le=1000)
    page_size: int = Field(100, ge=1, le=1000)

    @field_validator("credential_ref")
    @classmethod
    def _credential(cls, v: str) -> str:
        return check_secret_ref(v)

    @field_validator("webhook_secret_ref")
    @classmethod
    def _webhook(cls, v: str) -> str:
        return check_secret_ref(v) if v else v


class ConfigOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{
            "region_code": "410324",
            **CONFIG_IN,
            "credential_available": True,
            "webhook_secret_available": True,
            "cursor": "c-20261120-000871",
            "last_pulled_at": "2026-11-20T01:31:00Z",
            "last_success_at": "2026-11-20T01:31:00Z",
            "last_error_at": "2026-11-19T22:01:00Z",
            "last_error": "",
            "throttled_until": None,
            "throttled_count": 0,
            "version": 2,
            "updated_at": "2026-11-18T02:00:00Z",
        }]},
    )

    region_code: str
    base_url: str
    enabled: bool
    credential_ref: str
    credential_available: bool = Field(description="whether the named credential is readable (never its value)")
    webhook_secret_ref: str
    webhook_secret_available: bool
    timeout_seconds: float
    max_retries: int
    backoff_seconds: float
    rate_per_second: float
    burst: int
    page_size: int
    cursor: str = ""
    last_pulled_at: datetime | None = Field(None, description="the last pull tried, whatever came of it")
    last_success_at: datetime | None = Field(
        None,
        description="the last pull that read every page; a failed pull does not move it (the lag is now minus this)",
    )
    last_error_at: datetime | None = Field(None, description="the last pull that failed")
    last_error: str = Field("", description="why the last pull failed; empty once a pull succeeded")
    throttled_until: datetime | None = Field(
        None,
        description="the platform answered 429: no pull (scheduled or asked for) before this instant, its Retry-After",
    )
    throttled_count: int = Field(0, description="pulls the platform answered 429, ever")
    version: int
    updated_at: datetime


# ---------------------------------------------------------------- links and mapping


class LinkIn(BaseModel):
    """Link a project of the registry to the platform by its national code (项目代码)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"project_id": PROJECT_ID, "national_code": NATIONAL_CODE}]}
    )

    project_id: uuid.UUID
    national_code: str = Field(examples=["2411-410324-48-01-637015"])

    @field_validator("national_code")
    @classmethod
    def _national(cls, v: str) -> str:
        checked = _check_national_code(v)
        if checked is None:
            raise ValueError("a national project code is required")
        return checked


class LinkOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{
            "id": "0193a5c2-9c01-7b12-8a23-3b4c5d6e7f80",
            "project_id": PROJECT_ID,
            "region_code": "410324",
            "national_code": NATIONAL_CODE,
            "status": "linked",
            "platform_name": "栾川县伊河生态治理工程",
            "verified_at": "2026-11-18T02:10:00Z",
            "linked_by": "office:410324:王建国",
            "created_at": "2026-11-18T02:10:00Z",
        }]},
    )

    id: uuid.UUID
    project_id: uuid.UUID
    region_code: str
    national_code: str
    status: LinkStatus
    platform_name: str
    verified_at: datetime | None
    linked_by: str
    created_at: datetime


class MappingIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"item_code": "HN-HB-01", "item_name": "建设项目环境影响评价审批", "procedure_type_id": TYPE_ID}
    ]})

    item_code: str = Field(min_length=1, max_length=60, examples=["HN-HB-01"])
    item_name: str = Field("", max_length=200, examples=["建设项目环境影响评价审批"])
    procedure_type_id: uuid.UUID


class MappingPatch(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"item_name": "建设项目环境影响评价审批（报告书）", "procedure_type_id": TYPE_ID}
    ]})

    item_name: str | None = Field(None, max_length=200)
    procedure_type_id: uuid.UUID | None = None


class MappingOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [MAPPING]})

    id: uuid.UUID
    region_code: str
    item_code: str
    item_name: str
    procedure_type_id: uuid.UUID
    procedure_code: str
    procedure_name: str


# ---------------------------------------------------------------- sync


class PullResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410324", "received": 12, "applied": 9, "duplicate": 2, "stale": 0, "failed": 1,
        "pages": 1, "cursor": "c-20261120-000871",
    }]})

    region_code: str
    received: int = 0
    applied: int = 0
    duplicate: int = 0
    stale: int = 0
    failed: int = 0
    pages: int = 0
    cursor: str = ""


class SyncEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ENTRY]})

    id: uuid.UUID
    region_code: str
    channel: SyncChannel
    event_id: str
    item_id: str
    item_code: str
    national_code: str
    version: int
    platform_status: str
    outcome: SyncOutcome
    reason: str
    procedure_id: uuid.UUID | None
    received_at: datetime
    replayed_at: datetime | None
    replay_entry_id: uuid.UUID | None
    payload: dict[str, Any]


class WebhookResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"results": [ENTRY]}]})

    results: list[SyncEntryOut]


# ---------------------------------------------------------------- outgoing reports


class UnitReportIn(BaseModel):
    """A suspension (停工) or resumption (复工) of works, reported to the platform."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"kind": "suspension", "report_date": "2026-07-15", "reason": "汛期停工，预计8月上旬复工"}
    ]})

    kind: UnitReportKind = Field(examples=["suspension"])
    report_date: BusinessDate
    reason: str = Field("", max_length=500, examples=["汛期停工"])

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: UnitReportKind) -> UnitReportKind:
        if v not in (UnitReportKind.suspension, UnitReportKind.resumption):
            raise ValueError("start, progress and completion are reported from stage changes and monthly reports")
        return v


class OutboundReportOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{
            "id": REPORT_ID,
            "region_code": "410324",
            "project_id": PROJECT_ID,
            "national_code": NATIONAL_CODE,
            "kind": "suspension",
            "payload": {
                "report_id": REPORT_ID,
                "project_code": NATIONAL_CODE,
                "kind": "suspension",
                "report_date": "2026-07-15",
                "local_project_code": "LC-2026-007",
                "reason": "汛期停工，预计8月上旬复工",
            },
            "status": "pending",
            "attempts": 3,
            "replays": 1,
            "last_attempt_at": "2026-07-15T02:40:00Z",
            "next_attempt_at": "2026-07-15T03:00:00Z",
            "last_error": "",
            "created_at": "2026-07-15T03:00:00Z",
            "delivered_at": None,
        }]},
    )

    id: uuid.UUID = Field(description="also the idempotency key sent to the platform")
    region_code: str
    project_id: uuid.UUID
    national_code: str
    kind: UnitReportKind
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int = Field(description="every attempt made, kept across replays")
    replays: int = Field(0, description="how often an operator put the report back in line")
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime
    last_error: str
    created_at: datetime
    delivered_at: datetime | None
