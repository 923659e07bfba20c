"""The scoring service's part of a region profile (issue 19): on ``region.profile_applied`` it applies the profile's
``scoring/schemes.yaml`` in its own transaction — a scheme the region lacks is created, a scheme whose latest
version differs from the profile's gets a new version, nothing otherwise —; a second delivery changes nothing; a
scheme stays editable (a version published by the office afterwards)."""

from __future__ import annotations

from typing import Any

from tests.fixtures.profiles import CODE, deliver, profile_root, table_rows  # noqa: F401

REGION = "410329"
PAYLOAD = {"region_code": REGION, "year": 2026, "profile": CODE, "version": 1}


async def _schemes(stack: Any, office: dict[str, str]) -> dict[str, Any]:
    resp = await stack.client("scoring").get("/api/v1/scoring-schemes", params={"region_code": REGION, "limit": 100},
                                             headers=office)
    assert resp.status_code == 200, resp.text
    return {s["code"]: s for s in resp.json()["items"]}


async def test_the_handler_applies_the_schemes_once(stack: Any, profile_root: Any) -> None:  # noqa: F811
    office = stack.auth("office", region=REGION)
    await deliver(stack, "scoring", {"region_code": REGION, "name": "伊川县", "level": "county", "parent_code": None,
                                     "year": 2026, "profile": None}, event_type="region.created")
    assert (await _schemes(stack, office))["luanchuan-observation"]["latest_version"] == 1

    await deliver(stack, "scoring", PAYLOAD)
    schemes = await _schemes(stack, office)
    assert schemes["testshire-monthly"]["latest_version"] == 1
    assert schemes["testshire-monthly"]["current"]["published_by"] == f"profile:{CODE}"
    observation = schemes["luanchuan-observation"]
    assert (observation["latest_version"], observation["current"]["praise_size"]) == (2, 5)
    assert schemes["qingshui-monthly"]["latest_version"] == 1

    before = [await table_rows(stack, "scoring", t) for t in ("scoring_schemes", "scoring_scheme_versions")]
    await deliver(stack, "scoring", PAYLOAD)
    assert [await table_rows(stack, "scoring", t) for t in ("scoring_schemes", "scoring_scheme_versions")] == before

    version = {"dimensions": observation["current"]["dimensions"], "praise_size": 4, "criticism_size": 3}
    url = f"/api/v1/scoring-schemes/{observation['id']}"
    etag = (await stack.client("scoring").get(url, headers=office)).headers["etag"]
    resp = await stack.client("scoring").post(f"{url}/versions", json=version, headers={**office, "If-Match": etag})
    assert resp.status_code == 201, resp.text
    assert (await _schemes(stack, office))["luanchuan-observation"]["latest_version"] == 3


async def test_a_profile_without_schemes_changes_no_scheme(stack: Any, profile_root: Any) -> None:  # noqa: F811
    (profile_root / CODE / "scoring" / "schemes.yaml").unlink()
    before = await table_rows(stack, "scoring", "scoring_scheme_versions")
    await deliver(stack, "scoring", PAYLOAD)
    assert await table_rows(stack, "scoring", "scoring_scheme_versions") == before
