"""Typed views: a client generated from the merged OpenAPI gets the real shape of every part of the composed
views (a dossier's lights and problems are ``LightOut`` and ``ProblemOut``, not ``unknown``), each documented
with the very schema the service that sends it declares; nothing in the merged spec is untyped except the
free-form maps listed below with the reason they are free-form."""

from __future__ import annotations

import fnmatch
from typing import Any

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
TYPED = {"type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const", "not"}

# The free-form maps the merged spec may keep: "Component.property" or "METHOD path where" (fnmatch patterns).
FREE_FORM = {
    # a warning light's figures behind its colour: their keys depend on the rule that lit it (start overdue:
    # planned_start_month, months_past; behind the plan: the rates; overdue problems: counts and dates…)
    "LightOut.details",
    "RegionLightOut.details",
    # a problem's step: what that step recorded, one shape per action (answer, escalate, send-down…)
    "ProblemEventOut.details",
    # an agenda item's snapshot of the problem or project it is about, taken when it was put on the agenda
    "AgendaItemOut.details",
    # a scoring run's frozen inputs, as read from the services at computation time (a snapshot per dimension)
    "InputsOut.inputs",
    # a policy's value: each policy (report due rule, light thresholds…) has its own model; its JSON schema is
    # served beside it (PolicyInfo.json_schema) and a PUT is validated against it
    "PolicyInfo.json_schema",
    "PolicyInfo.default",
    "PolicyOut.value",
    "PUT /api/v1/policies/{region_code}/{name} requestBody",
    "PUT /api/v1/issue-policies/{region_code}/{name} requestBody",
    "PUT /api/v1/meeting-policies/{region_code}/{name} requestBody",
    # a region profile's policy value and scheme specs: each policy's (and the scheme body's) own model types them,
    # served in the services' catalogues; the profile shows them as its files hold them
    "PolicyEntry.value",
    "SchemesEntry.schemes",
    # operators only: an event's or outbox row's payload (one shape per event type), a background job's result
    "EventEnvelope.payload",
    "OutboxRow.payload",
    "OutboundReportOut.payload",
    "SyncEntryOut.payload",
    "JobInfo.last_result",
    "POST /api/v1/admin/*/jobs/{name}/run 200",
}

# Each part of a view that carries a service's records → the service route whose answer holds the same records.
# The view's part must be documented with the same component as the route's items.
VIEW_PARTS = {
    ("Dossier", "project"): "/api/v1/projects/{project_id}",
    ("Dossier", "milestones"): "/api/v1/projects/{project_id}/milestones",
    ("Dossier", "procedures"): "/api/v1/projects/{project_id}/procedures",
    ("Dossier", "reports"): "/api/v1/projects/{project_id}/progress-reports",
    ("Dossier", "lights"): "/api/v1/projects/{project_id}/warning-lights",
    ("Dossier", "letters"): "/api/v1/letters",
    ("Dossier", "meetings"): "/api/v1/meetings",
    ("Dossier", "decided_items"): "/api/v1/decided-items",
    ("Dossier", "scores"): "/api/v1/scoring-runs/subject-results",
    ("DossierProblem", "problem"): "/api/v1/problems/{problem_id}",
    ("DossierProblem", "timeline"): "/api/v1/problems/{problem_id}/timeline",
    ("Dashboard", "statistics"): "/api/v1/statistics",
    ("Dashboard", "map_points"): "/api/v1/statistics/map-points",
    ("Dashboard", "problems"): "/api/v1/problems/summary",
    ("Dashboard", "upcoming_meetings"): "/api/v1/meetings",
    ("Dashboard", "overdue_decided_items"): "/api/v1/decided-items",
    ("Dashboard", "overdue_reports"): "/api/v1/progress-reports/overdue",
    ("RankingEnds", "run"): "/api/v1/scoring-runs/{run_id}",
    ("LeaderProject", "project"): "/api/v1/projects",
    ("LeaderProject", "lights"): "/api/v1/warning-lights",
    ("LeaderProject", "open_problems"): "/api/v1/problems",
    ("Todos", "reports_due"): "/api/v1/progress-reports/due",
    ("Todos", "reports_overdue"): "/api/v1/progress-reports/overdue",
    ("Todos", "reports_returned"): "/api/v1/progress-reports",
    ("Todos", "reports_to_verify"): "/api/v1/progress-reports",
    ("Todos", "problems_to_answer"): "/api/v1/problems",
    ("Todos", "problems_to_supply"): "/api/v1/problems",
    ("Todos", "problems_to_close"): "/api/v1/problems",
    ("Todos", "letters_to_reply"): "/api/v1/letters",
    ("Todos", "decided_items_due"): "/api/v1/decided-items",
    ("Todos", "meetings"): "/api/v1/meetings",
    ("Todos", "score_sheets"): "/api/v1/score-sheets",
    ("Todos", "duty_shortfalls"): "/api/v1/regions/{region_code}/duty-shortfalls",
    ("Todos", "interview_candidates"): "/api/v1/interviews/candidates",
    ("Todos", "dispatches_due"): "/api/v1/regions/{region_code}/dispatches-due",
    ("LeaderMeeting", "meeting"): "/api/v1/meetings",
    ("PublicOverview", "projects"): "/api/v1/public/projects",
}


