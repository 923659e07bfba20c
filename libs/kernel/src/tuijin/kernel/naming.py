"""Names a client generator can use: every operationId is ``<resource>_<action>``, derived in one place.

- The **resource** is what the gateway routes on: the first path segment after ``/api/v1/`` in camelCase
  (``/api/v1/progress-reports/{id}/submit`` → ``progressReports``). The per-app kernel routes name their
  app in the next segment, and so does their resource (``/api/v1/admin/issues/jobs`` → ``issuesAdmin``,
  ``/api/v1/enums/scoring`` → ``scoringEnums``). Every resource belongs to one app, so two apps never
  derive the same id and the gateway's merged document needs no renaming.
- The **action** is the route function's name in camelCase, without the words that repeat the resource
  (``list_projects`` → ``list``, ``get_dossier`` → ``get``, ``create_report`` under ``/projects`` →
  ``createReport``); a function whose name is only the resource takes the method's verb.

A read whose function names what it reads but not that it reads takes a verb (:func:`_read_action`): ``my_sheets``
is ``listMine``, ``region_lights`` ``listByRegion``, ``project_reports`` (an item's children) ``listReports``.

So ``GET /api/v1/projects`` is ``projects_list``, ``POST /api/v1/problems/{id}/escalate`` is
``problems_escalate`` and ``POST /api/v1/auth/token`` is ``auth_login``. A route may still set
``operation_id=`` itself; :func:`check_operation_ids` refuses a document where two operations share one.

Schema names are tidied too (:func:`tidy_schema_names`): a form or file body, which FastAPI calls
``Body_<operationId>``, becomes ``<Resource><Action>Form`` (``AuthLoginForm``), and a page of a list,
``Page_UserOut_`` to pydantic, ``UserOutPage``.
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any

from fastapi.routing import APIRoute

from tuijin.kernel.pagination import Page
from tuijin.kernel.settings import SERVICES

API_PREFIX = "/api/v1/"
APP_NAMED_SEGMENTS = ("admin", "enums")
"""Path segments whose next segment names the app (``/api/v1/admin/<app>/...``)."""
APPS = ("gateway", *SERVICES)
OPERATION_ID = re.compile(r"^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$")
METHOD_VERBS = {"GET": "get", "POST": "create", "PUT": "put", "PATCH": "update", "DELETE": "delete"}
_REF = "#/components/schemas/"
SCOPE_WORDS = frozenset({"region", "project", "unit", "person", "system", "meeting"})
"""Words that, left alone as a read's action (``region_lights``), name what the read is scoped by: ``listByRegion``."""


def _camel(words: list[str]) -> str:
    words = [w.lower() for w in words if w]
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if words else ""


def _singular(word: str) -> str:
    if word == "people":
        return "person"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("series", "ss")) or not word.endswith("s"):
        return word
    return word[:-1]


def resource_of(path: str) -> tuple[str, set[str]]:
    """The resource of ``path`` in camelCase, and the words a function name need not repeat."""
    segments = [s for s in path.removeprefix(API_PREFIX).split("/") if s and not s.startswith("{")]
    if not segments:
        return "root", set()
    first = segments[0]  # outside /api/v1 (/healthz) the same: healthz_get
    if first in APP_NAMED_SEGMENTS and len(segments) > 1 and segments[1] in APPS:
        return _camel([segments[1], first]), {segments[1], first}
    words = [w for w in re.split(r"[^A-Za-z0-9]+", first) if w]
    return _camel(words), {w.lower() for w in words} | {_singular(w.lower()) for w in words}


def _answers_a_list(route: APIRoute) -> bool:
    """Whether the route answers a list or a page (read from its return annotation: FastAPI names a route before it
    sets the route's response model)."""
    try:
        model = inspect.signature(route.endpoint, eval_str=True).return_annotation
    except (NameError, TypeError, ValueError):
        return False
    return typing.get_origin(model) is list or (isinstance(model, type) and issubclass(model, Page))


