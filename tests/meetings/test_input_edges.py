"""No input makes a 5xx: a month outside 2000–2100 (``month=0000-01`` raised in every list with a month),
a meeting in the year 9999, control characters in the minutes, and text stored with control characters
before they were refused, which made the .docx and .xlsx exports answer 500 until it was cleaned."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text

from tests.meetings.conftest import REGION, held_meeting


def _month_lists(desk) -> list[str]:
    """Every GET of the meetings service that takes a ``month``, from its own OpenAPI document."""
    doc = desk.stack.apps["meetings"].openapi()
    return sorted(path for path, item in doc["paths"].items()
                  if any(p["name"] == "month" for p in item.get("get", {}).get("parameters", [])))


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "1999-12"])
async def test_a_month_outside_2000_to_2100_is_a_422_naming_month_on_every_list(desk, month):
    paths = _month_lists(desk)
    assert len(paths) >= 8, paths
    for path in paths:
        resp = await desk.client.get(path.format(region_code=REGION), headers=desk.office,  # a region's list too
                                     params={"region_code": REGION, "month": month})
        assert resp.status_code == 422, (path, resp.status_code, resp.text)
        body = resp.json()
        assert [e["field"] for e in body["errors"]] == ["query.month"], (path, body)
        assert "月份" in body["errors"][0]["message"]


async def test_a_meeting_in_the_year_9999_is_refused_naming_the_date(desk):
    desk.at("2026-09-01")
    resp = await desk.client.post("/api/v1/meetings", headers=desk.office, json={
        "region_code": REGION, "meeting_type": "coordination", "title": "项目协调会",
        "convener_unit_id": desk.units["重点办"], "meeting_date": "9999-12-31", "start_time": "09:00",
        "duration_minutes": 60, "invitations": []})
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["body.meeting_date"]


async def test_minutes_with_a_control_character_are_refused_naming_the_field(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03")
    resp = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office,
                                 json={"summary": "会议研究了\x0b取土场用地问题。"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == "control_character"
    assert [e["field"] for e in resp.json()["errors"]] == ["body.summary"]


async def test_minutes_and_a_meeting_list_stored_with_control_characters_still_export(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03")
    resp = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office,
                                 json={"summary": "会议研究了取土场用地问题。"})
    assert resp.status_code in (200, 201), resp.text
    # text written before control characters were refused at the edge
    async with desk.stack.apps["meetings"].state.engine.begin() as conn:
        await conn.execute(text("UPDATE minutes SET summary = :s"), {"s": "会议研究了\x0b取土场\x01用地问题。"})
        await conn.execute(text("UPDATE meetings SET title = :t"), {"t": "项目\x0b协调会"})

    docx = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/minutes.docx", headers=desk.office)
    assert docx.status_code == 200, docx.text
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "会议研究了取土场用地问题。" in paragraphs
    assert any("项目协调会纪要" in p for p in paragraphs)

    xlsx = await desk.client.get("/api/v1/meetings/export.xlsx", headers=desk.office,
                                 params={"region_code": REGION, "month": "2026-09"})
    assert xlsx.status_code == 200, xlsx.text
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert "项目协调会" in cells
