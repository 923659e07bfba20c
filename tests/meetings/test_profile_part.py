"""The meetings service's part of a region profile (issue 19): on ``region.profile_applied`` it sets the profile's
duty rules as the region's value for the year where the value in effect differs, in its own transaction; a second
delivery writes nothing; the value stays editable through the policy routes."""

from __future__ import annotations

from typing import Any

from tests.fixtures.profiles import CODE, deliver, profile_root, table_rows  # noqa: F401

REGION = "410329"
PAYLOAD = {"region_code": REGION, "year": 2026, "profile": CODE, "version": 1}


async def test_the_handler_applies_the_meetings_part_once(stack: Any, profile_root: Any) -> None:  # noqa: F811
    meetings = stack.client("meetings")
    office = stack.auth("office", region=REGION)
    url = f"/api/v1/meeting-policies/{REGION}/duties?year=2026"
    await deliver(stack, "meetings", PAYLOAD)
    duties = await meetings.get(url, headers=office)
    body = duties.json()
    assert (body["value"]["leader_visits_per_project_month"], body["value"]["leader_push_meetings_month"]) == (2, 1)
    assert (body["source_year"], body["updated_by"]) == (2026, f"profile:{CODE}")

    before = await table_rows(stack, "meetings", "meeting_policies")
    await deliver(stack, "meetings", PAYLOAD)
    assert await table_rows(stack, "meetings", "meeting_policies") == before

    put = await meetings.put(url, json={**body["value"], "leader_push_meetings_month": 2},
                             headers={**office, "If-Match": duties.headers["etag"]})
    assert put.status_code == 200, put.text
    assert (put.json()["value"]["leader_push_meetings_month"], put.json()["updated_by"]) == (2, "test:office")
