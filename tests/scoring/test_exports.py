"""Exports: the ranking as .xlsx (the notice, 通报, as .docx: test_notice_document.py)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.scoring.conftest import CATEGORY, PROGRESS
from tests.xlsx_checks import (
    RAW_CODE,
    chinese_file_name,
    data_rows,
    header,
    number_format_defects,
    print_defects,
    sheets,
    totals_row,
)


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
    rows = data_rows(ws)
    assert [(r[0], r[2], r[-1]) for r in rows] == [(1, "项目A", 50.0), (2, "项目B", 30.0)]


async def test_the_ranking_prints_with_a_frozen_full_header_two_decimal_scores_and_labelled_explanations(desk):
    """Issue 18: the ranking had no frozen header, truncated headers, scores in General and an explanation
    sheet showing raw codes ("阶段 under_construction")."""
    desk.at("2026-07-05")
    for code, done, stage in (("A", "500", "new_start"), ("B", "300", "under_construction")):
        pid = await desk.project(code, stage=stage)
        await desk.report(pid, "2026-07", done)
    desk.at("2026-10-10")
    run = await desk.run(await desk.scheme("mixed", [{**PROGRESS, "weight": "95"}, CATEGORY]), "2026-Q3")
    await desk.publish(run)
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/ranking.xlsx", headers=desk.viewer)
    assert chinese_file_name(resp.headers["content-disposition"]) == "方案mixed2026年第三季度排名.xlsx"
    book = sheets(resp.content)
    ranking, why = book["排名"], book["计分说明"]
    for ws in (ranking, why):
        assert print_defects(ws) == [], ws.title
    assert ranking.freeze_panes == "A4"
    assert header(ranking) == ["名次", "编号", "项目名称", "实施进度\n（95分）", "类别\n（5分）", "总分\n（100分）"]
    assert ranking["A1"].value == "方案mixed2026年第三季度排名"
    assert number_format_defects(ranking, ["实施进度\n（95分）", "类别\n（5分）", "总分\n（100分）"]) == []
    assert number_format_defects(why, ["得分"]) == []
    assert totals_row(ranking) is None  # ranked scores are not summed
    texts = [r[4] for r in data_rows(why)]
    assert "阶段 计划新开工，得 5 分" in texts and "阶段 在建（续建），得 2 分" in texts
    assert not [t for t in texts if RAW_CODE.search(t)]
    assert {r[2] for r in data_rows(why)} == {"实施进度", "类别"}


async def test_the_notice_downloads_under_a_chinese_name_with_the_period_in_words(desk):
    run = await _published(desk)
    await desk.publish(run)
    resp = await desk.client.get(f"/api/v1/scoring-runs/{run['id']}/notice.docx", headers=desk.viewer)
    assert chinese_file_name(resp.headers["content-disposition"]) == "关于2026年第三季度方案progress结果的通报.docx"
    assert 'filename="notice-2026-Q3.docx"' in resp.headers["content-disposition"]
