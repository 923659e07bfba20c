"""Names a client generator can use in the gateway's merged OpenAPI document: short ``resource_action``
operationIds, unique across the five apps; one schema per model (no ``-Input``/``-Output`` pair, no
``Body_...``), its numbers documented as the strings they are served as; clashing schema names renamed
the same way every time."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from openapi_spec_validator import validate

from tuijin.gateway.openapi import merge

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
OPERATION_ID = re.compile(r"^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$")
MAX_OPERATION_ID = 40




def _operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method.upper(), path): op for path, item in doc["paths"].items()
            for method, op in item.items() if method in HTTP_METHODS}


async def test_every_operation_id_is_a_short_resource_action_name(doc):
    ids = {key: op.get("operationId") for key, op in _operations(doc).items()}

    assert [(k, i) for k, i in ids.items() if not i or not OPERATION_ID.match(i)] == []
    assert [(k, i) for k, i in ids.items() if len(i) > MAX_OPERATION_ID] == []
    validate(doc)


async def test_operation_ids_are_unique_across_the_merged_services(doc):
    counts = Counter(op["operationId"] for op in _operations(doc).values())

    assert [i for i, n in counts.items() if n > 1] == []
    assert len(counts) == len(_operations(doc)) > 250


async def test_the_operations_a_front_end_calls_first_have_the_names_it_expects(doc):
    ids = {key: op["operationId"] for key, op in _operations(doc).items()}

    assert ids[("POST", "/api/v1/auth/token")] == "auth_login"
    assert ids[("GET", "/api/v1/projects")] == "projects_list"
    assert ids[("GET", "/api/v1/projects/{project_id}")] == "projects_get"
    assert ids[("POST", "/api/v1/projects")] == "projects_create"
    assert ids[("POST", "/api/v1/projects/{project_id}/progress-reports")] == "projects_createReport"
    assert ids[("POST", "/api/v1/progress-reports/{report_id}/submit")] == "progressReports_submit"
    assert ids[("POST", "/api/v1/problems/{problem_id}/escalate")] == "problems_escalate"
    assert ids[("GET", "/api/v1/dossiers/{project_id}")] == "dossiers_get"
    assert ids[("GET", "/api/v1/dashboard")] == "dashboard_get"
    assert ids[("GET", "/api/v1/admin/scoring/jobs")] == "scoringAdmin_listJobs"
    assert ids[("GET", "/api/v1/admin/registry/jobs")] == "registryAdmin_listJobs"
    assert ids[("GET", "/api/v1/projects/{project_id}/progress-reports")] == "projects_listReports"
    assert ids[("GET", "/api/v1/score-sheets")] == "scoreSheets_listMine"
    assert ids[("GET", "/api/v1/warning-lights")] == "warningLights_listByRegion"


async def test_no_schema_comes_as_an_input_output_pair_or_as_a_body_underscore_name(doc):
    names = list(doc["components"]["schemas"])

    assert [n for n in names if n.endswith(("-Input", "-Output")) or n.startswith("Body_")] == []
    assert [n for n in names if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", n)] == []
    assert {"AuthLoginForm", "ProjectListsImportForm"} <= set(names)


async def test_a_model_sent_and_served_documents_its_numbers_as_the_strings_it_serves(doc):
    """A scoring scheme's dimensions are posted and read back: one schema, whose points are strings."""
    schemas = doc["components"]["schemas"]

    assert schemas["Band"]["properties"]["points"]["type"] == "string"
    assert schemas["Band"]["properties"]["min"]["type"] == "string"
    assert schemas["Criterion"]["properties"]["max"]["type"] == "string"
    sent, served = str(schemas["VersionIn"]), str(schemas["VersionOut"])
    assert "#/components/schemas/BandsDimension'" in sent and "#/components/schemas/BandsDimension'" in served


async def test_money_in_answers_is_still_documented_as_a_string(doc):
    project = doc["components"]["schemas"]["ProjectOut"]["properties"]

    assert project["total_investment"]["type"] == "string"


def _app_doc(path: str, schema_name: str, thing: dict[str, Any], operation_id: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {path: {"get": {"operationId": operation_id, "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": ref}}}}}}},
            "components": {"schemas": {schema_name: {**thing, "title": schema_name}}}}


def test_a_clashing_schema_name_is_renamed_after_its_app_the_same_way_every_time():
    gateway = _app_doc("/api/v1/users", "Thing", {"type": "object", "properties": {"a": {"type": "string"}}},
                       "users_list")
    meetings = _app_doc("/api/v1/meetings", "Thing", {"type": "object", "properties": {"b": {"type": "integer"}}},
                        "meetings_list")
    services = {"registry": None, "issues": None, "meetings": meetings, "scoring": None}

    first, second = merge(gateway, services), merge(gateway, services)

    assert first == second
    schemas = first["components"]["schemas"]
    assert schemas["MeetingsThing"]["properties"] == {"b": {"type": "integer"}}
    assert schemas["MeetingsThing"]["title"] == "MeetingsThing"
    assert schemas["Thing"]["properties"] == {"a": {"type": "string"}}


def test_two_services_answering_with_one_operation_id_are_refused_not_suffixed():
    gateway = _app_doc("/api/v1/users", "UserOut", {"type": "object"}, "users_list")
    registry = _app_doc("/api/v1/projects", "ProjectOut", {"type": "object"}, "things_list")
    issues = _app_doc("/api/v1/problems", "ProblemOut", {"type": "object"}, "things_list")

    with pytest.raises(ValueError, match="things_list"):
        merge(gateway, {"registry": registry, "issues": issues, "meetings": None, "scoring": None})
