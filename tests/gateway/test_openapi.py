"""The merged OpenAPI document: valid, complete, private paths left out, one security scheme, no
dangling references, and still served while a service is down. Swagger UI at /docs."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

from tests.gateway.conftest import operations
from tuijin.gateway.openapi import SECURITY_SCHEME, merge
from tuijin.kernel.settings import SERVICES


def _refs(node: Any):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def _dangling(doc: dict[str, Any]) -> set[str]:
    """Local references that do not resolve in ``doc``."""
    missing = set()
    for ref in _refs(doc):
        assert ref.startswith("#/"), ref
        node: Any = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                missing.add(ref)
                break
            node = node[part]
    return missing


async def test_the_merged_document_is_a_valid_openapi_document(doc):
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert "x-tuijin-missing" not in doc["info"]


async def test_the_merged_document_has_the_gateways_and_the_services_paths(doc):
    paths = set(doc["paths"])
    assert {"/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/me", "/api/v1/users",
            "/api/v1/users/{user_id}"} <= paths
    assert {"/api/v1/calendar/days", "/api/v1/admin/registry/jobs", "/api/v1/admin/issues/jobs",
            "/api/v1/admin/meetings/jobs", "/api/v1/admin/scoring/jobs"} <= paths
    assert {f"/api/v1/enums/{s}" for s in SERVICES} <= paths


async def test_the_merged_document_leaves_out_internal_and_operational_paths(doc):
    private = [p for p in doc["paths"]
               if p.startswith(("/api/v1/internal", "/healthz", "/readyz", "/metrics"))]
    assert private == []


async def test_the_merged_document_has_one_security_scheme_used_by_every_secured_operation(doc):
    schemes = doc["components"]["securitySchemes"]
    assert list(schemes) == [SECURITY_SCHEME]
    assert schemes[SECURITY_SCHEME]["flows"]["password"]["tokenUrl"] == "/api/v1/auth/token"
    secured = [(path, method, op["security"]) for path, method, op in operations(doc) if "security" in op]
    assert ("/api/v1/calendar/days", "get", [{SECURITY_SCHEME: []}]) in secured
    assert ("/api/v1/users", "post", [{SECURITY_SCHEME: []}]) in secured
    assert [s for s in secured if s[2] != [{SECURITY_SCHEME: []}]] == []


async def test_every_schema_reference_of_the_merged_document_resolves(doc):
    refs = set(_refs(doc))

    assert "#/components/schemas/Problem" in refs
    assert _dangling(doc) == set()


def test_a_schema_name_two_apps_use_differently_is_renamed_with_its_references():
    def app_doc(path: str, thing: dict[str, Any]) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/Thing"}
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                "paths": {path: {"get": {"responses": {"200": {"description": "ok",
                                                                "content": {"application/json": {"schema": ref}}}}}}},
                "components": {"schemas": {"Thing": thing}}}

    gateway = app_doc("/api/v1/users", {"type": "object", "properties": {"a": {"type": "string"}}})
    registry = app_doc("/api/v1/calendar/days", {"type": "object", "properties": {"b": {"type": "integer"}}})

    merged = merge(gateway, {"registry": registry, "issues": None, "meetings": None, "scoring": None})

    validate(merged)
    assert _dangling(merged) == set()
    days = merged["paths"]["/api/v1/calendar/days"]["get"]["responses"]["200"]["content"]["application/json"]
    assert merged["components"]["schemas"][days["schema"]["$ref"].rsplit("/", 1)[1]]["properties"] == {
        "b": {"type": "integer"}}
    assert merged["components"]["schemas"]["Thing"]["properties"] == {"a": {"type": "string"}}


async def test_with_a_service_down_the_document_still_answers_and_names_it(gw, fresh_openapi):
    gw.stack.transports["scoring"].down = True

    resp = await gw.client.get("/openapi.json")

    assert resp.status_code == 200, resp.text
    doc = resp.json()
    assert doc["info"]["x-tuijin-missing"] == ["scoring"]
    assert "/api/v1/admin/scoring/jobs" not in doc["paths"]
    assert "/api/v1/calendar/days" in doc["paths"] and "/api/v1/auth/token" in doc["paths"]
    validate(doc)


async def test_the_document_is_complete_again_once_the_service_is_back(gw, fresh_openapi):
    gw.stack.transports["scoring"].down = True
    assert (await gw.client.get("/openapi.json")).json()["info"]["x-tuijin-missing"] == ["scoring"]
    gw.stack.transports["scoring"].down = False

    fresh_openapi.state.merged_openapi._expires = 0.0  # the short cache of an incomplete document ran out
    doc = (await gw.client.get("/openapi.json")).json()

    assert "x-tuijin-missing" not in doc["info"]
    assert "/api/v1/admin/scoring/jobs" in doc["paths"]


async def test_docs_serve_swagger_ui_for_the_merged_document(gw):
    resp = await gw.client.get("/docs")

    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in resp.text.lower()
    assert "/openapi.json" in resp.text