def _free_form(node: Any) -> bool:
    return isinstance(node, dict) and (node.get("additionalProperties") is True or node.get("additionalProperties")
                                        == {})


def _untyped(node: Any) -> bool:
    return isinstance(node, dict) and not (TYPED & set(node))


def untyped_parts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name, schema in doc["components"]["schemas"].items():
        for where, what in _walk_component(name, schema):
            found.append((where, what))
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            label = f"{method.upper()} {path}"
            body = op.get("requestBody", {}).get("content", {})
            for content in body.values():
                found += [(f"{label} requestBody", what) for what in _walk_top(content.get("schema"))]
            for status, response in op.get("responses", {}).items():
                for content in (response.get("content") or {}).values():
                    found += [(f"{label} {status}", what) for what in _walk_top(content.get("schema"))]
            for param in op.get("parameters", []):
                if _untyped(param.get("schema", {})):
                    found.append((f"{label} parameter {param.get('name')}", "untyped {}"))
    return found


def _walk_top(schema: Any):
    """Findings in a request or response body: the body itself untyped, or any part of it."""
    if _untyped(schema):
        yield "untyped {}"
    yield from (what for _, what in _walk_inline(schema))


def _walk_component(name: str, schema: dict[str, Any]):
    """Findings in a component, named ``Component.property`` (the top-level property they are under)."""
    if _untyped(schema) and "properties" not in schema:
        yield name, "untyped {}"
    if _free_form(schema):
        yield name, "additionalProperties: true"
    for prop, sub in (schema.get("properties") or {}).items():
        if _untyped(sub):
            yield f"{name}.{prop}", "untyped {}"
        for _, what in _walk_inline(sub):
            yield f"{name}.{prop}", what
    for key in ("items", "anyOf", "oneOf", "allOf"):
        if key in schema:
            for _, what in _walk_inline(schema[key]):
                yield name, what


def _walk_inline(node: Any):
    if isinstance(node, dict):
        if _free_form(node):
            yield "", "additionalProperties: true"
        if "items" in node and _untyped(node["items"]):
            yield "", "untyped items"
        for name, prop in (node.get("properties") or {}).items():
            if _untyped(prop):
                yield name, "untyped {}"
        for key, value in node.items():
            if key != "properties":
                yield from _walk_inline(value)
            else:
                for prop in value.values():
                    yield from _walk_inline(prop)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_inline(value)


def _allowed(where: str) -> bool:
    return any(fnmatch.fnmatchcase(where, pattern) for pattern in FREE_FORM)


async def test_no_part_of_the_merged_spec_is_untyped_but_the_documented_free_form_maps(doc):
    """A generated client must not get ``unknown`` anywhere a front end reads: every schema is typed, except
    the free-form maps listed (with their reason) in FREE_FORM."""
    found = untyped_parts(doc)
    assert [(where, what) for where, what in found if not _allowed(where)] == []


async def test_the_free_form_list_names_only_maps_that_are_still_free_form(doc):
    """A map that became typed leaves the list, so the list cannot hide a new untyped part under an old name."""
    found = {where for where, _ in untyped_parts(doc)}
    stale = [pattern for pattern in FREE_FORM if not any(fnmatch.fnmatchcase(w, pattern) for w in found)]
    assert stale == []


