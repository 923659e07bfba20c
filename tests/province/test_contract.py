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
