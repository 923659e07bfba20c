"""Signed pushes from the platform: ``X-Province-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">``
under the region's webhook secret, with ``X-Province-Timestamp`` (Unix seconds) within the window. A refused
push changes nothing; an accepted one is applied change by change (:func:`tuijin.registry.province.inbound.receive`)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from tuijin.kernel.clock import utcnow
from tuijin.registry.province.errors import (
    SignatureInvalid,
    SignatureMissing,
    TimestampInvalid,
    TimestampStale,
    WebhookBodyInvalid,
    WebhookNotConfigured,
)
from tuijin.registry.province.models import ProvinceConfig
from tuijin.registry.province.schemas import WebhookBody
from tuijin.registry.province.settings import ProvinceSettings, resolve_secret


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` under the region's webhook secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def check_webhook(
    cfg: ProvinceConfig | None, timestamp: str | None, given: str | None, body: bytes, settings: ProvinceSettings
) -> None:
    """Refuse a push that is not signed with the region's secret or whose timestamp is outside the window."""
    secret = (
        resolve_secret(cfg.webhook_secret_ref, cfg.region_code, "webhook")
        if cfg and cfg.webhook_secret_ref and cfg.enabled
        else None
    )
    if secret is None:
        raise WebhookNotConfigured("The region takes no pushes from the provincial platform.")
    if not timestamp or not given:
        raise SignatureMissing("X-Province-Timestamp and X-Province-Signature are required.")
    try:
        sent = int(timestamp)
    except ValueError:
        raise TimestampInvalid("X-Province-Timestamp is not a Unix time in seconds.") from None
    if abs(utcnow().timestamp() - sent) > settings.webhook_window_seconds:
        raise TimestampStale(f"The timestamp is more than {settings.webhook_window_seconds} s away from now.")
    if not hmac.compare_digest(signature(secret, timestamp, body), given.strip()):
        raise SignatureInvalid("The signature does not match the body.")


def parse_body(body: bytes) -> list[dict[str, Any]]:
    """The events of a signed push (422 ``webhook_body_invalid`` when it is not a list of events)."""
    try:
        return WebhookBody.model_validate(json.loads(body)).events
    except ValueError as exc:
        raise WebhookBodyInvalid(f"The push is not a valid list of events: {str(exc)[:300]}") from None
