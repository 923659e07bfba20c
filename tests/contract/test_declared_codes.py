"""The errors are true (issue 14, item 1): every problem ``code`` an operation's handler can raise is declared on
that operation in the gateway's merged OpenAPI document, machine-readably (``x-problem-codes`` on the problem answer
of its status, and the answer's ``code`` narrowed to them).

What a handler can raise is read from the source (:mod:`tests.contract.codes`): the endpoint, its dependencies and
whatever they call in our code, not what the route says about itself. The kernel's routes (health, admin, enums,
calendar, events) and the gateway's own are checked as one area, each service's own routes as another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI

from tests.contract.apps import declared_codes, merged_document, routes_of
from tests.contract.codes import CodeWalker
from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, RoleRequired, ensure_region, require_roles
from tuijin.kernel.errors import Conflict, NotFound, ProblemError, invalid_field, problem_responses, raises
from tuijin.kernel.headers import api_routes, document_headers
from tuijin.kernel.openapi import document_problems, ensure_problem_schema, problems_reached
from tuijin.kernel.scope import ensure_visible
from tuijin.kernel.settings import APPS

WALKER = CodeWalker()


def _kernel_route(route: Any) -> bool:
    return route.endpoint.__module__.startswith("tuijin.kernel.")


def undeclared(walker: CodeWalker, routes: Iterable[tuple[Any, str, dict[str, Any]]]) -> dict[str, dict[str, str]]:
    """``"METHOD /path"`` → {code raised but not declared: where it is raised}, for the operations that have any."""
    out: dict[str, dict[str, str]] = {}
    for route, method, op in routes:
        raised = walker.route_codes(route)
        missing = {code: raised[code] for code in sorted(set(raised) - declared_codes(op))}
        if missing:
            out[f"{method} {route.path_format}"] = missing
    return out


def _cases() -> list[Any]:
    cases = [pytest.param("kernel", id="kernel routes of every app")]
    for app in APPS:
        cases.append(pytest.param(app, id=app))
    return cases


@pytest.mark.parametrize("area", _cases())
def test_every_code_a_handler_can_raise_is_declared_on_its_operation(area):
    if area == "kernel":
        routes = [r for app in APPS for r in routes_of(app) if _kernel_route(r[0])]
    else:
        routes = [r for r in routes_of(area) if not _kernel_route(r[0])]
    assert routes, "the walk found no route: it would pass by checking nothing"

    missing = undeclared(WALKER, routes)

    assert not missing, "codes raised but not declared on the operation (list the typed problem in the route's " \
                        "responses=problem_responses(...), or mark the dependency with @raises(...)):\n" + \
                        "\n".join(f"  {op}: {codes}" for op, codes in missing.items())


# ---------------------------------------------------------------- the walk finds what it must


def _codes(app: str, method: str, path: str) -> set[str]:
    route = next(r for r, m, _ in routes_of(app) if m == method and r.path_format == path)
    return set(WALKER.route_codes(route))


def test_the_walk_follows_dependencies_kernel_helpers_and_code_parameters():
    """Through ``require_roles`` (a closure), ``get_principal`` and ``TokenCodec`` (an annotated local), a helper
    that takes the code as a parameter (``ensure_visible(..., "user_not_found")``) and a kernel helper raising a
    typed problem (``ensure_region``)."""
    assert {"role_required", "not_authenticated", "token_expired", "token_invalid", "control_character",
            "user_not_found"} <= _codes("gateway", "GET", "/api/v1/users/{user_id}")
    assert {"region_forbidden", "region_required", "region_not_found"} <= _codes("gateway", "GET", "/api/v1/dashboard")
    assert {"refresh_token_reused", "account_disabled"} <= _codes("gateway", "POST", "/api/v1/auth/refresh")
    assert "login_rate_limited" in _codes("gateway", "POST", "/api/v1/auth/token")  # a helper returning the problem


def test_every_operation_names_its_codes_machine_readably_with_the_code_narrowed():
    doc = merged_document()
    users = doc["paths"]["/api/v1/users/{user_id}"]["patch"]["responses"]

    assert users["404"]["x-problem-codes"] == ["user_not_found"]
    forbidden = ["region_forbidden", "role_not_grantable", "role_required", "self_lockout"]
    assert users["403"]["x-problem-codes"] == forbidden
    assert set(users["401"]["x-problem-codes"]) == {"not_authenticated", "token_expired", "token_invalid"}
    assert {"if_match_required"} == set(users["428"]["x-problem-codes"])
    assert {"stale_etag", "precondition_failed"} == set(users["412"]["x-problem-codes"])
    assert {"validation_failed", "control_character", "idempotency_key_reused"} <= set(users["422"]["x-problem-codes"])
    assert {"integrity_error", "idempotency_in_progress"} <= set(users["409"]["x-problem-codes"])
    schema = users["403"]["content"]["application/problem+json"]["schema"]
    assert schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}
    assert schema["allOf"][1]["properties"]["code"]["enum"] == forbidden
    assert "role_required" in users["403"]["description"]
    dashboard = doc["paths"]["/api/v1/dashboard"]["get"]["responses"]  # a status both declare: merged, not skipped
    assert dashboard["422"]["x-problem-codes"] == [
        "control_character", "path_invalid", "path_too_long", "region_required", "validation_failed"]
    forwarded = doc["paths"]["/api/v1/calendar/days"]["get"]["responses"]
    assert forwarded["503"]["x-problem-codes"] == ["upstream_unavailable"]
    assert forwarded["400"]["x-problem-codes"] == ["invalid_range"]


# ---------------------------------------------------------------- the check can fail

router = APIRouter(prefix="/api/v1/widgets")


class WidgetNotFound(NotFound):
    code = "widget_not_found"


class WidgetLocked(Conflict):
    code = "widget_locked"


class WidgetTaken(Conflict):
    code = "widget_taken"


class WidgetStale(Conflict):
    code = "widget_stale"


class Widgets:
    """A repository whose method raises: reached through a parameter annotated with it."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def claim(self, name: str) -> None:
        if name in self.names:
            raise WidgetTaken("Taken.")
        self._check(name)

    def _check(self, name: str) -> None:
        if name == "locked":
            raise WidgetLocked("Locked.")


