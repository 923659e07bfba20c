"""``GET /api/v1/enums``: every labelled enum of the platform in one answer, for a front end's pickers and labels.

Names are always ``<app>.<Enum>`` (``registry.Stage``, ``issues.ProblemLevel``, ``gateway.Role``): two services
may use one enum name for different value sets (``issues.ProblemLevel`` has four levels, ``meetings.ProblemLevel``
the two that go to a meeting; ``registry.PeriodKind`` is 月报/周报, ``scoring.PeriodKind`` 月度…年度), and a name
that took a prefix only on a clash would change the day another service adds an enum of the same name."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, ValidationError

from tuijin.kernel.auth import ROLE_LABELS, Role
from tuijin.kernel.enums import EnumOption, LabeledEnum, enum_catalog
from tuijin.kernel.errors import ProblemError
from tuijin.kernel.outbox import OUTBOX_STATUS_LABELS, OutboxStatus
from tuijin.kernel.settings import SERVICES

GATEWAY_APP = "gateway"


class AccountAction(LabeledEnum):
    """What a change of an account was, on its audit record (账号变更记录)."""

    created = ("created", "创建账号")
    updated = ("updated", "修改账号")
    roles_changed = ("roles_changed", "变更角色")
    disabled = ("disabled", "停用账号")
    enabled = ("enabled", "启用账号")
    password_reset = ("password_reset", "重置密码")
    password_changed = ("password_changed", "修改密码")
    session_revoked = ("session_revoked", "注销一个登录")
    sessions_revoked = ("sessions_revoked", "注销全部登录")
ENUMS_DEADLINE_SECONDS = 3.0


def gateway_enum_catalog() -> dict[str, Any]:
    """The gateway's own labelled enums: the roles of an account (without ``service``, no account holds it)
    and the statuses of an outbox event (``GET /api/v1/admin/<service>/outbox?status=``)."""
    return enum_catalog([AccountAction], {
        "Role": {k.value: v for k, v in ROLE_LABELS.items() if k is not Role.service},
        "OutboxStatus": {s.value: OUTBOX_STATUS_LABELS[s.value] for s in OutboxStatus},
    })


class MissingEnums(BaseModel):
    """An app whose enums are not in the answer (它的枚举暂缺), and why."""

    app: str = Field(description="the service that did not answer", examples=["scoring"])
    reason: str = Field(description="unavailable: the service is down or failing; deadline_exceeded: no answer "
                                    "in time; error: it answered with something else", examples=["unavailable"])
    detail: str = Field("", examples=["The scoring service is unavailable."])


class EnumCatalog(BaseModel):
    """Every labelled enum, keyed ``<app>.<Enum>``, each as its values with their zh-CN labels."""

    enums: dict[str, list[EnumOption]] = Field(
        description="``<app>.<Enum>`` → its values in order, each with its zh-CN label (a map: one key per enum)",
        examples=[{"gateway.Role": [{"value": "admin", "label": "系统管理员"},
                                    {"value": "office", "label": "重点项目办公室"}],
                   "registry.Stage": [{"value": "reserve", "label": "储备"}]}],
    )
    missing: list[MissingEnums] = Field(
        description="apps whose enums are absent because they did not answer; empty when the answer is complete")
    complete: bool = Field(description="every app's enums are in the answer")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ProblemError):
        return "deadline_exceeded" if exc.status == 504 else "unavailable" if exc.status >= 500 else "error"
    return "deadline_exceeded" if isinstance(exc, TimeoutError) else "error"


def _options(body: Any) -> dict[str, list[EnumOption]]:
    if not isinstance(body, dict):
        raise ValueError("not a map of enums")
    return {name: [EnumOption.model_validate(v) for v in values] for name, values in body.items()}


router = APIRouter(prefix="/api/v1/enums", tags=["enums"])


@router.get(
    "",
    summary="Every labelled enum, merged (所有枚举及中文标签)",
    description=(
        "The labelled enums of the gateway and of every service in one answer, for pickers and for showing a "
        "stored value to a person. Names are always `<app>.<Enum>` (`gateway.Role`, `gateway.OutboxStatus`, "
        "`registry.Stage`, `issues.ProblemLevel`, …), never shortened: different services use one enum name for "
        "different value sets (`issues.ProblemLevel` ≠ `meetings.ProblemLevel`, `registry.PeriodKind` ≠ "
        "`scoring.PeriodKind`), and a name never changes when another service adds an enum. Each value carries "
        "its zh-CN `label`. The same enums, per app and unprefixed, are at `GET /api/v1/enums/<app>`.\n\n"
        "A service that does not answer (down, failing or slower than 3 s) leaves its enums out and is listed "
        "in `missing`, with `complete: false`; the rest, the gateway's own always included, is still answered "
        "(200), as the composed views do: a front end keeps the labels it got and asks again later. No token "
        "is needed."
    ),
    response_description="the enums, and the apps that did not answer",
)
async def merged_enums(request: Request) -> EnumCatalog:
    upstreams = request.app.state.upstreams

    async def fetch(app: str) -> dict[str, list[EnumOption]]:
        body = await upstreams.get_json(app, f"/api/v1/enums/{app}", deadline=ENUMS_DEADLINE_SECONDS, retries=1)
        return _options(body)

    results = await asyncio.gather(*(fetch(app) for app in SERVICES), return_exceptions=True)
    enums: dict[str, list[EnumOption]] = {
        f"{GATEWAY_APP}.{name}": [EnumOption.model_validate(v) for v in values]
        for name, values in gateway_enum_catalog().items()
    }
    missing: list[MissingEnums] = []
    for app, result in zip(SERVICES, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, ProblemError | ValidationError | ValueError | TimeoutError):
                raise result
            detail = result.detail or result.code if isinstance(result, ProblemError) else type(result).__name__
            missing.append(MissingEnums(app=app, reason=_reason(result), detail=detail))
            continue
        enums.update({f"{app}.{name}": values for name, values in result.items()})
    return EnumCatalog(enums=enums, missing=missing, complete=not missing)
