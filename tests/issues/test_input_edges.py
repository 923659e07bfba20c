"""Exports never fail on stored text: a letter and the problem ledger written before control characters
were refused at the edge still render as .docx and .xlsx (they answered 500 until the data was cleaned)."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text


async def test_a_letter_and_the_ledger_stored_with_control_characters_still_export(desk, stack):
    await desk.raise_problem(description="征迁户拒不搬迁", category="demolition")
    resp = await desk.client.post("/api/v1/letters", headers=desk.supervisor(), json={
        "region_code": "410324", "grade": "supervision", "unit_id": desk.units["交通局"],
        "subject_kind": "project", "project_id": desk.projects["LC-001"]["id"],
        "title": "关于加快推进测试项目建设的督办函", "body": "项目建设进度滞后，请加快推进。"})
    assert resp.status_code == 201, resp.text
    letter = resp.json()
    async with stack.apps["issues"].state.engine.begin() as conn:
        await conn.execute(text("UPDATE letters SET body = :b"), {"b": "项目建设\x0b进度滞后\x01，请加快推进。"})
        await conn.execute(text("UPDATE problems SET description = :d"), {"d": "征迁户\x1b拒不搬迁"})

    doc = await desk.client.get(f"/api/v1/letters/{letter['id']}/document.docx", headers=desk.unit("交通局"))
    assert doc.status_code == 200, doc.text
    written = "\n".join(p.text for p in Document(io.BytesIO(doc.content)).paragraphs)
    assert "进度滞后，请加快推进。" in written  # (a vertical tab splits the body's lines, as a line feed does)

    ledger = await desk.client.get("/api/v1/problems/export.xlsx", params={"region_code": "410324"},
                                   headers=desk.office())
    assert ledger.status_code == 200, ledger.text
    cells = [c for row in load_workbook(io.BytesIO(ledger.content)).active.iter_rows(values_only=True) for c in row]
    assert "征迁户拒不搬迁" in cells


async def test_a_letter_whose_body_holds_a_control_character_is_refused_naming_it(desk):
    resp = await desk.client.post("/api/v1/letters", headers=desk.supervisor(), json={
        "region_code": "410324", "grade": "supervision", "unit_id": desk.units["交通局"],
        "subject_kind": "project", "project_id": desk.projects["LC-001"]["id"],
        "title": "关于加快推进测试项目建设的督办函", "body": "项目建设\x07进度滞后。"})
    assert resp.status_code == 422, resp.text
    assert [e["field"] for e in resp.json()["errors"]] == ["body.body"]