def test_the_walk_finds_untyped_parts():
    """The check can fail: a view part typed as a plain dict, an untyped property and untyped items are found."""
    doc = {
        "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"type": "array", "items": {}}}}}}}},
                  "/y": {"post": {"requestBody": {"content": {"application/json": {"schema": {}}}}}}},
        "components": {"schemas": {"Dossier": {"type": "object", "properties": {
            "lights": {"anyOf": [{"type": "array", "items": {"type": "object", "additionalProperties": True}},
                                 {"type": "null"}]},
            "problems": {"description": "no type"},
        }}}},
    }
    assert sorted(untyped_parts(doc)) == [
        ("Dossier.lights", "additionalProperties: true"),
        ("Dossier.problems", "untyped {}"),
        ("GET /x 200", "untyped items"),
        ("POST /y requestBody", "untyped {}"),
    ]


def _record_ref(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    """The component a part's records are documented with: through null-or, arrays and pages."""
    if "anyOf" in schema:
        [schema] = [s for s in schema["anyOf"] if s.get("type") != "null"]
    if schema.get("type") == "array":
        return _record_ref(doc, schema["items"])
    ref = schema["$ref"]
    target = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    props = target.get("properties", {})
    if set(props) >= {"items", "next_cursor"} and props["items"].get("type") == "array":  # a page
        return _record_ref(doc, props["items"])
    return ref


async def test_each_view_part_is_documented_with_the_schema_of_the_service_route_it_comes_from(doc):
    """The dossier's lights are what GET /projects/{id}/warning-lights answers, its problems what GET
    /problems/{id} answers, and so on for every part of every view: one component, not a copy that can
    drift (a differing copy would be merged under another name and the references would differ)."""
    schemas = doc["components"]["schemas"]
    differ = {}
    for (view, part), path in VIEW_PARTS.items():
        ours = _record_ref(doc, schemas[view]["properties"][part])
        response = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        theirs = _record_ref(doc, response)
        if ours != theirs:
            differ[f"{view}.{part}"] = (ours, theirs)
    assert differ == {}
    praise = schemas["RankingEnds"]["properties"]["praise"]["items"]["$ref"]
    lists = _record_ref(doc, doc["paths"]["/api/v1/scoring-runs/{run_id}/lists"]["get"]["responses"]["200"]
                        ["content"]["application/json"]["schema"])
    assert schemas[lists.rsplit("/", 1)[1]]["properties"]["praise"]["items"]["$ref"] == praise


async def test_every_view_part_that_carries_records_is_listed_with_its_service_route(doc):
    """No part of a view is left out of the check above: every property that refers to another component
    (other than the gateway's own view parts) is in VIEW_PARTS."""
    schemas = doc["components"]["schemas"]
    own = {"MissingPart", "DossierCompletion", "DossierProblem", "RankingEnds", "LeaderProject", "DutyStanding",
           "KeyRates", "LeaderMeeting", "TodoDeadline"}
    unchecked = []
    for view in ("Dossier", "Dashboard", "Todos", "PublicOverview", "DossierProblem", "RankingEnds", "LeaderProject",
                 "LeaderMeeting"):
        for part, schema in schemas[view]["properties"].items():
            refs = [r.rsplit("/", 1)[1] for r in _refs(schema)]
            if refs and not set(refs) <= own and (view, part) not in VIEW_PARTS and part not in ("praise",
                                                                                                  "criticism"):
                unchecked.append(f"{view}.{part}")
    assert unchecked == []


def _refs(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


async def test_each_free_form_map_a_view_carries_says_what_it_holds(doc):
    """The free-form maps a front end meets in the composed views (a light's figures, a problem step's
    details) are documented in the spec itself: each has a description of its keys."""
    schemas = doc["components"]["schemas"]
    reached, todo = set(), ["Dossier", "Dashboard", "Todos", "PublicOverview"]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += [ref.rsplit("/", 1)[1] for ref in _refs(schemas[name])]
    maps = {where for where, _ in untyped_parts(doc) if where.split(".")[0] in reached}
    assert maps == {"LightOut.details", "RegionLightOut.details", "ProblemEventOut.details"}
    undocumented = [where for where in sorted(maps)
                    if not schemas[where.split(".")[0]]["properties"][where.split(".")[1]].get("description")]
    assert undocumented == []