@raises(WidgetNotFound)
async def visible_widget(widget_id: str, principal: CurrentPrincipal) -> str:
    ensure_visible(principal, None, "No such widget.", WidgetNotFound.code)
    return widget_id


def _refuse(field: str) -> ProblemError:
    return invalid_field(field, "Not a widget name.", "widget_name_invalid")


@router.get("/{widget_id}", responses=problem_responses(WidgetNotFound))
async def get_widget(widget: Annotated[str, Depends(visible_widget)]) -> str:
    """Declares what it raises (its dependency's problem, by ``@raises``)."""
    return widget


@router.post("/{widget_id}/claim", responses=problem_responses(WidgetNotFound))
async def claim_widget(widget: Annotated[str, Depends(visible_widget)], principal: CurrentPrincipal,
                       _: Annotated[Any, Depends(require_roles("unit"))]) -> str:
    """Raises through a repository, a helper and a kernel check, and declares none of it (what it catches whole
    does not count)."""
    try:
        raise WidgetStale("Caught right here.")
    except ProblemError:
        pass
    widgets = Widgets()
    widgets.claim(widget)
    if not widget:
        raise _refuse("path.widget_id")
    ensure_region(principal, "410324")
    return widget


def _tiny_app() -> tuple[FastAPI, dict[str, Any]]:
    app = FastAPI()
    app.include_router(router)
    doc = app.openapi()
    ensure_problem_schema(doc)
    document_problems(doc)
    document_headers(app.routes, doc)
    return app, doc


def test_a_raise_the_route_does_not_declare_fails_the_check():
    app, doc = _tiny_app()
    walker = CodeWalker(roots=("tuijin.", __name__))
    routes = [(r, m, doc["paths"][r.path_format][m.lower()]) for r in api_routes(app.routes) for m in r.methods]

    missing = undeclared(walker, routes)

    assert missing == {"POST /api/v1/widgets/{widget_id}/claim": {
        "widget_locked": f"{__name__}.Widgets._check",
        "widget_name_invalid": f"{__name__}._refuse",
        "widget_taken": f"{__name__}.Widgets.claim",
        RegionForbidden.code: "tuijin.kernel.auth.ensure_region",  # the kernel follows only our packages' code
    }}
    claim = doc["paths"]["/api/v1/widgets/{widget_id}/claim"]["post"]["responses"]
    assert claim["404"]["x-problem-codes"] == ["widget_not_found"]
    assert claim["403"]["x-problem-codes"] == ["role_required"]  # require_roles is marked @raises: by the kernel


def test_the_kernel_documents_a_marked_helper_wherever_a_route_reaches_it():
    """``ensure_region`` is marked ``@raises(RegionForbidden)``: a route whose code calls it, however deep, documents
    ``region_forbidden`` without listing it; one that does not call it does not."""
    from tuijin.gateway.views import endpoints as views

    assert RegionForbidden in problems_reached([views.get_dashboard])
    assert RegionForbidden not in problems_reached([views.get_todos])
    assert RoleRequired in problems_reached([ensure_office_of])