def _read_action(route: APIRoute, action: list[str]) -> list[str] | None:
    """A clearer action for a read whose function name says what it reads but not that it reads: ``my_sheets`` →
    ``listMine``, ``region_lights`` → ``listByRegion`` (``getByRegion`` for one record), ``project_reports`` under
    ``/projects/{project_id}/progress-reports`` → ``listReports`` (a list of an item's children). None: no rule."""
    if "GET" not in (route.methods or ()) or len(action) != 1:
        return None
    word = action[0].lower()
    segments = [s for s in route.path.removeprefix(API_PREFIX).split("/") if s]
    collection = not segments[-1].startswith("{")
    if word == "my" and collection:
        return ["list", "mine"]
    if word in SCOPE_WORDS:
        return ["list" if collection else "get", "by", word]
    last = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", segments[-1]) if w]
    below_an_item = len(segments) >= 3 and segments[-2].startswith("{")
    plural = word.endswith("s")  # an item's children (reports, lights), not one thing of it (timeline, history)
    if collection and below_an_item and plural and last and word == last[-1] and _answers_a_list(route):
        return ["list", word]
    return None


def operation_id(route: APIRoute) -> str:
    """FastAPI's ``generate_unique_id_function`` for every app: ``<resource>_<action>``."""
    resource, words = resource_of(route.path)
    action = [t for t in route.name.split("_") if t and t.lower() not in words]
    action = _read_action(route, action) or action
    if not action:
        method = sorted(route.methods or {"GET"})[0]
        action = [METHOD_VERBS.get(method, method.lower())]
    return f"{resource}_{_camel(action)}"


def check_operation_ids(schema: dict[str, Any]) -> None:
    """Refuse a document where two operations share an operationId (a generator would drop one)."""
    seen: dict[str, str] = {}
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            where = f"{method.upper()} {path}"
            if op["operationId"] in seen:
                raise ValueError(f"operationId {op['operationId']!r} of {where} is already used by "
                                 f"{seen[op['operationId']]}: name one of the routes differently")
            seen[op["operationId"]] = where


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: (_REF + renames[v[len(_REF):]] if k == "$ref" and isinstance(v, str) and v.startswith(_REF)
                    and v[len(_REF):] in renames else _rename_refs(v, renames)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_refs(v, renames) for v in node]
    return node


def _tidy(name: str) -> str | None:
    """The readable name of one of FastAPI's or pydantic's made-up schema names, or None to keep ``name``."""
    if name.startswith("Body_"):  # a form or file body: Body_auth_login → AuthLoginForm
        return "".join(part[:1].upper() + part[1:] for part in name.removeprefix("Body_").split("_")) + "Form"
    generic = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)_([A-Za-z][A-Za-z0-9]*)_", name)
    if generic:  # a generic model: Page_UserOut_ (Page[UserOut]) → UserOutPage
        return generic[2] + generic[1]
    return None


def tidy_schema_names(schema: dict[str, Any]) -> None:
    """Rename the schemas FastAPI and pydantic name for a generator to mangle: ``Body_<operationId>`` (a
    form or file body) becomes ``<Resource><Action>Form`` (``AuthLoginForm``), ``Page_UserOut_`` (a generic
    model) ``UserOutPage``; the title says the same name, every reference follows."""
    schemas = schema.get("components", {}).get("schemas", {})
    renames: dict[str, str] = {}
    for name in list(schemas):
        new = _tidy(name)
        if new is None:
            continue
        if new in schemas or new in renames.values():
            raise ValueError(f"cannot rename schema {name} to {new}: the name is taken")
        renames[name] = new
    if not renames:
        return
    tidied = {}
    for name, body in schemas.items():
        if name in renames:
            body = {**body, "title": renames[name]}
        tidied[renames.get(name, name)] = body
    schema["paths"] = _rename_refs(schema.get("paths", {}), renames)
    schema["components"]["schemas"] = _rename_refs(tidied, renames)
