"""operationIds a client generator can use (``<resource>_<action>``, derived from the path the gateway routes
on and the route function's name), a duplicate refused, and form bodies with a name of their own."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI, File, Form, UploadFile

from tuijin.kernel.naming import OPERATION_ID, check_operation_ids, operation_id, tidy_schema_names


def _ids(app: FastAPI) -> dict[tuple[str, str], str]:
    return {(method.upper(), path): op["operationId"] for path, item in app.openapi()["paths"].items()
            for method, op in item.items()}


def _app() -> FastAPI:
    app = FastAPI(generate_unique_id_function=operation_id)
    router = APIRouter(prefix="/api/v1")

    @router.get("/projects")
    async def list_projects() -> list[int]:
        return []

    @router.post("/projects")
    async def create_project() -> int:
        return 1

    @router.get("/projects/{project_id}")
    async def get_project(project_id: int) -> int:
        return project_id

    @router.post("/projects/{project_id}/procedures/{procedure_id}/status-changes")
    async def change_procedure_status(project_id: int, procedure_id: int) -> int:
        return project_id

    @router.post("/progress-reports/{report_id}/submit")
    async def submit_report(report_id: int) -> int:
        return report_id

    @router.post("/problems/{problem_id}/escalate")
    async def escalate(problem_id: int) -> int:
        return problem_id

    @router.get("/dossiers/{project_id}")
    async def get_dossier(project_id: int) -> int:
        return project_id

    @router.get("/admin/issues/jobs")
    async def list_jobs() -> list[str]:
        return []

    @router.get("/enums/scoring")
    async def list_enums() -> dict[str, str]:
        return {}

    @router.delete("/people/{person_id}")
    async def person(person_id: int) -> None:
        return None

    app.include_router(router)
    return app


def test_an_operation_id_is_the_routed_resource_and_the_function_without_the_resource_words():
    assert _ids(_app()) == {
        ("GET", "/api/v1/projects"): "projects_list",
        ("POST", "/api/v1/projects"): "projects_create",
        ("GET", "/api/v1/projects/{project_id}"): "projects_get",
        ("POST", "/api/v1/projects/{project_id}/procedures/{procedure_id}/status-changes"):
            "projects_changeProcedureStatus",
        ("POST", "/api/v1/progress-reports/{report_id}/submit"): "progressReports_submit",
        ("POST", "/api/v1/problems/{problem_id}/escalate"): "problems_escalate",
        ("GET", "/api/v1/dossiers/{project_id}"): "dossiers_get",
        ("GET", "/api/v1/admin/issues/jobs"): "issuesAdmin_listJobs",  # the app named in the path
        ("GET", "/api/v1/enums/scoring"): "scoringEnums_list",
        ("DELETE", "/api/v1/people/{person_id}"): "people_delete",  # nothing left of the name: the verb
    }
    assert all(OPERATION_ID.match(i) for i in _ids(_app()).values())


def test_a_read_named_by_what_it_reads_takes_a_verb():
    """``my_sheets`` → ``listMine``; ``region_lights`` → ``listByRegion``; an item's children (``project_reports``,
    a list under ``/projects/{id}/...``) → ``list<Children>``; one thing of an item (``project_overview``,
    ``problem_timeline``) keeps its noun."""
    app = FastAPI(generate_unique_id_function=operation_id)
    router = APIRouter(prefix="/api/v1")

    @router.get("/score-sheets")
    async def my_sheets() -> list[int]:
        return []

    @router.get("/warning-lights")
    async def region_lights() -> list[int]:
        return []

    @router.get("/policies/{region_code}")
    async def region_policies(region_code: str) -> dict[str, str]:
        return {}

    @router.get("/projects/{project_id}/progress-reports")
    async def project_reports(project_id: int) -> list[int]:
        return []

    @router.get("/projects/{project_id}/overview")
    async def project_overview(project_id: int) -> dict[str, str]:
        return {}

    @router.get("/problems/{problem_id}/timeline")
    async def problem_timeline(problem_id: int) -> list[int]:
        return []

    app.include_router(router)

    assert _ids(app) == {
        ("GET", "/api/v1/score-sheets"): "scoreSheets_listMine",
        ("GET", "/api/v1/warning-lights"): "warningLights_listByRegion",
        ("GET", "/api/v1/policies/{region_code}"): "policies_getByRegion",
        ("GET", "/api/v1/projects/{project_id}/progress-reports"): "projects_listReports",
        ("GET", "/api/v1/projects/{project_id}/overview"): "projects_overview",
        ("GET", "/api/v1/problems/{problem_id}/timeline"): "problems_timeline",
    }


def test_two_operations_with_one_operation_id_are_refused():
    doc: dict[str, Any] = {"paths": {
        "/api/v1/projects": {"get": {"operationId": "projects_list"}},
        "/api/v1/projects/mine": {"get": {"operationId": "projects_list"}},
    }}

    with pytest.raises(ValueError, match="projects_list"):
        check_operation_ids(doc)


def test_a_form_or_file_body_is_named_after_its_operation_not_body_underscore():
    app = FastAPI(generate_unique_id_function=operation_id)

    @app.post("/api/v1/auth/token")
    async def login(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> str:
        return username

    @app.post("/api/v1/project-lists/{region_code}/imports")
    async def import_list(region_code: str, file: Annotated[UploadFile, File()]) -> str:
        return region_code

    schema = app.openapi()
    assert {n for n in schema["components"]["schemas"] if n.startswith("Body_")} == {
        "Body_auth_login", "Body_projectLists_import"}

    tidy_schema_names(schema)

    schemas = schema["components"]["schemas"]
    assert not [n for n in schemas if n.startswith("Body_")]
    assert schemas["AuthLoginForm"]["title"] == "AuthLoginForm"
    assert set(schemas["AuthLoginForm"]["properties"]) == {"username", "password"}
    login_body = schema["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"]
    assert login_body["application/x-www-form-urlencoded"]["schema"]["$ref"] == "#/components/schemas/AuthLoginForm"
    upload = schema["paths"]["/api/v1/project-lists/{region_code}/imports"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["$ref"] == "#/components/schemas/ProjectListsImportForm"


async def test_every_app_the_kernel_builds_names_its_operations_so(kernel_app):
    doc = (await kernel_app.client.get("/openapi.json")).json()
    ids = {(m.upper(), p): op["operationId"] for p, item in doc["paths"].items() for m, op in item.items()}

    assert ids[("GET", "/api/v1/test/widgets")] == "test_listWidgets"
    assert ids[("GET", "/healthz")] == "healthz_get"  # outside /api/v1 the first segment is the resource
    assert all(OPERATION_ID.match(i) for i in ids.values()), ids


async def test_a_page_of_a_list_is_named_page_of_its_items_not_pydantics_page_underscore(kernel_app):
    doc = (await kernel_app.client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]

    assert "Page_WidgetOut_" not in schemas
    assert schemas["WidgetOutPage"]["title"] == "WidgetOutPage"
    answer = doc["paths"]["/api/v1/test/widgets"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/WidgetOutPage"}
