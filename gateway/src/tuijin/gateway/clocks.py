"""One clock for rehearsals: ``/api/v1/admin/clock`` reads, sets, advances or resets the clock of every app (the
four services and the gateway) in one call, when ``TUIJIN_CLOCK_CONTROL`` is on.

The order keeps the caller in. A token's lifetime is checked against the clock of the app that receives it, and
the gateway stamps every token it mints (a login, its own service token) with its own clock. So the gateway checks
the admin's token once, on its clock as it stands; the services are moved first, one after the other, each with
the admin's own token, which each checks on its own clock before moving it; the gateway moves last, when no call
is left to make. (Moving the gateway first by 40 days, as one call per app in the wrong order does, expires the
admin's token at the gateway before the services are reached, and would stamp anything the gateway signs 40 days
ahead of the services.) Afterwards the admin logs in again:
the new token is stamped on the new time, which every app now shares.

Before anything moves, every service's clock is read: a service that is down or does not allow clock control stops
the call with nothing moved. If a service still fails while the clocks move, the call stops there with a 502/503/504
problem naming it (``upstream``), listing the apps already moved with their clocks (``moved``) and those not moved
(``not_moved``, the gateway among them), so the operator knows the state."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.admin_routes import ClockAdvance, ClockControlDisabled, ClockSet, ClockState, NaiveInstant
from tuijin.kernel.auth import Principal, Role, require_roles
from tuijin.kernel.clock import clock
from tuijin.kernel.errors import BadGateway, GatewayTimeout, ProblemError, UpstreamUnavailable, problem_responses
from tuijin.kernel.settings import SERVICES

GATEWAY_APP = "gateway"


class AppClock(ClockState):
    """One app's clock after the call."""

    app: str = Field(examples=["registry"])


class AllClocks(BaseModel):
    """Every app's clock: the services in the order they were moved, then the gateway."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"clocks": [
        {"app": app, "now": "2026-10-09T01:00:00Z", "today": "2026-10-09", "is_real": False, "controllable": True}
        for app in (*SERVICES, GATEWAY_APP)]}]})

    clocks: list[AppClock]


class ClockUnavailable(UpstreamUnavailable):
    """A service could not be reached to read or move its clock."""


class ClockMoveFailed(BadGateway):
    """A service answered a clock call with an error."""

    code = "clock_move_failed"


class ClockTimeout(GatewayTimeout):
    """A service did not answer a clock call in time (its clock may or may not have moved)."""


AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]
READ_ERRORS = problem_responses(ClockMoveFailed, ClockUnavailable, ClockTimeout)
ERRORS = problem_responses(ClockControlDisabled, ClockMoveFailed, ClockUnavailable, ClockTimeout)

router = APIRouter(prefix="/api/v1/admin/clock", tags=["admin: clock"])


def _gateway_clock(request: Request) -> AppClock:
    return AppClock(app=GATEWAY_APP, now=clock.now(), today=clock.today(), is_real=clock.is_real,
                    controllable=request.app.state.settings.common.clock_control)


def _require_control(request: Request) -> None:
    if not request.app.state.settings.common.clock_control:
        raise ClockControlDisabled("时钟不可调整（未开启 TUIJIN_CLOCK_CONTROL）。 The clock is not controllable here "
                                   "(TUIJIN_CLOCK_CONTROL is off).", apps=[GATEWAY_APP])


def _caller_token(request: Request) -> str:
    return request.headers["authorization"].split(" ", 1)[1]


async def _call(request: Request, app: str, method: str, path: str = "", body: dict[str, Any] | None = None,
                *, moved: list[AppClock]) -> AppClock:
    """One clock call to ``app`` with the caller's own token, sent once (an advance sent twice moves twice)."""
    upstreams = request.app.state.upstreams
    state = {"moved": [c.model_dump(mode="json") for c in moved],
             "not_moved": [a for a in [*SERVICES, GATEWAY_APP] if a not in {c.app for c in moved}]}
    what = "读取" if method == "GET" else "调整"
    try:
        built = upstreams.client(app).build_request(method, f"/api/v1/admin/{app}/clock{path}", json=body,
                                                    headers=upstreams.headers(_caller_token(request)))
        response = await upstreams.send(app, built)  # within the client's connect and read timeouts
        try:
            await response.aread()
        finally:
            await response.aclose()
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
        raise ClockUnavailable(f"无法连接 {app} 服务，未能{what}其时钟。 The {app} service is unavailable.",
                               upstream=app, **state) from exc
    except httpx.TimeoutException as exc:
        raise ClockTimeout(f"{app} 服务未及时应答，其时钟可能已调整也可能未调整。 The {app} service did not answer "
                           "in time; its clock may or may not have moved.", upstream=app, **state) from exc
    except httpx.TransportError as exc:
        raise ClockMoveFailed(f"{app} 服务应答中断。 The {app} service failed while answering.", upstream=app,
                              **state) from exc
    if response.status_code in (502, 503, 504):
        raise ClockUnavailable(f"{app} 服务暂不可用，未能{what}其时钟。 The {app} service is unavailable.",
                               upstream=app, **state)
    if response.status_code >= 400:
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        raise ClockMoveFailed(
            f"{app} 服务拒绝了时钟{what}（{answer.get('code', response.status_code)}）。 The {app} service refused "
            f"the clock call: {answer.get('detail') or answer.get('code') or response.reason_phrase}",
            upstream=app, upstream_status=response.status_code, upstream_code=answer.get("code"), **state)
    return AppClock(app=app, **response.json())


