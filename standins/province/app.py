"""A stand-in provincial online approval and supervision platform (投资项目在线审批监管平台) for tests and the
demo. It implements docs/contracts/province-platform.openapi.yaml in memory and is not part of Tuijin's
code path: Tuijin talks to it only over HTTP, exactly as it would to a province's real platform.

Knobs (``POST /standin/knobs`` or environment variables): latency, error rate, forced down, answers lost
after the work is done, duplicate and out-of-order deliveries, calls answered 429 with a Retry-After. Every
error is answered as problem+json (RFC 9457), the 422 of a malformed request included. A ticker can advance
approval items over time and push them, so the demo shows procedures filling in by themselves."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import httpx
from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

ItemStatus = Literal[
    "received", "accepted", "in_progress", "done", "not_approved", "needs_correction", "withdrawn", "returned"
]
STATUS_LABELS = {
    "received": "已收件",
    "accepted": "已受理",
    "in_progress": "办理中",
    "done": "已办结",
    "not_approved": "不予批准",
    "needs_correction": "需补正",
    "withdrawn": "已撤回",
    "returned": "已退回",
}
ReportKind = Literal["start", "progress", "suspension", "resumption", "completion"]

# item code → (name, department, document prefix): the demo province's approval items
ITEMS = {
    "HN-FG-01": ("企业投资项目核准 / 备案", "栾川县发展和改革委员会", "栾发改备"),
    "HN-FG-02": ("政府投资项目可行性研究报告审批", "栾川县发展和改革委员会", "栾发改审"),
    "HN-ZR-01": ("建设项目用地预审与选址意见书", "栾川县自然资源局", "栾自然资预"),
    "HN-HB-01": ("建设项目环境影响评价审批", "洛阳市生态环境局栾川分局", "栾环审"),
    "HN-FG-03": ("固定资产投资项目节能审查", "栾川县发展和改革委员会", "栾发改能审"),
    "HN-LY-01": ("使用林地审核审批", "栾川县林业局", "栾林审"),
    "HN-SL-01": ("生产建设项目水土保持方案审批", "栾川县水利局", "栾水保"),
    "HN-ZJ-01": ("建筑工程施工许可", "栾川县住房和城乡建设局", "栾建施"),
}
NEXT = {
    None: "received",
    "received": "accepted",
    "accepted": "in_progress",
    "needs_correction": "in_progress",
    "in_progress": "done",
}


# ---------------------------------------------------------------- contract messages


class ProjectRecord(BaseModel):
    project_code: str = Field(examples=["2411-410324-48-01-637015"])
    name: str = Field(examples=["伊河栾川段生态治理"])
    region_code: str = Field(examples=["410324"])


class ApprovalItem(BaseModel):
    item_id: str = Field(min_length=1, max_length=100, examples=["HN-2026-000123"])
    project_code: str = Field(pattern=r"^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$", examples=["2411-410324-48-01-637015"])
    item_code: str = Field(min_length=1, max_length=60, examples=["HN-HB-01"])
    item_name: str = Field("", max_length=200, examples=["建设项目环境影响评价审批"])
    status: ItemStatus = Field(description="; ".join(f"{k} {v}" for k, v in STATUS_LABELS.items()))
    version: int = Field(
        ge=1,
        le=2**63 - 1,
        description="per item, 64-bit, strictly increasing (not necessarily by one): an update counter or the change's"
        " time in milliseconds, the same rule for every item; the higher version wins. Tuijin also reads a string of"
        ' decimal digits ("9" is version 9) for platforms that send 64-bit integers as strings.',
    )
    document_number: str = Field("", max_length=100, examples=["栾环审〔2026〕12号"], description="required when done")
    document_date: date | None = Field(None, description="required when done; not in the future")
    department: str = Field("", max_length=200, examples=["洛阳市生态环境局栾川分局"])
    note: str = Field("", max_length=500, description="kept in the procedure's history (a longer note fails the event)")
    updated_at: datetime


class ItemEvent(BaseModel):
    event_id: str = Field(
        min_length=1, max_length=100, examples=["evt-000451"],
        description="unique per change; repeats are the same change",
    )
    item: ApprovalItem


class ChangePage(BaseModel):
    changes: list[ItemEvent]
    next_cursor: str = Field(description="pass back as cursor to read on; opaque")
    has_more: bool


class WebhookBody(BaseModel):
    events: list[ItemEvent]


class UnitReport(BaseModel):
    report_id: str = Field(description="the same as the Idempotency-Key header")
    project_code: str
    kind: ReportKind = Field(description="start 开工; progress 进度; suspension 停工; resumption 复工; completion 竣工")
    report_date: date
    reason: str | None = None
    period: str | None = Field(None, examples=["2026-10"], description=(
        "progress: the month reported; a later progress report for the same month replaces the earlier one"
        " (a monthly report returned to its unit, corrected and submitted again)"))
    investment_completed: str | None = Field(None, examples=["1200.5"], description="万元, as a decimal string")
    funds_in_place: str | None = None
    physical_progress: str | None = None
    physical_percent: str | None = None
    local_project_code: str | None = None


class ReportReceipt(BaseModel):
    report_id: str
    received_at: datetime
    duplicate: bool = False


# ---------------------------------------------------------------- state


@dataclass
class Knobs:
    latency_ms: int = 0
    error_rate: float = 0.0
    down: bool = False
    lose_answers: bool = False  # do the work, then answer 503 (the caller must retry, and be deduplicated)
    duplicates: bool = False  # every change is delivered twice
    out_of_order: bool = False  # pages and pushes come newest first
    throttled: int = 0  # answer that many calls 429 (too many requests) before serving again
    retry_after: str = "30"  # the 429's Retry-After (seconds or an HTTP date; "" sends none)


@dataclass
class Region:
    token: str
    webhook_url: str = ""
    webhook_secret: str = ""


@dataclass
class Store:
    knobs: Knobs = field(default_factory=Knobs)
    regions: dict[str, Region] = field(default_factory=dict)
    projects: dict[str, ProjectRecord] = field(default_factory=dict)
    items: dict[str, ApprovalItem] = field(default_factory=dict)
    feed: list[tuple[int, str, ItemEvent]] = field(default_factory=list)  # (sequence, region, change)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    report_attempts: int = 0
    pushes: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    serial: int = 0

    def change(self, item_id: str, **values: Any) -> ItemEvent:
        """Record a new version of an item (created on first change) and append it to the feed."""
        old = self.items.get(item_id)
        now = datetime.now(UTC)
        if old is None:
            item = ApprovalItem(item_id=item_id, version=1, updated_at=now, **values)
        else:
            item = old.model_copy(update={**values, "version": old.version + 1, "updated_at": now})
        self.items[item_id] = item
        self.seq += 1
        event = ItemEvent(event_id=f"evt-{self.seq:06d}", item=item)
        self.feed.append((self.seq, self.projects[item.project_code].region_code, event))
        return event

    def advance(self, item_id: str, project_code: str, item_code: str, status: str | None = None) -> ItemEvent:
        old = self.items.get(item_id)
        status = status or NEXT.get(old.status if old else None)
        if status is None:
            raise ValueError(f"item {item_id} is {old.status if old else 'new'}; say which status comes next")
        name, department, prefix = ITEMS.get(item_code, (item_code, "", "文"))
        values: dict[str, Any] = {
            "project_code": project_code,
            "item_code": item_code,
            "item_name": name,
            "status": status,
            "department": department,
            "document_number": "",
            "document_date": None,
        }
        if status == "done":
            self.serial += 1
            values["document_number"] = f"{prefix}〔{date.today().year}〕{self.serial}号"
            values["document_date"] = date.today()
        return self.change(item_id, **values)


def _problem(
    status: int, detail: str, code: str, *, errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": code, "status": status, "detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _install_problem_answers(app: FastAPI) -> None:
    """Every error the stand-in answers is problem+json, as the contract asks of a platform: a malformed
    request is a 422 ``request_invalid`` naming each field at fault, any other HTTP error keeps its status."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _field(e["loc"]), "message": e["msg"], "type": e["type"]} for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)[:500]
        return _problem(422, detail, "request_invalid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _problem(exc.status_code, str(exc.detail), code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, _exc: Exception) -> JSONResponse:
        return _problem(500, "The platform failed to answer.", "internal_error")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def create_app(
    store: Store | None = None, *, push_transport: httpx.AsyncBaseTransport | None = None, tick_seconds: float = 0.0
) -> FastAPI:
    """The stand-in app. ``push_transport`` lets tests deliver pushes in process; ``tick_seconds`` > 0
    advances a random open item that often (the demo)."""
    store = store or Store()
    tasks: list[asyncio.Task] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if tick_seconds > 0:
            tasks.append(asyncio.create_task(_ticker(app, tick_seconds)))
        yield
        for t in tasks:
            t.cancel()

    app = FastAPI(
        title="Provincial online approval and supervision platform (投资项目在线审批监管平台): Tuijin contract",
        version="1.0.0",
        description=(
            "What Tuijin expects of a provincial platform. Every call carries `Authorization: Bearer <credential>`;"
            " the credential is issued per region (one county, one credential) and only reads or writes that"
            " region's projects. Item statuses: "
            + "; ".join(f"`{k}` {v}" for k, v in STATUS_LABELS.items())
            + ". Ordering: every approval item carries a 64-bit `version` that grows with each change (a counter or"
            " a millisecond timestamp, not necessarily by one); a consumer"
            " keeps the highest version it applied, so repeated and out-of-order deliveries resolve to the latest"
            " state. Reports from Tuijin carry an `Idempotency-Key` (the report id): the platform keeps the first"
            " and answers a repeat with the same receipt."
        ),
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.push_transport = push_transport
    _install_problem_answers(app)

    @app.middleware("http")
    async def knobs(request: Request, call_next: Any) -> Any:
        if request.url.path.startswith("/standin"):
            return await call_next(request)
        k = store.knobs
        if k.latency_ms:
            await asyncio.sleep(k.latency_ms / 1000)
        if k.down or (k.error_rate and random.random() < k.error_rate):
            return _problem(503, "The platform is under maintenance.", "unavailable")
        if k.throttled > 0:
            k.throttled -= 1
            wait = {"Retry-After": k.retry_after} if k.retry_after else None
            return _problem(429, "Too many requests from this credential.", "too_many_requests", headers=wait)
        response = await call_next(request)
        if k.lose_answers and request.method == "POST":
            return _problem(503, "The answer was lost on the way back.", "unavailable")
        return response

    def region_of(authorization: str | None) -> str | None:
        token = (authorization or "").removeprefix("Bearer ").strip()
        return next((code for code, r in store.regions.items() if token and hmac.compare_digest(r.token, token)), None)

    @app.get(
        "/api/v1/projects/{project_code}",
        response_model=ProjectRecord,
        tags=["projects"],
        summary="Verify a national project code (项目代码)",
        responses={
            401: {"description": "no or unknown credential"},
            404: {"description": "the platform does not know the code, or it is another region's project"},
        },
    )
    async def verify_project(project_code: str, authorization: Annotated[str | None, Header()] = None) -> Any:
        """The project the code names, if it is registered on the platform in the credential's region."""
        region = region_of(authorization)
        if region is None:
            return _problem(401, "Unknown credential.", "unauthorized")
        record = store.projects.get(project_code)
        if record is None or record.region_code != region:
            return _problem(404, f"No project {project_code} in region {region}.", "project_not_found")
        return record

    @app.get(
        "/api/v1/approval-item-changes",
        response_model=ChangePage,
        tags=["approval items"],
        summary="Approval item changes since a cursor",
        responses={
            401: {"description": "no or unknown credential"},
            404: {"description": "a region other than the credential's (404, not 403: nothing is told of it)"},
        },
    )
    async def changes(
        region_code: Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])],
        authorization: Annotated[str | None, Header()] = None,
        cursor: Annotated[
            str | None, Query(description="next_cursor of the previous page; absent: from the start")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        project_code: Annotated[str | None, Query(description="only this project's items")] = None,
    ) -> Any:
        """Changes of the region's approval items after ``cursor``, oldest first, at most ``limit``. Each change
        carries the item's full state at its version."""
        region = region_of(authorization)
        if region is None:
            return _problem(401, "Unknown credential.", "unauthorized")
        if region != region_code:
            return _problem(404, f"No region {region_code} for this credential.", "region_not_found")
        after = int(cursor) if cursor and cursor.isdigit() else 0
        rows = [
            (s, e)
            for s, r, e in store.feed
            if s > after and r == region and (project_code is None or e.item.project_code == project_code)
        ]
        page, more = rows[:limit], len(rows) > limit
        events = [e for _, e in page]
        if store.knobs.duplicates:
            events = [e for e in events for _ in (0, 1)]
        if store.knobs.out_of_order:
            events.reverse()
        return ChangePage(changes=events, next_cursor=str(page[-1][0] if page else after), has_more=more)

    @app.post(
        "/api/v1/projects/{project_code}/unit-reports",
        response_model=ReportReceipt,
        status_code=201,
        tags=["unit reports"],
        summary="Receive a project-unit report (开工/进度/停工/复工/竣工)",
        responses={
            200: {"description": "a repeat of a report already received: the same receipt", "model": ReportReceipt},
            400: {"description": "no Idempotency-Key"},
            401: {"description": "no or unknown credential"},
            404: {"description": "unknown project code, or another region's project"},
        },
    )
    async def unit_report(
        project_code: str,
        body: UnitReport,
        idempotency_key: Annotated[
            str | None,
            Header(description="required: the report id; a repeat is answered 200 with the same receipt, none 400"),
        ] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Any:
        """Keep the report once per Idempotency-Key."""
        store.report_attempts += 1
        region = region_of(authorization)
        if region is None:
            return _problem(401, "Unknown credential.", "unauthorized")
        if not idempotency_key:
            return _problem(400, "Idempotency-Key is required.", "idempotency_key_required")
        record = store.projects.get(project_code)
        if record is None or record.region_code != region:
            return _problem(404, f"No project {project_code} in region {region}.", "project_not_found")
        known = store.reports.get(idempotency_key)
        if known is not None:
            return JSONResponse(
                ReportReceipt(report_id=idempotency_key, received_at=known["received_at"], duplicate=True).model_dump(
                    mode="json"
                ),
                status_code=200,
            )
        received = datetime.now(UTC)
        store.reports[idempotency_key] = {**body.model_dump(mode="json"), "received_at": received}
        return ReportReceipt(report_id=idempotency_key, received_at=received)

    # ------------------------------------------------------------ the stand-in's own controls (not the contract)

    @app.post("/standin/knobs", include_in_schema=False)
    async def set_knobs(values: dict[str, Any]) -> dict[str, Any]:
        for k, v in values.items():
            if hasattr(store.knobs, k):
                setattr(store.knobs, k, v)
        return store.knobs.__dict__

    @app.post("/standin/regions", include_in_schema=False)
    async def add_region(values: dict[str, Any]) -> dict[str, str]:
        store.regions[values["region_code"]] = Region(
            values["token"], values.get("webhook_url", ""), values.get("webhook_secret", "")
        )
        return {"region_code": values["region_code"]}

    @app.post("/standin/projects", include_in_schema=False)
    async def add_project(record: ProjectRecord) -> ProjectRecord:
        store.projects[record.project_code] = record
        return record

    @app.post("/standin/items/{item_id}/advance", include_in_schema=False)
    async def advance(item_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """Move an item on (to ``status`` or the next usual one) and push the change when ``push`` is true."""
        event = store.advance(item_id, values["project_code"], values["item_code"], values.get("status"))
        if values.get("push"):
            await push(app, store.projects[event.item.project_code].region_code, [event])
        return event.model_dump(mode="json")

    @app.get("/standin/reports", include_in_schema=False)
    async def reports() -> dict[str, Any]:
        return {"reports": list(store.reports.values()), "attempts": store.report_attempts}

    return app


async def push(app: FastAPI, region_code: str, events: list[ItemEvent]) -> int | None:
    """POST events to the region's webhook, signed, honouring the duplicate and out-of-order knobs."""
    store: Store = app.state.store
    region = store.regions.get(region_code)
    if region is None or not region.webhook_url or not region.webhook_secret:
        return None
    if store.knobs.duplicates:
        events = [e for e in events for _ in (0, 1)]
    if store.knobs.out_of_order:
        events = list(reversed(events))
    body = json.dumps(WebhookBody(events=events).model_dump(mode="json"), ensure_ascii=False).encode()
    ts = str(int(time.time()))
    headers = {
        "content-type": "application/json",
        "x-province-timestamp": ts,
        "x-province-signature": signature(region.webhook_secret, ts, body),
    }
    try:
        async with httpx.AsyncClient(transport=app.state.push_transport, timeout=10) as client:
            resp = await client.post(region.webhook_url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        store.pushes.append({"events": len(events), "error": str(exc)})
        return None
    store.pushes.append({"events": len(events), "status": resp.status_code})
    return resp.status_code


async def _ticker(app: FastAPI, seconds: float) -> None:
    """Every ``seconds``, move one open item on and push it (the demo's procedures fill in by themselves)."""
    store: Store = app.state.store
    while True:
        await asyncio.sleep(seconds)
        open_items = [i for i in store.items.values() if i.status in NEXT]
        if not open_items:
            continue
        item = random.choice(open_items)
        status = "needs_correction" if item.status == "accepted" and random.random() < 0.2 else None
        event = store.advance(item.item_id, item.project_code, item.item_code, status)
        await push(app, store.projects[item.project_code].region_code, [event])


# ---------------------------------------------------------------- the demo county, as `make run` starts it


DEMO_REGION = "410324"
# the demo county's linked projects (indexes into its 99 projects, see tuijin.registry.province.demo) and
# the items still open for them: planned new starts wait for the EIA and the construction permit,
# preliminary projects for the filing, land pre-review and EIA
DEMO_LINKED = {
    5: ("HN-HB-01", "HN-ZJ-01"),
    6: ("HN-HB-01", "HN-ZJ-01"),
    7: ("HN-HB-01", "HN-ZJ-01"),
    8: ("HN-FG-01", "HN-ZR-01", "HN-HB-01"),
    9: ("HN-FG-01", "HN-ZR-01", "HN-HB-01"),
    15: ("HN-HB-01", "HN-ZJ-01"),
}


def demo_code(i: int, year: int) -> str:
    """The demo county's national code of project ``i`` (the same formula as the registry's demo)."""
    return f"{year % 100:02d}{(i % 12) + 1:02d}-410324-{47 + i % 5:02d}-01-{600000 + i * 37:06d}"


def demo_store(token: str, webhook_url: str, webhook_secret: str) -> Store:
    store = Store()
    store.regions[DEMO_REGION] = Region(token, webhook_url, webhook_secret)
    year = date.today().year
    for i in range(99):
        code = demo_code(i, year)
        store.projects[code] = ProjectRecord(
            project_code=code, name=f"栾川县重点项目（{i + 1:02d}）", region_code=DEMO_REGION
        )
    for i, items in DEMO_LINKED.items():
        code = demo_code(i, year)
        for item_code in items:
            store.advance(f"HN-{year}-{i:03d}-{item_code[3:]}", code, item_code)  # received
    return store


def main() -> None:
    import uvicorn

    env = os.environ
    port = int(env.get("TUIJIN_PROVINCE_STANDIN_PORT", "8009"))
    registry_port = env.get("TUIJIN_REGISTRY_PORT", "8001")
    store = demo_store(
        env.get(f"TUIJIN_PROVINCE_{DEMO_REGION}_TOKEN", ""),
        env.get(
            "TUIJIN_PROVINCE_STANDIN_WEBHOOK_URL",
            f"http://127.0.0.1:{registry_port}/api/v1/province/webhook/{DEMO_REGION}",
        ),
        env.get(f"TUIJIN_PROVINCE_{DEMO_REGION}_WEBHOOK_SECRET", ""),
    )
    store.knobs = Knobs(
        latency_ms=int(env.get("TUIJIN_PROVINCE_STANDIN_LATENCY_MS", "0")),
        error_rate=float(env.get("TUIJIN_PROVINCE_STANDIN_ERROR_RATE", "0")),
        duplicates=env.get("TUIJIN_PROVINCE_STANDIN_DUPLICATES", "") == "1",
        out_of_order=env.get("TUIJIN_PROVINCE_STANDIN_OUT_OF_ORDER", "") == "1",
    )
    app = create_app(store, tick_seconds=float(env.get("TUIJIN_PROVINCE_STANDIN_TICK_SECONDS", "20")))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")


if __name__ == "__main__":
    main()
