"""Errors as ``application/problem+json`` (RFC 9457) with a stable machine ``code``.

Domain code raises a :class:`ProblemError` subclass; the handlers installed by
:func:`install_error_handlers` turn it, validation failures, unknown routes and wrong methods into a
problem document. An unhandled exception becomes a bare 500 problem: no stack trace reaches a client.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from tuijin.kernel.context import request_id_var
from tuijin.kernel.messages import (
    app_messages,
    chinese_field_message,
    label_for,
    message_for,
    validation_message,
)

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("tuijin.errors")


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str = Field(description="dotted path to the field, e.g. body.total_investment")
    label: str | None = Field(None, description="the field's Chinese label where one exists, e.g. 总投资(万元)")
    message: str = Field(description="what is wrong with the field, in Chinese where the rule has a Chinese text")
    type: str = Field(description="machine type of the failure, e.g. missing, decimal_parsing")


class Problem(BaseModel):
    """RFC 9457 problem details, with Tuijin's stable ``code`` and per-field ``errors``."""

    type: str = "about:blank"
    title: str
    status: int
    code: str = Field(description="stable machine code, e.g. not_found, validation_failed")
    message: str = Field(
        description="always present: a zh-CN sentence a front end shows to the user as it is, chosen by `code` "
                    "(`title` and `detail` are for operators and may be English)",
        examples=["该记录已被他人修改，请刷新后重试。"],
    )
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    """Base of every error a client may see. Subclasses set ``status`` and ``code``."""

    status: int = 400
    code: str = "bad_request"
    title: str | None = None

    def __init__(self, detail: str | None = None, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        if code:
            self.code = code
        self.extra = extra
        self.headers: dict[str, str] = {}

    def to_problem(self, request: Request | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": self.title or HTTPStatus(self.status).phrase,
            "status": self.status,
            "code": self.code,
            "message": message_for(self.code, self.status, app_messages(request.app) if request else None),
        }
        if self.detail:
            body["detail"] = self.detail
        if request is not None:
            body["instance"] = request.url.path
        rid = request_id_var.get()
        if rid:
            body["request_id"] = rid
        body.update(self.extra)  # a ``message`` relayed from another service wins over the lookup
        if isinstance(body.get("errors"), list):
            labels = getattr(request.app.state, "field_labels", None) if request is not None else None
            body["errors"] = [{**e, "label": e.get("label") or label_for(str(e.get("field", "")), labels)}
                              if isinstance(e, dict) else e for e in body["errors"]]
        return body


class BadRequest(ProblemError):
    status, code = 400, "bad_request"


class Unauthorized(ProblemError):
    status, code = 401, "unauthorized"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        super().__init__(detail, **kw)
        self.headers["WWW-Authenticate"] = "Bearer"


class Forbidden(ProblemError):
    status, code = 403, "forbidden"


class NotFound(ProblemError):
    status, code = 404, "not_found"


class Conflict(ProblemError):
    status, code = 409, "conflict"


class PreconditionFailed(ProblemError):
    status, code = 412, "precondition_failed"


class PreconditionRequired(ProblemError):
    status, code = 428, "precondition_required"


class Unprocessable(ProblemError):
    """A well-formed request that breaks a rule (a step not allowed now, a bad reference)."""

    status, code = 422, "unprocessable"


def invalid_field(field: str, message: str, code: str) -> Unprocessable:
    """A 422 problem that names the field at fault (``body.x``, ``query.y``) with its own ``code``."""
    return Unprocessable(message, code=code, errors=[{"field": field, "message": message, "type": code}])


class FieldProblem(Unprocessable):
    """A 422 that names the field at fault; a subclass fixes the ``code``, so a raise site reads
    ``raise InvalidPeriod("month must be 01–12", field="query.period")`` and the route can list the class.
    ``errors`` names the field with the class's code as its ``type`` (and ``message``, else the detail)."""

    code = "invalid_field"

    def __init__(self, detail: str | None = None, *, field: str | None = None, message: str | None = None,
                 **extra: Any) -> None:
        if field is not None:
            extra["errors"] = [{"field": field, "message": message or detail or "", "type": self.code}]
        super().__init__(detail, **extra)


class TooManyRequests(ProblemError):
    status, code = 429, "too_many_requests"

    def __init__(self, detail: str | None = None, *, retry_after: int = 60, **kw: Any) -> None:
        super().__init__(detail, **kw)
        self.headers["Retry-After"] = str(retry_after)


class ServiceUnavailable(ProblemError):
    status, code = 503, "service_unavailable"


class BadGateway(ProblemError):
    status, code = 502, "upstream_failed"


class GatewayTimeout(ProblemError):
    status, code = 504, "upstream_timeout"


class UpstreamUnavailable(ServiceUnavailable):
    """A service behind this one cannot be reached (down, refusing connections)."""

    code = "upstream_unavailable"


# ---------------------------------------------------------------- the kernel's own typed problems
# Raised by the kernel's middleware, dependencies and helpers; the OpenAPI documents them on every operation that
# can answer them (tuijin.kernel.openapi.document_problems), so a route lists only its domain's problems.


class NotAuthenticated(Unauthorized):
    """No bearer token was sent."""

    code = "not_authenticated"


class TokenInvalid(Unauthorized):
    """The token is forged, malformed, of the wrong kind or not valid yet."""

    code = "token_invalid"


class TokenExpired(Unauthorized):
    """The access token's lifetime is over: refresh it."""

    code = "token_expired"


class ValidationFailed(Unprocessable):
    """The request does not match the operation's schema; ``errors`` names each field."""

    code = "validation_failed"


class IntegrityConflict(Conflict):
    """A unique or foreign-key rule refused the write (often a concurrent request that wrote first)."""

    code = "integrity_error"


class StaleData(PreconditionFailed):
    """A concurrent edit committed first (the row's version moved between our read and our write)."""

    code = "precondition_failed"


class CommitFailed(ProblemError):
    status, code = 500, "commit_failed"


class InternalError(ProblemError):
    status, code = 500, "internal_error"


STALE_DETAIL = "该记录已被他人修改，请刷新后重试"
CONFLICT_DETAIL = "该修改与已有数据冲突（可能已被他人同时提交），请刷新后重试"


def stale_data_problem() -> PreconditionFailed:
    """A concurrent edit won the race: the row's version moved between our read and our write (the ORM's
    ``StaleDataError``). The same answer as a stale ``If-Match``: reload and apply the edit again."""
    return StaleData(STALE_DETAIL)


def integrity_problem() -> Conflict:
    """A unique or foreign-key rule refused the write (often a concurrent request that wrote first)."""
    return IntegrityConflict(CONFLICT_DETAIL)


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers)


