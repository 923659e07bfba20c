"""Exports: the ranking as .xlsx (the notice, 通报, as .docx: test_notice_document.py)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.scoring.conftest import PROGRESS


async def _published(desk):
    desk.at("2026-07-05")
    for code, done in (("A", "500"), ("B", "300")):
        pid = await desk.project(code)
        await desk.report(pid, "2026-07", done)
    desk.at("2026-10-10")
    run = await desk.run(await desk.scheme("progress", [{**PROGRESS, "weight": "100"}],
                                           praise_size=1, criticism_size=1), "2026-Q3")
    return run


async def test_the_ranking_exports_as_a_workbook(desk):
    run = await _published(desk)
    await desk.publish(run)
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/ranking.xlsx", headers=desk.viewer)
    assert resp.status_code == 200 and "spreadsheetml" in resp.headers["content-type"]
    ws = load_workbook(io.BytesIO(resp.content))["排名"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2], r[-1]) for r in rows] == [(1, "项目A", 50.0), (2, "项目B", 30.0)]
