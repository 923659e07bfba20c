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