def field_errors(errors: list[dict[str, Any]] | Any) -> list[dict[str, str]]:
    """Pydantic errors → ``[{field, message, type}]`` with the location joined by dots."""
    out = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append({"field": loc, "message": err.get("msg", ""), "type": err.get("type", "invalid")})
    return out


def chinese_field_errors(request: Request | None, raw: list[dict[str, Any]] | Any,
                         errors: list[dict[str, str]]) -> list[dict[str, Any]]:
    """``errors`` with each field's Chinese ``label`` (the app's label table) and its message in Chinese."""
    labels = getattr(request.app.state, "field_labels", None) if request is not None else None
    out = []
    for err, src in zip(errors, raw, strict=False):
        out.append({"field": err["field"], "label": label_for(err["field"], labels),
                    "message": chinese_field_message(err["message"], err["type"], src.get("ctx")),
                    "type": err["type"]})
    return out


def validation_problem(request: Request | None, errors: list[dict[str, Any]], detail: str) -> dict[str, Any]:
    body = ValidationFailed(detail).to_problem(request)
    body["title"] = "Validation failed"
    body["message"] = validation_message([(e["field"], e.get("label")) for e in errors],
                                         app_messages(request.app) if request else None)
    body["errors"] = errors
    return body


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error class into problem+json."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.to_problem(request), headers=exc.headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = field_errors(exc.errors())
        names = ", ".join(e["field"] for e in errors[:5])
        detail = f"以下字段无效：{names} (invalid fields)"
        if any(not e["message"].isascii() for e in errors[:5]):  # a rule written for the clerk, in Chinese
            detail = "；".join(f"{e['field']}：{e['message']}" for e in errors[:5])
        return problem_response(validation_problem(request, chinese_field_errors(request, exc.errors(), errors),
                                                   detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        code = _STATUS_CODES.get(status, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        if status == 404 and detail == "Not Found":
            detail = f"No route for {request.url.path}"
        if status == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        err = ProblemError(detail, code=code)
        err.status = status
        return problem_response(err.to_problem(request), headers=getattr(exc, "headers", None))

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        log.info("stale_data", path=request.url.path, error=str(exc))
        return problem_response(stale_data_problem().to_problem(request))

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity_error", path=request.url.path, error=str(exc.orig)[:300])
        return problem_response(integrity_problem().to_problem(request))

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        """The 500 problem. Starlette raises the exception on to the server once this answer is sent, and the
        server then closes the connection: ``Connection: close`` says so, or a client's pool (the gateway's)
        would send its next request on a connection being closed and fail it."""
        log.exception("unhandled_error", path=request.url.path, error_type=type(exc).__name__)
        err = InternalError("An unexpected error occurred; it has been logged.")
        return problem_response(err.to_problem(request), headers={"Connection": "close"})


def problem_responses(*errors: type[ProblemError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the problems a route may return: per status, the exact ``code`` values
    (``x-problem-codes``, and the ``code`` property of the answer's schema narrowed to them, so a generated client
    types ``code`` as their union). The kernel adds its own (validation, token, body size...) to these when the
    document is built (:func:`tuijin.kernel.openapi.document_problems`)."""
    from tuijin.kernel.openapi import problem_entry  # here: the openapi module imports this one

    codes: dict[int, set[str]] = {}
    for err in errors:
        codes.setdefault(err.status, set()).add(err.code)
    return {status: problem_entry(status, found) for status, found in sorted(codes.items())}


PROBLEMS_ATTRIBUTE = "__tuijin_problems__"


def raises(*errors: type[ProblemError]) -> Any:
    """Mark a FastAPI dependency with the problems it raises: every operation that depends on it (however deep)
    documents their codes without listing them itself (``@raises(ProjectNotFound)`` on ``visible_project``)."""

    def mark(fn: Any) -> Any:
        setattr(fn, PROBLEMS_ATTRIBUTE, (*getattr(fn, PROBLEMS_ATTRIBUTE, ()), *errors))
        return fn

    return mark
