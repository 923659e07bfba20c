"""The issues service's part of a region profile (issue 19): on ``region.profile_applied`` it sets the profile's
issues policies as the region's values for the year where the value in effect differs, in its own transaction; a
second delivery writes nothing; the value stays editable through the policy routes."""

from __future__ import annotations

from typing import Any

from tests.fixtures.profiles import CODE, LETTERS_REPLY_DAYS, deliver, profile_root, table_rows  # noqa: F401

REGION = "410329"
PAYLOAD = {"region_code": REGION, "year": 2026, "profile": CODE, "version": 1}


async def test_the_handler_applies_the_issues_part_once(stack: Any, profile_root: Any) -> None:  # noqa: F811
    issues = stack.client("issues")
    office = stack.auth("office", region=REGION)
    await deliver(stack, "issues", PAYLOAD)
    letters = (await issues.get(f"/api/v1/issue-policies/{REGION}/letters?year=2026", headers=office))
    body = letters.json()
    assert (body["value"]["reply_working_days"], body["source_year"], body["updated_by"]) == (
        LETTERS_REPLY_DAYS, 2026, f"profile:{CODE}")
    ladder = (await issues.get(f"/api/v1/issue-policies/{REGION}/ladder?year=2026", headers=office)).json()
    assert ladder["is_default"] is True  # not in the profile: untouched

    before = await table_rows(stack, "issues", "issue_policies")
    await deliver(stack, "issues", PAYLOAD)
    assert await table_rows(stack, "issues", "issue_policies") == before

    url = f"/api/v1/issue-policies/{REGION}/letters?year=2026"
    put = await issues.put(url, json={**body["value"], "reply_working_days": 7},
                           headers={**office, "If-Match": letters.headers["etag"]})
    assert put.status_code == 200, put.text
    assert (put.json()["value"]["reply_working_days"], put.json()["updated_by"]) == (7, "test:office")
