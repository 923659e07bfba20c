"""The contract a province's IT team maps its platform onto: valid OpenAPI 3.1, and the same as what the
stand-in platform implements (the file is generated from it)."""

from __future__ import annotations

import yaml
from openapi_spec_validator import validate

from standins.province.contract import TARGET, render


def test_the_contract_is_valid_openapi_3_1_with_the_webhook() -> None:
    """The document validates, declares the per-region bearer credential and the signed webhook."""
    doc = yaml.safe_load(TARGET.read_text(encoding="utf-8"))
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["regionCredential"]["scheme"] == "bearer"
    assert "X-Province-Signature" in str(doc["webhooks"])
    labels = doc["components"]["schemas"]["ApprovalItem"]["properties"]["status"]["x-enum-labels"]
    assert labels["needs_correction"] == "需补正" and len(labels) == 8


def test_the_contract_in_the_repository_is_what_the_stand_in_implements() -> None:
    """Regenerate with ``python -m standins.province.contract`` after changing the stand-in."""
    assert TARGET.read_text(encoding="utf-8") == render()


def test_the_signature_example_in_the_contract_readme_is_what_tuijin_computes() -> None:
    """Issue 22: the README's worked example (secret, timestamp, exact body bytes) gives the HMAC it states,
    computed by the registry's own signature function, and the body has the length the README says."""
    import re

    from tuijin.registry.province.webhook import signature

    readme = (TARGET.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Push signature, worked example", 1)[1].split("####", 1)[0]
    secret = re.search(r"Secret `([^`]+)`", section).group(1)
    timestamp = re.search(r"X-Province-Timestamp: (\d+)", section).group(1)
    blocks = re.findall(r"```\n(.*?)\n```", section, re.S)
    body, stated = blocks[0].encode(), blocks[1].split()[-1]
    assert f"exactly\nthese {len(body)} bytes" in section or f"these {len(body)} bytes" in section
    assert signature(secret, timestamp, body) == stated


def test_every_reference_in_the_contract_resolves_the_webhook_included() -> None:
    """Issue 22: openapi-spec-validator does not follow the ``webhooks`` section; every ``$ref`` anywhere in the
    document (the webhook's body and answer included) names a schema the document defines."""
    doc = yaml.safe_load(TARGET.read_text(encoding="utf-8"))

    def refs(node: object) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    found = refs(doc)
    assert "#/components/schemas/WebhookBody" in found and "#/components/schemas/WebhookResult" in found
    for ref in found:
        node: object = doc
        for part in ref.removeprefix("#/").split("/"):
            assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
            node = node[part]
    body = doc["webhooks"]["approvalItemChanges"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/WebhookBody"
    assert doc["components"]["schemas"]["ApprovalItem"]["properties"]["note"]["maxLength"] == 500


async def test_the_stand_in_answers_every_error_as_problem_json_its_422_included() -> None:
    """The contract asks a platform to answer errors as problem+json; the stand-in that embodies it does, for a
    malformed request (422 naming the field), an unknown path, a missing Idempotency-Key, another region's
    project or feed (404, never 403) and a 429 with its Retry-After."""
    import httpx

    from standins.province.app import ProjectRecord, Region, Store, create_app

    store = Store()
    store.regions["410324"] = Region("tok-a")
    store.regions["410325"] = Region("tok-b")
    store.projects["2411-410325-48-01-000001"] = ProjectRecord(
        project_code="2411-410325-48-01-000001", name="邻县项目", region_code="410325"
    )
    auth = {"authorization": "Bearer tok-a"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(store)), base_url="http://p") as c:
        answers = {
            "422": await c.get("/api/v1/approval-item-changes", params={"region_code": "41"}, headers=auth),
            "422-body": await c.post(
                "/api/v1/projects/2411-410324-48-01-000001/unit-reports",
                json={"kind": "nonsense"}, headers={**auth, "idempotency-key": "k1"},
            ),
            "404-path": await c.get("/api/v1/nowhere", headers=auth),
            "400": await c.post(
                "/api/v1/projects/2411-410325-48-01-000001/unit-reports",
                json={"report_id": "r", "project_code": "x", "kind": "start", "report_date": "2026-10-01"},
                headers=auth,
            ),
            "404-project": await c.get("/api/v1/projects/2411-410325-48-01-000001", headers=auth),
            "404-region": await c.get("/api/v1/approval-item-changes", params={"region_code": "410325"}, headers=auth),
        }
        store.knobs.throttled = 1
        answers["429"] = await c.get("/api/v1/approval-item-changes", params={"region_code": "410324"}, headers=auth)
    for name, resp in answers.items():
        assert resp.status_code == int(name[:3]), (name, resp.text)
        assert resp.headers["content-type"].startswith("application/problem+json"), (name, resp.headers)
        body = resp.json()
        assert body["status"] == resp.status_code and body["code"] and body["detail"], (name, body)
    assert answers["422"].json()["errors"][0]["field"] == "query.region_code"
    assert {e["field"] for e in answers["422-body"].json()["errors"]} >= {"body.kind", "body.report_id"}
    assert answers["404-region"].json()["code"] == "region_not_found"
    assert answers["429"].headers["retry-after"] == "30"


def test_the_contract_declares_problem_json_errors_required_keys_and_404_for_other_regions() -> None:
    """Issue 22: every operation's errors are the Problem schema (no FastAPI validation shape left), 422 and 429
    (with Retry-After) declared everywhere, Idempotency-Key required, and no 403 for another region's data."""
    doc = yaml.safe_load(TARGET.read_text(encoding="utf-8"))
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for code, resp in op["responses"].items():
                if code.startswith(("4", "5")):
                    schema = resp["content"]["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}, (path, method, code)
            assert {"422", "429", "503"} <= set(op["responses"]), (path, method)
            assert "Retry-After" in op["responses"]["429"]["headers"]
            assert "403" not in op["responses"], (path, method)
    report = doc["paths"]["/api/v1/projects/{project_code}/unit-reports"]["post"]
    key = next(p for p in report["parameters"] if p["name"] == "Idempotency-Key")
    assert key["required"] is True and key["in"] == "header"
    readme = (TARGET.parent / "README.md").read_text(encoding="utf-8")
    assert "404 for a project" in readme and "403 for another region" not in readme
    assert "an unknown status fails the event" in readme