async def _move_all(request: Request, method: str, path: str, body: dict[str, Any] | None,
                    move_gateway: Any) -> AllClocks:
    _require_control(request)
    # nothing moves unless every service answers and lets its clock be moved
    read = await asyncio.gather(*(_call(request, app, "GET", moved=[]) for app in SERVICES),
                                return_exceptions=True)
    for result in read:
        if isinstance(result, BaseException):
            raise result
    fixed = [c.app for c in read if isinstance(c, AppClock) and not c.controllable]
    if fixed:
        raise ClockControlDisabled(f"这些服务的时钟不可调整：{'、'.join(fixed)}（未开启 TUIJIN_CLOCK_CONTROL），"
                                   f"未调整任何时钟。 Clock control is off on {', '.join(fixed)}; no clock was moved.",
                                   apps=fixed)
    moved: list[AppClock] = []
    for app in SERVICES:  # services first, the gateway last: see the module's docstring
        moved.append(await _call(request, app, method, path, body, moved=moved))
    move_gateway()
    return AllClocks(clocks=[*moved, _gateway_clock(request)])


ORDER_NOTE = (
    "\n\nThe services are moved first, one after the other, with the caller's own token (each checks it on its own "
    "clock before moving), and the gateway last, so the call never expires the token it is made with. Afterwards "
    "log in again: a token is stamped on the gateway's clock, which every app now shares. Every service's clock is "
    "read first: one that is down (503 `upstream_unavailable`) or without clock control (403 "
    "`clock_control_disabled`, naming `apps`) stops the call with nothing moved. A service that fails while the "
    "clocks move stops the call: 502 `clock_move_failed`, 503 `upstream_unavailable` or 504 `upstream_timeout`, "
    "naming it in `upstream`, with `moved` (the apps already moved, with their clocks) and `not_moved`. Only when "
    "`TUIJIN_CLOCK_CONTROL` is on (rehearsals and tests)."
)


@router.get("", summary="Read every app's clock", responses=READ_ERRORS,
            description="The instant and business date of each service and of the gateway, as they stand (a service "
                        "that does not answer is a 503 naming it).")
async def get_clocks(request: Request, _: AdminPrincipal) -> AllClocks:
    read = await asyncio.gather(*(_call(request, app, "GET", moved=[]) for app in SERVICES), return_exceptions=True)
    for result in read:
        if isinstance(result, BaseException):
            if isinstance(result, ProblemError):  # nothing moves here: the state lists are of no use
                result.extra.pop("moved", None)
                result.extra.pop("not_moved", None)
            raise result
    return AllClocks(clocks=[*(c for c in read if isinstance(c, AppClock)), _gateway_clock(request)])


@router.put("", summary="Set every app's clock",
            responses=problem_responses(ClockControlDisabled, ClockMoveFailed, ClockUnavailable, ClockTimeout,
                                        NaiveInstant),
            description="Move every app's clock to one instant (`frozen`: stopped there) in one call." + ORDER_NOTE)
async def set_clocks(body: ClockSet, request: Request, _: AdminPrincipal) -> AllClocks:
    if body.instant.tzinfo is None:
        raise NaiveInstant("时刻须带时区，如 2026-10-09T09:00:00+08:00。 The instant needs a time zone.")
    return await _move_all(request, "PUT", "", body.model_dump(mode="json"),
                           lambda: clock.set(body.instant, frozen=body.frozen))


@router.post("/advance", summary="Advance every app's clock", responses=ERRORS,
             description="Move every app's clock forward (or back, with negative values) by the same amount in one "
                         "call." + ORDER_NOTE)
async def advance_clocks(body: ClockAdvance, request: Request, _: AdminPrincipal) -> AllClocks:
    return await _move_all(request, "POST", "/advance", body.model_dump(mode="json"),
                           lambda: clock.advance(timedelta(days=body.days, seconds=body.seconds)))


@router.delete("", summary="Reset every app's clock to real time", responses=ERRORS,
               description="Every app back to real time in one call." + ORDER_NOTE)
async def reset_clocks(request: Request, _: AdminPrincipal) -> AllClocks:
    return await _move_all(request, "DELETE", "", None, clock.reset)
